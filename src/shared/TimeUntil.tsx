import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { formatDuration } from './format';
import { useNow } from './useNow';

/** Next when the minute shown until `at` changes; null once the time has come. */
export function untilTickDelay(at: number, now: number): number | null {
  return now < at ? ((at - now) % 60000) + 1 : null;
}

/** How long until `date` ("in 12 min"), to the minute, kept current while on screen. */
export function TimeUntil(props: {
  date: Date;
  trans: TranslationBundle;
}): JSX.Element {
  const { date, trans } = props;
  const ref = React.useRef<HTMLSpanElement>(null);
  const at = date.getTime();
  const now = useNow(ref, tick => untilTickDelay(at, tick), [at]);
  const left = Math.max(0, at - now);
  return (
    <span ref={ref}>
      {left < 60000
        ? trans.__('within a minute')
        : trans.__('in %1', formatDuration(left))}
    </span>
  );
}
