import * as React from 'react';

import { formatRelative } from './format';
import { ageTickDelay, useNow } from './useNow';

/** How long ago `date` was ("5 seconds ago"), kept current while on screen. */
export function RelativeTime(props: { date: Date }): JSX.Element {
  const { date } = props;
  const ref = React.useRef<HTMLSpanElement>(null);
  const since = date.getTime();
  useNow(ref, now => ageTickDelay(since, now), [since]);
  return <span ref={ref}>{formatRelative(date)}</span>;
}
