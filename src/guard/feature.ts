import { DocumentWidget } from '@jupyterlab/docregistry';

import type { IModelPluginContext } from '../shared/modelPlugin';
import { IQbraidKernels, IQbraidNotices } from '../tokens';
import { registerScanCommand } from './commands';
import { DEFAULT_GUARD_PREFERENCES, GuardModel } from './model';
import { followSaves } from './saveHook';

export const defaults = DEFAULT_GUARD_PREFERENCES;

export function create({
  app,
  palette,
  trans,
  kernels,
  notices
}: IModelPluginContext & {
  kernels: IQbraidKernels;
  notices: IQbraidNotices;
}): GuardModel {
  const guard = new GuardModel();
  // The plugin activates once Lab has restored its layout: the documents it reopened too.
  const restored = [...app.shell.widgets('main')]
    .filter(widget => widget instanceof DocumentWidget)
    .map(widget => (widget as DocumentWidget).context);
  followSaves(app.docRegistry, guard, kernels, trans, notices, restored);
  registerScanCommand(app, palette, guard, trans, notices);
  return guard;
}
