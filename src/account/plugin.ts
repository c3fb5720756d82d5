import { modelPlugin } from '../shared/modelPlugin';
import { IQbraidAccount } from '../tokens';

export const accountPlugin = modelPlugin({
  id: 'jupyterlab-qbraid:account-model',
  settings: 'jupyterlab-qbraid:account',
  description: 'Provides the qBraid account model and its settings.',
  provides: IQbraidAccount,
  load: () => import(/* webpackChunkName: "features" */ './feature')
});
