import { modelPlugin } from '../shared/modelPlugin';
import { IQbraidGuard, IQbraidKernels, IQbraidNotices } from '../tokens';

export const guardPlugin = modelPlugin({
  id: 'jupyterlab-qbraid:guard-model',
  settings: 'jupyterlab-qbraid:guard',
  description: 'Provides the key leak guard: what saves held, and the folder scan.',
  provides: IQbraidGuard,
  requires: { kernels: IQbraidKernels, notices: IQbraidNotices },
  load: () => import(/* webpackChunkName: "features" */ './feature')
});
