import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ITranslator } from '@jupyterlab/translation';

import { afterStart } from '../shared/afterStart';
import { modelPlugin } from '../shared/modelPlugin';
import { loadTranslation } from '../shared/translation';
import { IQbraidAccount, IQbraidInstance, IQbraidNotices } from '../tokens';

export const instancePlugin = modelPlugin({
  id: 'jupyterlab-qbraid:instance-model',
  settings: 'jupyterlab-qbraid:instance',
  description:
    'Provides this Lab instance: where it runs, since when, and stopping it.',
  provides: IQbraidInstance,
  requires: { notices: IQbraidNotices },
  optional: { account: IQbraidAccount },
  load: () => import(/* webpackChunkName: "features" */ './feature')
});

export const idleStopPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:idle-stop',
  description:
    "Follows the server's idle stop: reports input, shows its countdown, saves when asked.",
  autoStart: 'defer',
  requires: [IQbraidInstance, IQbraidNotices],
  optional: [ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    instance: IQbraidInstance,
    notices: IQbraidNotices,
    translator: ITranslator | null
  ) => {
    await afterStart();
    const { followIdleStop } = await import(
      /* webpackChunkName: "features" */ './lazyIdleStop'
    );
    await followIdleStop(app, instance, loadTranslation(translator), notices);
  }
};
