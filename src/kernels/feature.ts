import type { AccountFeatureContext } from '../shared/modelPlugin';
import { registerKernelCommands } from './commands';
import { DEFAULT_KERNEL_PREFERENCES, KernelsModel } from './model';

export const defaults = DEFAULT_KERNEL_PREFERENCES;

export function create({
  app,
  palette,
  trans,
  account,
  notices
}: AccountFeatureContext): KernelsModel {
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
