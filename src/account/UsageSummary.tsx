import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IUsageReport } from '../api';
import { formatCredits, formatHours } from '../shared/format';

export interface IUsageSummaryProps {
  summary: IUsageReport['summary'];
  trans: TranslationBundle;
}

/** The 30 days in three figures: sessions, hours, credits charged. */
export function UsageSummary(props: IUsageSummaryProps): JSX.Element {
  const { summary, trans } = props;
  return (
    <dl className="jp-qbraid-Facts jp-qbraid-UsageSummary">
      <dt>{trans.__('Sessions')}</dt>
      <dd className="jp-qbraid-UsageSessions">{summary.sessions}</dd>
      <dt>{trans.__('Hours')}</dt>
      <dd className="jp-qbraid-UsageHours">
        {trans.__('%1 h', formatHours(summary.hours))}
      </dd>
      <dt>{trans.__('Credits charged')}</dt>
      <dd className="jp-qbraid-UsageCredits">
        {formatCredits(summary.creditsCharged)}
      </dd>
    </dl>
  );
}
