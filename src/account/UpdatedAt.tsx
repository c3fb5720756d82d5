import { Time } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { formatRelative } from '../shared/format';
import { ageTickDelay, useNow } from '../shared/useNow';

export interface IUpdatedAtProps {
  /** When the server fetched the data from qBraid, not when this page asked the server. */
  updatedAt: Date | null;
  stale: boolean;
  trans: TranslationBundle;
}

/** The "Updated" line of a card's facts: the data's age, kept current, and whether it is stale. */
export function UpdatedAt(props: IUpdatedAtProps): JSX.Element | null {
  const { updatedAt, stale, trans } = props;
  const ref = React.useRef<HTMLElement>(null);
  const since = updatedAt?.getTime() ?? null;
  useNow(ref, now => (since === null ? null : ageTickDelay(since, now)), [since]);
  if (!updatedAt) {
    return null;
  }
  const age = formatRelative(updatedAt);
  return (
    <>
      <dt>{trans.__('Updated')}</dt>
      <dd
        ref={ref}
        className={`jp-qbraid-UpdatedAt${stale ? ' jp-qbraid-mod-stale' : ''}`}
        title={Time.format(updatedAt)}
      >
        {stale ? trans.__('%1 (stale: the last refresh failed)', age) : age}
      </dd>
    </>
  );
}
