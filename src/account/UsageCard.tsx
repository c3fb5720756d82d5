import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IComputeProfile, IUsageReport } from '../api';
import { Runway } from './Runway';
import { UsageChart } from './UsageChart';
import { UsageSummary } from './UsageSummary';

export interface IUsageCardProps {
  report: IUsageReport;
  /** Its latest refresh failed: the report shown is the last good one. */
  stale: boolean;
  /** This instance's profile, for the runway; null where it is not known. */
  profile: IComputeProfile | null;
  /** The credits balance; null while unknown. */
  credits: number | null;
  trans: TranslationBundle;
}

/** The last 30 days: the chart, its summary, and how long what is left lasts. */
export function UsageCard(props: IUsageCardProps): JSX.Element {
  const { report, stale, profile, credits, trans } = props;
  return (
    <div
      className={`jp-qbraid-Card jp-qbraid-Usage${stale ? ' jp-qbraid-mod-stale' : ''}`}
    >
      <h3 className="jp-qbraid-UsageTitle">{trans.__('Last 30 days')}</h3>
      <UsageChart days={report.days} trans={trans} />
      <UsageSummary summary={report.summary} trans={trans} />
      <Runway
        remainingHours={report.hours.remaining}
        credits={credits}
        profile={profile}
        trans={trans}
      />
    </div>
  );
}
