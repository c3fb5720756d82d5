import { modelPlugin } from '../shared/modelPlugin';
import { IQbraidGuard, IQbraidKernels, IQbraidNotices } from '../tokens';
import { registerScanCommand } from './commands';
import { DEFAULT_GUARD_PREFERENCES, GuardModel } from './model';
import { followSaves } from './saveHook';

export const guardPlugin = modelPlugin({
  id: 'jupyterlab-qbraid:guard',
  description: 'Provides the key leak guard: what saves held, and the folder scan.',
  provides: IQbraidGuard,
  requires: { kernels: IQbraidKernels, notices: IQbraidNotices },
  defaults: DEFAULT_GUARD_PREFERENCES,
  create: ({ app, palette, trans, kernels, notices }) => {
    const guard = new GuardModel();
    followSaves(app.docRegistry, guard, kernels, trans, notices);
    registerScanCommand(app, palette, guard, trans, notices);
    return guard;
  }
});
