import { Time } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IKeyRecord } from '../api';
import { formatCount, formatDate } from '../shared/format';
import { RelativeTime } from '../shared/RelativeTime';
import { Truncated } from '../shared/Truncated';
import { useNow } from '../shared/useNow';
import { ageInDays } from './keyAge';

export interface IKeyListProps {
  keys: IKeyRecord[];
  /** A change is running: every action waits. */
  busy: boolean;
  onRotate: (key: IKeyRecord) => void;
  onRevoke: (key: IKeyRecord) => void;
  onUse: (key: IKeyRecord) => void;
  trans: TranslationBundle;
}

/**
 * The key Lab uses first, so that a new key does not push it down; the others keep the
 * service's order (newest first).
 */
export function inUseFirst(keys: IKeyRecord[]): IKeyRecord[] {
  return [...keys.filter(key => key.active), ...keys.filter(key => !key.active)];
}

export function KeyList(props: IKeyListProps): JSX.Element {
  const { trans } = props;
  const keys = inUseFirst(props.keys);
  if (keys.length === 0) {
    return (
      <p className="jp-qbraid-Empty">{trans.__('This account has no API keys.')}</p>
    );
  }
  return (
    <ul className="jp-qbraid-KeyList" aria-label={trans.__('API keys')}>
      {keys.map(key => (
        <KeyRow key={key.id} record={key} {...props} />
      ))}
    </ul>
  );
}

const HOUR_MS = 60 * 60 * 1000;

function KeyRow(
  props: Omit<IKeyListProps, 'keys'> & { record: IKeyRecord }
): JSX.Element {
  const { record, busy, onRotate, onRevoke, onUse, trans } = props;
  const created = new Date(record.createdAt);
  const lastUsed = record.lastUsedAt ? new Date(record.lastUsedAt) : null;
  const issued = new Date(record.issuedAt);
  const ref = React.useRef<HTMLLIElement>(null);
  // The age is counted in days: a look each hour keeps it right while on screen.
  const now = useNow(ref, () => HOUR_MS, []);
  const age = ageInDays(record.issuedAt, now);
  return (
    <li
      ref={ref}
      className={`jp-qbraid-KeyRow${record.active ? ' jp-qbraid-mod-active' : ''}`}
      aria-label={trans.__('API key %1', record.name)}
    >
      <div className="jp-qbraid-KeyRow-title">
        <Truncated
          className="jp-qbraid-KeyRow-name"
          value={record.name}
          copyLabel={trans.__('Copy the name of %1', record.name)}
        />
        <code className="jp-qbraid-KeyRow-hint">…{record.hint}</code>
        {record.active && (
          <span className="jp-qbraid-Badge jp-qbraid-mod-inUse">
            {trans.__('In use by Lab')}
          </span>
        )}
        {record.status !== 'active' && (
          <span className="jp-qbraid-Badge">{trans.__('Inactive')}</span>
        )}
      </div>
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('Created')}</dt>
        <dd title={Time.format(created)}>{formatDate(created)}</dd>
        <dt>{trans.__('Age')}</dt>
        <dd
          title={
            record.issuedBy === 'lab'
              ? trans.__('Rotated in this Lab on %1', Time.format(issued))
              : trans.__('Since it was created')
          }
        >
          {age === null ? trans.__('Unknown') : trans._n('%1 day', '%1 days', age)}
        </dd>
        <dt>{trans.__('Last used')}</dt>
        <dd title={lastUsed ? Time.format(lastUsed) : undefined}>
          {lastUsed ? <RelativeTime date={lastUsed} /> : trans.__('Never')}
        </dd>
        <dt>{trans.__('Requests')}</dt>
        <dd>{formatCount(record.usage.requestCount)}</dd>
      </dl>
      <details className="jp-qbraid-KeyRow-details">
        <summary>{trans.__('Details')}</summary>
        <dl className="jp-qbraid-Facts">
          <dt>{trans.__('Scopes')}</dt>
          <dd>{record.scopes.join(', ') || trans.__('None')}</dd>
          <dt>{trans.__('Status')}</dt>
          <dd>
            {record.status === 'active' ? trans.__('Active') : trans.__('Inactive')}
          </dd>
          <dt>{trans.__('Id')}</dt>
          <dd>
            <code>{record.id}</code>
          </dd>
        </dl>
      </details>
      <div className="jp-qbraid-KeyRow-actions">
        {!record.active && (
          <Button small minimal disabled={busy} onClick={() => onUse(record)}>
            {trans.__('Use in Lab')}
          </Button>
        )}
        <Button
          small
          minimal
          disabled={busy}
          onClick={() => onRotate(record)}
          aria-label={trans.__('Rotate %1', record.name)}
        >
          {trans.__('Rotate')}
        </Button>
        <Button
          small
          disabled={busy}
          onClick={() => onRevoke(record)}
          aria-label={trans.__('Revoke %1', record.name)}
          className="jp-qbraid-DangerButton jp-mod-styled jp-mod-warn"
        >
          {trans.__('Revoke')}
        </Button>
      </div>
    </li>
  );
}
