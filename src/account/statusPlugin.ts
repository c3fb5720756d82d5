import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ITranslator } from '@jupyterlab/translation';

import { afterStart } from '../shared/afterStart';
import { loadTranslation } from '../shared/translation';
import {
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
  optional: [ITranslator, IQbraidKeys, IQbraidNotices, IQbraidInstance],
  activate: async (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    translator: ITranslator | null,
    keys: IQbraidKeys | null,
    notices: IQbraidNotices | null,
    instance: IQbraidInstance | null
  ) => {
    await afterStart();
    const { addStatusItem } = await import(
      /* webpackChunkName: "features" */ './addStatusItem'
    );
    await addStatusItem(
      app,
      statusPlugin.id,
      account,
      loadTranslation(translator),
      keys,
      notices,
      instance
    );
  }
};
