import { JupyterFrontEnd } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import { IStateDB } from '@jupyterlab/statedb';
import { TranslationBundle } from '@jupyterlab/translation';

import { accountPageUrl } from '../instance/restartPlace';
import { showStopsFromElsewhere } from '../instance/stopEvents';
import {
  CommandIDs,
  IQbraidAccount,
  IQbraidInstance,
  IQbraidKernels,
  IQbraidKeys,
  IQbraidNotices,
  PANEL_ID
} from '../tokens';
import type { IPanelOptions } from './sections';

/**
 * What the panel shows and acts on: the models, which start once Lab has restored its
 * layout (or sooner, if another plugin needed them), and the commands it calls.
 */
export async function connectPanel(
  app: JupyterFrontEnd,
  trans: TranslationBundle
): Promise<IPanelOptions> {
  const [account, keys, kernels, instance, notices, state] = await Promise.all([
    app.resolveRequiredService(IQbraidAccount),
    app.resolveRequiredService(IQbraidKeys),
    app.resolveRequiredService(IQbraidKernels),
    app.resolveRequiredService(IQbraidInstance),
    app.resolveRequiredService(IQbraidNotices),
    app.resolveOptionalService(IStateDB)
  ]);
  showStopsFromElsewhere(app, instance, PANEL_ID);
  // A notice that needs an answer opens the panel, where its banner shows it.
  notices.raised.connect((_, notice) => {
    if (notice.actions.length > 0) {
      app.shell.activateById(PANEL_ID);
    }
  });
  return {
    account,
    keys,
    kernels,
    instance,
    notices,
    stopInstance: () => void app.commands.execute(CommandIDs.stopInstance),
    scanFiles: () => void app.commands.execute(CommandIDs.scanFiles),
    accountUrl: () =>
      accountPageUrl(PageConfig.getOption('qbraidAccountUrl'), account.links?.account),
    state,
    trans
  };
}
