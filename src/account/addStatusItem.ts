import { JupyterFrontEnd } from '@jupyterlab/application';
import { IStatusBar } from '@jupyterlab/statusbar';
import { TranslationBundle } from '@jupyterlab/translation';

import { loadWithStyle } from '../shared/loadWithStyle';
import {
  CommandIDs,
  IQbraidAccount,
  IQbraidInstance,
  IQbraidKeys,
  IQbraidNotices
} from '../tokens';

/**
 * Puts credits and the next automatic stop in Lab's status bar, where there is one
 * (Jupyter Notebook has none: the panel shows the same).
 */
export async function addStatusItem(
  app: JupyterFrontEnd,
  pluginId: string,
  account: IQbraidAccount,
  trans: TranslationBundle,
  keys: IQbraidKeys | null,
  notices: IQbraidNotices | null,
  instance: IQbraidInstance | null
): Promise<void> {
  // Asked for here, not declared: the declaration would load its package at Lab's start.
  const statusBar = await app.resolveOptionalService(IStatusBar);
  if (!statusBar) {
    return;
  }
  const { QbraidStatusItem } = await loadWithStyle(
    import(/* webpackChunkName: "features" */ './statusItem')
  );
  const item = new QbraidStatusItem(
    account,
    trans,
    () => app.commands.execute(CommandIDs.openPanel),
    keys,
    notices,
    instance
  );
  statusBar.registerStatusItem(pluginId, { item, align: 'left', rank: 900 });
}
