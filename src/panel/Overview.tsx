import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { formatCredits, formatDate, formatHours } from '../shared/format';
import { TimeUntil } from '../shared/TimeUntil';
import { Truncated } from '../shared/Truncated';

/** The key Lab uses: its name where the key list knows it, and its last characters. */
export interface IOverviewKey {
  name: string | null;
  hint: string;
}

export interface IOverviewProps {
  /** Null until known. */
  credits: number | null;
  /** This month's compute hours left; null until known. */
  hoursLeft: number | null;
  lowOnCredits: boolean;
  lowOnHours: boolean;
  /** Null: Lab has no key of its own. */
  activeKey: IOverviewKey | null;
  /** When the server will stop this instance by itself (idle or session limit); null none. */
  nextStopAt: Date | null;
  trans: TranslationBundle;
}

/** What stays in sight above the sections: the balance, the key and the next stop. */
export function Overview(props: IOverviewProps): JSX.Element {
  const { credits, hoursLeft, lowOnCredits, lowOnHours, activeKey, trans } = props;
  const unknown = trans.__('Not known yet');
  const { nextStopAt } = props;
  return (
    // Each fact a tile with its label above it: the sidebar is too narrow for a label
    // column beside values such as the key's name.
    <dl className="jp-qbraid-Overview" aria-label={trans.__('Overview')}>
      <div className="jp-qbraid-Overview-item">
        <dt>{trans.__('Credits')}</dt>
        <dd
          className={`jp-qbraid-Overview-credits${lowOnCredits ? ' jp-qbraid-mod-warning' : ''}`}
        >
          {credits === null ? unknown : formatCredits(credits)}
        </dd>
      </div>
      <div className="jp-qbraid-Overview-item">
        <dt>{trans.__('Hours left')}</dt>
        <dd
          className={`jp-qbraid-Overview-hours${lowOnHours ? ' jp-qbraid-mod-warning' : ''}`}
        >
          {hoursLeft === null ? unknown : formatHours(hoursLeft)}
        </dd>
      </div>
      <div className="jp-qbraid-Overview-item">
        <dt>{trans.__('Key in use')}</dt>
        <dd className="jp-qbraid-Overview-key">
          {activeKey === null ? (
            trans.__('None')
          ) : (
            <>
              {activeKey.name !== null && (
                <Truncated
                  value={activeKey.name}
                  copyLabel={trans.__('Copy key name')}
                />
              )}
              <code className="jp-qbraid-KeyRow-hint">…{activeKey.hint}</code>
            </>
          )}
        </dd>
      </div>
      <div className="jp-qbraid-Overview-item">
        <dt>{trans.__('Next automatic stop')}</dt>
        <dd
          className="jp-qbraid-Overview-stop"
          title={nextStopAt ? formatDate(nextStopAt) : undefined}
        >
          {nextStopAt ? (
            <TimeUntil date={nextStopAt} trans={trans} />
          ) : (
            trans.__('None')
          )}
        </dd>
      </div>
    </dl>
  );
}
