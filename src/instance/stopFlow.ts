import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { TranslationBundle } from '@jupyterlab/translation';

import { loadWithStyle } from '../shared/loadWithStyle';
import { IQbraidInstance, IQbraidNotices } from '../tokens';
import { listUnsavedDocuments } from './unsavedDocuments';
import type { StopActions } from './stopActions';

/** The stop flow, loaded with its dialogs the first time it is needed. */
export function lazyStopActions(
  app: JupyterFrontEnd,
  instance: IQbraidInstance,
  documents: IDocumentManager | null,
  trans: TranslationBundle,
  notices: IQbraidNotices,
  accountUrl: () => string | null
): () => Promise<StopActions> {
  let actions: Promise<StopActions> | null = null;
  return () => {
    actions ??= loadWithStyle(import('./stopActions')).then(
      ({ StopActions }) =>
        new StopActions(
          instance,
          () => (documents ? listUnsavedDocuments(app.shell, documents) : []),
          trans,
          notices,
          accountUrl
        )
    );
    return actions;
  };
}
