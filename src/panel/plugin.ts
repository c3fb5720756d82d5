import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator } from '@jupyterlab/translation';

import { accountPageUrl } from '../instance/restartPlace';
import { showStopsFromElsewhere } from '../instance/stopEvents';
import { loadTranslation } from '../shared/translation';
import {
  CommandIDs,
  IQbraidAccount,
  IQbraidInstance,
  IQbraidKernels,
  IQbraidKeys,
  IQbraidNotices,
  PANEL_ID
} from '../tokens';
import { registerPanelCommand } from './commands';
import { QbraidPanel } from './panel';

export const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:panel',
  description: 'The qBraid sidebar panel.',
  autoStart: true,
  // No ILabShell: the panel goes into any shell's left area, Jupyter Notebook's too.
  requires: [
    IQbraidAccount,
    IQbraidKeys,
    IQbraidKernels,
    IQbraidInstance,
    IQbraidNotices
  ],
  optional: [ILayoutRestorer, ICommandPalette, ITranslator, IStateDB],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    keys: IQbraidKeys,
    kernels: IQbraidKernels,
    instance: IQbraidInstance,
    notices: IQbraidNotices,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    state: IStateDB | null
  ) => {
    const trans = loadTranslation(translator);
    const panel = new QbraidPanel({
      account,
      keys,
      kernels,
      instance,
      notices,
      stopInstance: () => void app.commands.execute(CommandIDs.stopInstance),
      scanFiles: () => void app.commands.execute(CommandIDs.scanFiles),
      accountUrl: () =>
        accountPageUrl(
          PageConfig.getOption('qbraidAccountUrl'),
          account.links?.account
        ),
      state,
      trans
    });
    app.shell.add(panel, 'left', { rank: 900 });
    showStopsFromElsewhere(app, instance, panel.id);
    restorer?.add(panel, panel.id);
    registerPanelCommand(app, palette, trans);
    // A notice that needs an answer opens the panel, where its banner shows it.
    notices.raised.connect((_, notice) => {
      if (notice.actions.length > 0) {
        app.shell.activateById(PANEL_ID);
      }
    });
  }
};
