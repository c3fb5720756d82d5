import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';

/**
 * The plugin with its activation timed as a performance measure named
 * "<plugin id> activate", so that benchmarks can read what the extension costs Lab's start.
 */
export function timedActivation<T>(
  plugin: JupyterFrontEndPlugin<T>
): JupyterFrontEndPlugin<T> {
  const activate = plugin.activate;
  return {
    ...plugin,
    activate: (app: JupyterFrontEnd, ...services: any[]) => {
      const start = performance.now();
      try {
        return activate(app, ...services);
      } finally {
        performance.measure(`${plugin.id} activate`, { start });
      }
    }
  };
}
