import { DocumentRegistry } from '@jupyterlab/docregistry';
import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidGuard, IQbraidKernels, IQbraidNotices } from '../tokens';

/** The widget factories whose saves are followed: notebooks and text files. */
const FACTORIES = ['Notebook', 'Editor'];

/**
 * After each save of an open notebook or text file, say what the guard found in it:
 * those opened from now on, and `open`, those the layout restored before.
 */
export function followSaves(
  registry: DocumentRegistry,
  guard: IQbraidGuard,
  kernels: IQbraidKernels,
  trans: TranslationBundle,
  notices: IQbraidNotices,
  open: Iterable<DocumentRegistry.Context> = []
): void {
  const followed = new WeakSet<DocumentRegistry.Context>();
  // What each file's last report said: an autosave of the same findings says nothing new.
  const announced = new Map<string, string>();
  const follow = (context: DocumentRegistry.Context): void => {
    // One document may have several views; its saves are reported once.
    if (followed.has(context)) {
      return;
    }
    followed.add(context);
    context.saveState.connect((_, state) => {
      if (state !== 'completed') {
        return;
      }
      guard
        .takeReport(context.path)
        .then(async report => {
          if (!report.found) {
            announced.delete(context.path);
            return;
          }
          const findings = JSON.stringify(report);
          if (announced.get(context.path) === findings) {
            return;
          }
          announced.set(context.path, findings);
          // Findings are rare: their notices load with the first one.
          const { showLeakReport } = await import('./leakNotices');
          showLeakReport(
            report,
            context,
            kernels.preferences.variableName,
            trans,
            notices
          );
        })
        .catch(reason =>
          console.error('jupyterlab-qbraid: no leak report for a save', reason)
        );
    });
  };
  for (const factory of FACTORIES) {
    registry.addWidgetExtension(factory, {
      createNew: (_widget, context) => follow(context)
    });
  }
  for (const context of open) {
    follow(context);
  }
}
