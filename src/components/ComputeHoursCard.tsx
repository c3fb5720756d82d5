import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IComputeHours } from '../api';
import { formatHours } from '../format';

export interface IComputeHoursCardProps {
  hours: IComputeHours;
  low: boolean;
  lowThreshold: number;
  stale: boolean;
  trans: TranslationBundle;
}

/** This month's compute hours: what is used, of what quota, and when it renews. */
export function ComputeHoursCard(props: IComputeHoursCardProps): JSX.Element {
  const { hours, low, lowThreshold, stale, trans } = props;
  const usedShare =
    hours.quota > 0 ? Math.min(1, Math.max(0, hours.used / hours.quota)) : 1;
  const label = trans.__(
    '%1 of %2 compute hours used',
    formatHours(hours.used),
    formatHours(hours.quota)
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
        aria-valuemax={hours.quota}
        aria-valuenow={Math.min(hours.used, hours.quota)}
        title={label}
      >
        <div
          className="jp-qbraid-Meter-fill"
          style={{ width: `${(usedShare * 100).toFixed(1)}%` }}
        />
      </div>
      {low && (
        <p className="jp-qbraid-Warning" role="status">
          {trans.__(
            'Low on compute hours: under %1 h left this month. Stop the instance when you are done.',
            formatHours(lowThreshold)
          )}
        </p>
      )}
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('Used')}</dt>
        <dd>{trans.__('%1 h', formatHours(hours.used))}</dd>
        <dt>{trans.__('Quota')}</dt>
        <dd>{trans.__('%1 h', formatHours(hours.quota))}</dd>
        {hours.renewalDate && (
          <>
            <dt>{trans.__('Renews')}</dt>
            <dd>
              {/* A calendar date, set at midnight UTC: shown as that day everywhere. */}
              {new Date(hours.renewalDate).toLocaleDateString(undefined, {
                timeZone: 'UTC'
              })}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
