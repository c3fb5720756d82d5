import { DocumentRegistry } from '@jupyterlab/docregistry';
import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidGuard, IQbraidKernels } from './tokens';
import { showLeakReport } from './widgets/leakNotices';

/** The widget factories whose saves are followed: notebooks and text files. */
const FACTORIES = ['Notebook', 'Editor'];

/** After each save of an open notebook or text file, say what the guard found in it. */
export function followSaves(
  registry: DocumentRegistry,
  guard: IQbraidGuard,
  kernels: IQbraidKernels,
  trans: TranslationBundle
): void {
  const followed = new WeakSet<DocumentRegistry.Context>();
  for (const factory of FACTORIES) {
    registry.addWidgetExtension(factory, {
      createNew: (_widget, context) => {
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
            .then(report => {
              if (report.found) {
                showLeakReport(
                  report,
                  context,
                  kernels.preferences.variableName,
                  trans
                );
              }
            })
            .catch(reason =>
              console.error('jupyterlab-qbraid: no leak report for a save', reason)
            );
        });
      }
    });
  }
}
