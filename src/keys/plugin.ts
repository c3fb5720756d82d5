import { modelPlugin } from '../shared/modelPlugin';
import { IQbraidAccount, IQbraidKeys, IQbraidNotices } from '../tokens';

export const keysPlugin = modelPlugin({
  id: 'jupyterlab-qbraid:keys-model',
  settings: 'jupyterlab-qbraid:keys',
  description: "Provides the qBraid account's API keys.",
  provides: IQbraidKeys,
  requires: { account: IQbraidAccount, notices: IQbraidNotices },
  load: () => import(/* webpackChunkName: "features" */ './feature')
});
