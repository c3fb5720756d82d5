import { modelPlugin } from '../shared/modelPlugin';
import { IQbraidAccount, IQbraidKernels, IQbraidNotices } from '../tokens';

export const kernelsPlugin = modelPlugin({
  id: 'jupyterlab-qbraid:kernels-model',
  settings: 'jupyterlab-qbraid:kernels',
  description: 'Provides where the active key stands in running kernels.',
  provides: IQbraidKernels,
  requires: { account: IQbraidAccount, notices: IQbraidNotices },
  load: () => import(/* webpackChunkName: "features" */ './feature')
});
