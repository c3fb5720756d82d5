import { ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidInstance, IQbraidNotices } from '../tokens';
import { IdleClient } from './idleClient';
import { showIdleCountdown } from './idleCountdown';
import { InputReporter } from './idleInput';
import { IUnsavedDocument } from './unsavedDocuments';

/**
 * This tab's part in the server's idle stop: tell it of input, show its warning, save the
 * documents when it asks, and give the instance its next automatic stop.
 */
export function startIdleStop(
  instance: IQbraidInstance,
  unsaved: () => IUnsavedDocument[],
  trans: TranslationBundle,
  notices: IQbraidNotices,
  serverSettings?: ServerConnection.ISettings
): IdleClient {
  const client = new IdleClient({ serverSettings });
  const input = new InputReporter({
    report: secondsAgo => client.reportActivity(secondsAgo),
    urgent: () => client.state?.phase === 'warning' || client.state?.phase === 'saving'
  });
  showIdleCountdown(client, trans, notices);
  let saving = false;
  client.changed.connect(() => {
    const state = client.state;
    instance.setNextStopAt(state?.nextStopAt ?? null);
    if (state?.phase === 'saving' && !saving) {
      saving = true;
      void saveAll(unsaved(), client, trans, notices);
    } else if (state?.phase !== 'saving') {
      saving = false;
    }
  });
  instance.changed.connect(() => {
    if (instance.phase === 'stopped') {
      input.dispose();
      client.dispose();
    }
  });
  return client;
}

/** Save every unsaved document, then say so; one that fails keeps the instance running. */
async function saveAll(
  documents: IUnsavedDocument[],
  client: IdleClient,
  trans: TranslationBundle,
  notices: IQbraidNotices
): Promise<void> {
  for (const document of documents) {
    try {
      await document.save();
    } catch (error) {
      notices.error(
        trans.__(
          '%1 could not be saved (%2), so the instance was not stopped.',
          document.path,
          error instanceof Error ? error.message : String(error)
        ),
        { autoClose: false }
      );
      client.keepRunning();
      return;
    }
  }
  client.saved();
}
