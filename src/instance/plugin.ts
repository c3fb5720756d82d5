import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { ITranslator } from '@jupyterlab/translation';

import { afterStart } from '../shared/afterStart';
import { modelPlugin } from '../shared/modelPlugin';
import { loadTranslation } from '../shared/translation';
import { IQbraidAccount, IQbraidInstance, IQbraidNotices } from '../tokens';

export const instancePlugin = modelPlugin({
  id: 'jupyterlab-qbraid:instance',
  description:
    'Provides this Lab instance: where it runs, since when, and stopping it.',
  provides: IQbraidInstance,
  requires: { notices: IQbraidNotices },
  optional: { documents: IDocumentManager, account: IQbraidAccount },
  load: () => import(/* webpackChunkName: "features" */ './feature')
});

export const idleStopPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:idle-stop',
  description:
    "Follows the server's idle stop: reports input, shows its countdown, saves when asked.",
  autoStart: 'defer',
  requires: [IQbraidInstance, IQbraidNotices],
  optional: [IDocumentManager, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    instance: IQbraidInstance,
    notices: IQbraidNotices,
    documents: IDocumentManager | null,
    translator: ITranslator | null
  ) => {
    await afterStart();
    const { followIdleStop } = await import(
      /* webpackChunkName: "features" */ './lazyIdleStop'
    );
    followIdleStop(app, instance, documents, loadTranslation(translator), notices);
  }
};
