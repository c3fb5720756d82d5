import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidInstance, IQbraidNotices } from '../tokens';
import { listUnsavedDocuments } from './unsavedDocuments';

/**
 * Starts the idle stop's client. Its plugin is deferred: Lab's start carries none of this,
 * and the server decides the stop whether or not a tab is there.
 */
export async function followIdleStop(
  app: JupyterFrontEnd,
  instance: IQbraidInstance,
  trans: TranslationBundle,
  notices: IQbraidNotices
): Promise<void> {
  // Asked for here, not declared: the declaration would load its package at Lab's start.
  const [documents, { startIdleStop }] = await Promise.all([
    app.resolveOptionalService(IDocumentManager),
    import('./idleStop')
  ]);
  startIdleStop(
    instance,
    () => (documents ? listUnsavedDocuments(app.shell, documents) : []),
    trans,
    notices,
    app.serviceManager.serverSettings
  );
}
