import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ITranslator } from '@jupyterlab/translation';

import { afterStart } from '../shared/afterStart';
import { IQbraidNotices } from '../tokens';

export const noticesPlugin: JupyterFrontEndPlugin<IQbraidNotices> = {
  id: 'jupyterlab-qbraid:notices',
  description:
    "Provides the extension's notices: Lab's notifications where active, else its own surfaces.",
  autoStart: 'defer',
  provides: IQbraidNotices,
  optional: [ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    translator: ITranslator | null
  ): Promise<IQbraidNotices> => {
    await afterStart();
    const { create } = await import(/* webpackChunkName: "features" */ './feature');
    return create(app, translator);
  }
};
