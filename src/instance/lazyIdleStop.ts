import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidInstance, IQbraidNotices } from '../tokens';
import { listUnsavedDocuments } from './unsavedDocuments';

/**
 * The idle stop's client, loaded once Lab has restored its layout: Lab's start carries none
 * of it, and the server decides the stop whether or not a tab is there.
 */
export function followIdleStop(
  app: JupyterFrontEnd,
  instance: IQbraidInstance,
  documents: IDocumentManager | null,
  trans: TranslationBundle,
  notices: IQbraidNotices
): void {
  void app.restored.then(async () => {
    const { startIdleStop } = await import('./idleStop');
    startIdleStop(
      instance,
      () => (documents ? listUnsavedDocuments(app.shell, documents) : []),
      trans,
      notices,
      app.serviceManager.serverSettings
    );
  });
}
