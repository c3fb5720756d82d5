import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { formatDuration } from './format';
import { useNow } from './useNow';

/** How long until `date` ("in 12 min"), to the minute, kept current while on screen. */
export function TimeUntil(props: {
  date: Date;
  trans: TranslationBundle;
}): JSX.Element {
  const { date, trans } = props;
  const ref = React.useRef<HTMLSpanElement>(null);
  const at = date.getTime();
  // Next when the minute shown changes; nothing once the time has come.
  const now = useNow(ref, tick => (tick < at ? ((at - tick) % 60000) + 1 : null), [at]);
  const left = Math.max(0, at - now);
  return (
    <span ref={ref}>
      {left < 60000
        ? trans.__('within a minute')
        : trans.__('in %1', formatDuration(left))}
    </span>
  );
}
