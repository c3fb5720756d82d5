import { modelPlugin } from '../shared/modelPlugin';
import { IQbraidAccount, IQbraidKernels, IQbraidNotices } from '../tokens';
import { registerKernelCommands } from './commands';
import { DEFAULT_KERNEL_PREFERENCES, KernelsModel } from './model';

export const kernelsPlugin = modelPlugin({
  id: 'jupyterlab-qbraid:kernels',
  description: 'Provides where the active key stands in running kernels.',
  provides: IQbraidKernels,
  requires: { account: IQbraidAccount, notices: IQbraidNotices },
  defaults: DEFAULT_KERNEL_PREFERENCES,
  create: ({ app, palette, trans, account, notices }) => {
    const kernels = new KernelsModel({
      account,
      trans,
      kernelsChanged: app.serviceManager.kernels.runningChanged,
      sessionsChanged: app.serviceManager.sessions.runningChanged,
      restored: app.restored
    });
    registerKernelCommands(app, palette, account, kernels, trans, notices);
    return kernels;
  }
});
