import { Time } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { formatDuration } from '../shared/format';
import { untilTickDelay } from '../shared/TimeUntil';
import { useNow } from '../shared/useNow';

/** How close the next automatic stop must be before the status bar shows it. */
export const SOON_MS = 15 * 60 * 1000;

/**
 * The time to the next automatic stop ("Stops in 12 min") once it is under 15 minutes away,
 * nothing before. It only redraws (when the stop comes within 15 minutes, then each minute);
 * it asks the server nothing.
 */
export function NextStopSoon(props: {
  at: Date | null;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { at, trans } = props;
  const ref = React.useRef<HTMLSpanElement>(null);
  const stopAt = at?.getTime() ?? null;
  const now = useNow(
    ref,
    tick => {
      if (stopAt === null) {
        return null;
      }
      // Asleep until the stop comes within reach, then each minute shown.
      return stopAt - tick >= SOON_MS
        ? stopAt - tick - SOON_MS + 1
        : untilTickDelay(stopAt, tick);
    },
    [stopAt]
  );
  if (at === null || stopAt === null || stopAt - now >= SOON_MS) {
    return null;
  }
  const left = Math.max(0, stopAt - now);
  return (
    <span
      ref={ref}
      className="jp-qbraid-StatusItem-stop jp-qbraid-mod-warning"
      title={trans.__(
        'This instance stops by itself at %1, its next automatic stop.',
        Time.format(at)
      )}
    >
      {left < 60000
        ? trans.__('Stops within a minute')
        : trans.__('Stops in %1', formatDuration(left))}
    </span>
  );
}
