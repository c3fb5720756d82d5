import * as React from 'react';

import { ComputeHoursCard } from '../account/ComputeHoursCard';
import { describeError } from '../api';
import { SessionCard } from '../instance/SessionCard';
import { saysItKeepsRunning } from '../instance/stopFailure';
import { isStale } from '../shared/sectionState';
import type { ISectionProps } from './sections';

/** "Compute": this month's hours, and this instance with its Stop. */
export function ComputeSection(props: ISectionProps): JSX.Element {
  const { account, instance, stopInstance, trans, Status } = props;
  const stopError = instance.stopError;
  return (
    <>
      <Status
        state={account.compute}
        loading={trans.__('Loading compute hours…')}
        stale={age =>
          trans.__(
            'Showing compute hours last updated %1; they may be out of date.',
            age
          )
        }
      >
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
      <Status
        state={instance.info}
        loading={trans.__('Loading this session…')}
        stale={age =>
          trans.__(
            'Showing this session as last updated %1; it may be out of date.',
            age
          )
        }
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
      {instance.info.data && (
        <SessionCard
          info={instance.info.data}
          phase={instance.phase}
          onStop={stopInstance}
          accountUrl={account.links?.account ?? null}
          trans={trans}
        />
      )}
    </>
  );
}
