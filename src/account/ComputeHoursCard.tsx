import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IComputeHours } from '../api';
import { formatDate, formatHours } from '../shared/format';
import { LowWarning } from './LowWarning';
import { UpdatedAt } from './UpdatedAt';

export interface IComputeHoursCardProps {
  hours: IComputeHours;
  /** When the server fetched the hours from qBraid (at most every 5 minutes). */
  updatedAt?: Date | null;
  low: boolean;
  lowThreshold: number;
  stale: boolean;
  trans: TranslationBundle;
}

/** This month's compute hours: what is used, of how many, and when they renew. */
export function ComputeHoursCard(props: IComputeHoursCardProps): JSX.Element {
  const { hours, updatedAt = null, low, lowThreshold, stale, trans } = props;
  const warning = low
    ? trans.__(
        'Low on compute hours: under %1 h left this month. Stop the instance when you are done.',
        formatHours(lowThreshold)
      )
    : null;
  const usedShare =
    hours.total > 0 ? Math.min(1, Math.max(0, hours.used / hours.total)) : 1;
  // %1 is the total for the plural form; %2 and %3 are the formatted figures.
  const label = trans._n(
    '%2 of %3 compute hour used',
    '%2 of %3 compute hours used',
    hours.total,
    formatHours(hours.used),
    formatHours(hours.total)
  );
  return (
    <div className={`jp-qbraid-Card${stale ? ' jp-qbraid-mod-stale' : ''}`}>
      <div className="jp-qbraid-Balance">
        <span className="jp-qbraid-HoursLeft">
          {trans.__('%1 h left', formatHours(hours.remaining))}
        </span>
      </div>
      <div
        className={`jp-qbraid-Meter${low ? ' jp-qbraid-mod-warning' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={hours.total}
        aria-valuenow={Math.min(hours.used, hours.total)}
        title={label}
      >
        <div
          className="jp-qbraid-Meter-fill"
          style={{ width: `${(usedShare * 100).toFixed(1)}%` }}
        />
      </div>
      <LowWarning message={warning} />
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('Used')}</dt>
        <dd>{trans.__('%1 h', formatHours(hours.used))}</dd>
        <dt>{trans.__('Total')}</dt>
        <dd>{trans.__('%1 h', formatHours(hours.total))}</dd>
        <dt>{trans.__('Remaining')}</dt>
        <dd>{trans.__('%1 h', formatHours(hours.remaining))}</dd>
        <dt>{trans.__('Renews')}</dt>
        <dd className="jp-qbraid-Renewal" title={hours.timeZone}>
          {formatRenewal(hours)}
        </dd>
        <UpdatedAt updatedAt={updatedAt} stale={stale} trans={trans} />
      </dl>
    </div>
  );
}

/**
 * The day the hours renew, in the time zone the server counted the month in: the start
 * of next month there, which could be another day in UTC.
 */
export function formatRenewal(hours: IComputeHours): string {
  const renewsAt = new Date(hours.renewsAt);
  try {
    return formatDate(renewsAt, hours.timeZone);
  } catch {
    return formatDate(renewsAt); // a zone this browser does not know
  }
}
