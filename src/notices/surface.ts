import { PageConfig } from '@jupyterlab/coreutils';

import { NoticeSurface } from '../tokens';

/** Lab's plugin that shows notifications (toasts and the notification center). */
export const NOTIFICATION_PLUGIN = '@jupyterlab/apputils-extension:notification';

/** What the choice looks at: the application's plugins and the page's extension lists. */
export interface ISurfaceContext {
  /** The application's plugin registry (JupyterLab 4.2+ and Notebook 7 alike). */
  hasPlugin(id: string): boolean;
  /** The page config's disabled and deferred extensions. */
  isDisabled(id: string): boolean;
  isDeferred(id: string): boolean;
}

/**
 * Lab's notifications where its notification plugin is there and starts with Lab, else
 * the extension's own surfaces. Disabled plugins are never registered, so the registry
 * is what settles it; a deferred one would start only when something asks for it, and
 * notices raised before that would show nowhere.
 */
export function chooseSurface(context: ISurfaceContext): NoticeSurface {
  const active =
    context.hasPlugin(NOTIFICATION_PLUGIN) &&
    !context.isDisabled(NOTIFICATION_PLUGIN) &&
    !context.isDeferred(NOTIFICATION_PLUGIN);
  return active ? 'lab' : 'own';
}

/** The context of the running application. */
export function surfaceContext(app: {
  hasPlugin(id: string): boolean;
}): ISurfaceContext {
  return {
    hasPlugin: id => app.hasPlugin(id),
    isDisabled: id => PageConfig.Extension.isDisabled(id),
    isDeferred: id => PageConfig.Extension.isDeferred(id)
  };
}
