import type { IModelPluginContext } from '../shared/modelPlugin';
import { IQbraidAccount, IQbraidNotices } from '../tokens';
import { registerKernelCommands } from './commands';
import { DEFAULT_KERNEL_PREFERENCES, KernelsModel } from './model';

export const defaults = DEFAULT_KERNEL_PREFERENCES;

export function create({
  app,
  palette,
  trans,
  account,
  notices
}: IModelPluginContext & {
  account: IQbraidAccount;
  notices: IQbraidNotices;
}): KernelsModel {
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
