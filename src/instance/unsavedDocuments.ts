import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';

/** An open document with changes not yet on disk. */
export interface IUnsavedDocument {
  path: string;
  save(): Promise<void>;
}

/** The open documents with unsaved changes, each once however many views it has. */
export function listUnsavedDocuments(
  shell: JupyterFrontEnd.IShell,
  documents: IDocumentManager
): IUnsavedDocument[] {
  const seen = new Set<string>();
  const unsaved: IUnsavedDocument[] = [];
  for (const widget of shell.widgets('main')) {
    const context = documents.contextForWidget(widget);
    if (!context || seen.has(context.path) || !context.model.dirty) {
      continue;
    }
    seen.add(context.path);
    unsaved.push({ path: context.path, save: () => context.save() });
  }
  return unsaved;
}
