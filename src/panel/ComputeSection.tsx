import * as React from 'react';

import { ComputeHoursCard } from '../account/ComputeHoursCard';
import { InstanceLimitsForm } from '../account/InstanceLimitsForm';
import { LimitsModel } from '../account/limitsModel';
import { UsageCard } from '../account/UsageCard';
import { UsageModel } from '../account/usageModel';
import { describeError } from '../api';
import { SessionCard } from '../instance/SessionCard';
import { saysItKeepsRunning } from '../instance/stopFailure';
import { isStale } from '../shared/sectionState';
import type { ISectionProps } from './sections';

export interface IComputeSectionProps extends ISectionProps {
  /** The last 30 days, for the chart and runway. */
  usage: UsageModel;
  /** Saving an on-demand instance's platform limits. */
  limits: LimitsModel;
}

/** "Compute": this month's hours and the last 30 days, and this instance with its Stop. */
export function ComputeSection(props: IComputeSectionProps): JSX.Element {
  const { account, instance, usage, limits, stopInstance, trans, Status } = props;
  const info = instance.info.data;
  const stopError = instance.stopError;
  return (
    <>
      <Status state={account.compute} of="computeHours">
        {data => (
          <ComputeHoursCard
            hours={data}
            updatedAt={account.compute.updatedAt}
            low={account.isLowOnHours}
            lowThreshold={account.preferences.lowHoursThreshold}
            stale={isStale(account.compute)}
            trans={trans}
          />
        )}
      </Status>
      {account.configured && (
        <Status state={usage.usage} of="usage" onRetry={() => void usage.refresh(true)}>
          {data => (
            <UsageCard
              report={data}
              stale={isStale(usage.usage)}
              profile={info?.profile ?? null}
              credits={account.credits.data?.qbraidCredits ?? null}
              trans={trans}
            />
          )}
        </Status>
      )}
      <Status
        state={instance.info}
        of="session"
        onRetry={() => void instance.refresh(true)}
      />
      {stopError && (
        <p className="jp-qbraid-SectionError" role="alert">
          {saysItKeepsRunning(stopError.message)
            ? trans.__('The last stop failed: %1', describeError(stopError))
            : trans.__(
                'The last stop failed; the instance keeps running. %1',
                describeError(stopError)
              )}
        </p>
      )}
      {info && (
        <SessionCard
          info={info}
          phase={instance.phase}
          nextStopAt={instance.nextStopAt ? new Date(instance.nextStopAt) : null}
          onStop={stopInstance}
          accountUrl={account.links?.account ?? null}
          trans={trans}
        />
      )}
      {info?.kind === 'on-demand' && info.limits && (
        <InstanceLimitsForm
          limits={info.limits}
          saving={limits.saving}
          error={limits.error}
          onSave={change => limits.save(change)}
          trans={trans}
        />
      )}
    </>
  );
}
