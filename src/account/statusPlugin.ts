import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator } from '@jupyterlab/translation';

import { loadTranslation } from '../shared/translation';
import {
  CommandIDs,
  IQbraidAccount,
  IQbraidInstance,
  IQbraidKeys,
  IQbraidNotices
} from '../tokens';
import { QbraidStatusItem } from './statusItem';

export const statusPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:status',
  description: 'Credits and the next automatic stop in the status bar.',
  autoStart: true,
  requires: [IQbraidAccount],
  optional: [IStatusBar, ITranslator, IQbraidKeys, IQbraidNotices, IQbraidInstance],
  activate: (
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
