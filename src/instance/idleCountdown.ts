import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidNotices } from '../tokens';
import type { IdleClient } from './idleClient';

/**
 * Shows the server's idle warning as one notice that ticks, with "Keep running" (for every
 * tab); it must not be missed, so without Lab's notifications it is also a dialog. It goes
 * when the server says the instance runs on (or stops).
 */
export function showIdleCountdown(
  watch: Pick<IdleClient, 'changed' | 'countdown' | 'minutes' | 'keepRunning'>,
  trans: TranslationBundle,
  notices: IQbraidNotices
): void {
  let id: string | null = null;
  watch.changed.connect(() => {
    const seconds = watch.countdown;
    if (seconds === null) {
      if (id !== null) {
        notices.dismiss(id);
        id = null;
      }
      return;
    }
    const message = trans._n(
      'Idle for %1 minute: the qBraid instance stops in %2 s. Documents are saved first.',
      'Idle for %1 minutes: the qBraid instance stops in %2 s. Documents are saved first.',
      watch.minutes,
      seconds
    );
    const options = {
      autoClose: false as const,
      mustSee: true,
      actions: [
        {
          label: trans.__('Keep running'),
          caption: trans.__('Cancel the stop and keep the instance running'),
          callback: () => {
            // The notice closes with its action: the next warning is a new one, even
            // if no "runs on" from the server came in between.
            id = null;
            watch.keepRunning();
          }
        }
      ]
    };
    if (id === null) {
      id = notices.warning(message, options);
    } else {
      notices.update(id, 'warning', message, options);
    }
  });
}
