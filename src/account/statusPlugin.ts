import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator } from '@jupyterlab/translation';

import { afterStart } from '../shared/afterStart';
import { loadWithStyle } from '../shared/loadWithStyle';
import { loadTranslation } from '../shared/translation';
import {
  CommandIDs,
  IQbraidAccount,
  IQbraidInstance,
  IQbraidKeys,
  IQbraidNotices
} from '../tokens';

export const statusPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:status',
  description: 'Credits and the next automatic stop in the status bar.',
  // Once Lab has restored its layout: what the item shows is asked for only then.
  autoStart: 'defer',
  requires: [IQbraidAccount],
  optional: [IStatusBar, ITranslator, IQbraidKeys, IQbraidNotices, IQbraidInstance],
  activate: async (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    statusBar: IStatusBar | null,
    translator: ITranslator | null,
    keys: IQbraidKeys | null,
    notices: IQbraidNotices | null,
    instance: IQbraidInstance | null
  ) => {
    if (!statusBar) {
      return;
    }
    await afterStart();
    const { QbraidStatusItem } = await loadWithStyle(
      import(/* webpackChunkName: "features" */ './statusItem')
    );
    const item = new QbraidStatusItem(
      account,
      loadTranslation(translator),
      () => app.commands.execute(CommandIDs.openPanel),
      keys,
      notices,
      instance
    );
    statusBar.registerStatusItem(statusPlugin.id, {
      item,
      align: 'left',
      rank: 900
    });
  }
};
