import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

import { IdleStopWatch } from './idleWatch';

/** Shows the idle countdown as one notification that ticks, with "Keep running". */
export function showIdleCountdown(
  watch: IdleStopWatch,
  trans: TranslationBundle
): void {
  let id: string | null = null;
  watch.changed.connect(() => {
    const seconds = watch.countdown;
    if (seconds === null) {
      if (id !== null) {
        Notification.dismiss(id);
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
    const actions = [
      {
        label: trans.__('Keep running'),
        caption: trans.__('Cancel the stop and keep the instance running'),
        callback: () => watch.keepRunning()
      }
    ];
    if (id === null) {
      id = Notification.warning(message, { autoClose: false, actions });
    } else {
      Notification.update({ id, message, type: 'warning', autoClose: false, actions });
    }
  });
}
