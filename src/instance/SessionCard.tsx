import { Time } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IInstanceInfo } from '../api';
import { formatCredits, formatDuration, formatHours } from '../shared/format';
import { InstancePhase } from '../tokens';
import { ExternalLink } from '../shared/ExternalLink';
import { TimeUntil } from '../shared/TimeUntil';
import { useNow } from '../shared/useNow';

export interface ISessionCardProps {
  info: IInstanceInfo;
  phase: InstancePhase;
  /** When the server will stop this instance by itself (idle or session limit); null none. */
  nextStopAt: Date | null;
  onStop: () => void;
  /** The account page, where an instance that cannot be stopped is terminated. */
  accountUrl: string | null;
  trans: TranslationBundle;
  /** Now, for tests; the card redraws itself every half minute on screen otherwise. */
  now?: () => number;
}

const TICK_MS = 30 * 1000;

/** What this session has spent so far, in compute hours or credits; null when unknown. */
function sessionSpending(
  info: IInstanceInfo,
  uptimeMs: number,
  trans: TranslationBundle
): string | null {
  if (info.kind === 'subscription') {
    const vCpus = info.profile?.vCpus ?? null;
    if (vCpus === null) {
      return null;
    }
    const hours = (uptimeMs / 3600000) * vCpus;
    return trans._n(
      '%2 compute hour so far',
      '%2 compute hours so far',
      hours,
      formatHours(hours)
    );
  }
  const rate = info.profile?.creditsPerMinute ?? null;
  if (rate === null) {
    return null;
  }
  const credits = Math.round((uptimeMs / 60000) * rate * 100) / 100;
  return trans._n(
    '%2 credit so far',
    '%2 credits so far',
    credits,
    formatCredits(credits)
  );
}

/** This Lab session: what it runs on, for how long, what it costs, and Stop. */
export function SessionCard(props: ISessionCardProps): JSX.Element {
  const { info, phase, nextStopAt, onStop, accountUrl, trans } = props;
  const now = props.now ?? Date.now;
  const ref = React.useRef<HTMLDivElement>(null);
  useNow(ref, () => TICK_MS, []);
  const startedAt = new Date(info.startedAt);
  const uptimeMs = Math.max(0, now() - startedAt.getTime());
  const profile = info.profile;
  const rate = profile?.creditsPerMinute ?? null;
  const vCpus = profile?.vCpus ?? null;
  // A subscription server spends compute hours (one per vCPU per hour); others, credits.
  const spentSoFar = sessionSpending(info, uptimeMs, trans);
  const cannotStop = info.kind === 'on-demand' && info.supportsStop === false;
  const reasonId = React.useId();
  return (
    <div ref={ref} className="jp-qbraid-Card jp-qbraid-Session">
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('Running on')}</dt>
        <dd className="jp-qbraid-InstanceKind">{describeKind(info, trans)}</dd>
        <dt>{trans.__('Running since')}</dt>
        <dd
          className="jp-qbraid-StartedAt"
          title={trans.__('From %1', startedAtSourceLabel(info, trans))}
        >
          {Time.format(startedAt)}
        </dd>
        <dt>{trans.__('Up for')}</dt>
        <dd className="jp-qbraid-Uptime">{formatDuration(uptimeMs)}</dd>
        <dt>{trans.__('Next automatic stop')}</dt>
        <dd
          className="jp-qbraid-NextStop"
          title={nextStopAt ? Time.format(nextStopAt) : undefined}
        >
          {nextStopAt ? (
            <TimeUntil date={nextStopAt} trans={trans} />
          ) : (
            trans.__('None')
          )}
        </dd>
        {profile && (
          <>
            <dt>{trans.__('Profile')}</dt>
            <dd className="jp-qbraid-Profile" title={profile.slug ?? undefined}>
              {profile.name}
            </dd>
          </>
        )}
        {vCpus !== null && (
          <>
            <dt>{trans.__('vCPUs')}</dt>
            <dd>{vCpus}</dd>
          </>
        )}
        {rate !== null && (
          <>
            <dt>{trans.__('Rate')}</dt>
            <dd>
              {trans._n(
                '%2 credit per minute',
                '%2 credits per minute',
                rate,
                formatCredits(rate)
              )}
            </dd>
          </>
        )}
        {spentSoFar !== null && (
          <>
            <dt>{trans.__('This session')}</dt>
            <dd className="jp-qbraid-SessionCost">{spentSoFar}</dd>
          </>
        )}
      </dl>
      <div className="jp-qbraid-Actions">
        <Button
          small
          className="jp-qbraid-StopButton jp-mod-styled jp-mod-warn"
          disabled={cannotStop || phase === 'stopping' || phase === 'stopped'}
          aria-describedby={cannotStop ? reasonId : undefined}
          onClick={onStop}
        >
          {phase === 'stopping' ? trans.__('Stopping…') : stopLabel(info, trans)}
        </Button>
      </div>
      {cannotStop && (
        <p id={reasonId} className="jp-qbraid-StopUnsupported">
          {trans.__(
            'This on-demand instance cannot be stopped, only terminated, on the account page.'
          )}{' '}
          {accountUrl && (
            <ExternalLink href={accountUrl}>
              {trans.__('Open account page')}
            </ExternalLink>
          )}
        </p>
      )}
    </div>
  );
}

/** What this Lab runs on, as qBraid's account page names it. */
export function describeKind(info: IInstanceInfo, trans: TranslationBundle): string {
  switch (info.kind) {
    case 'subscription':
      return info.clusterId
        ? trans.__('Subscription server on %1', info.clusterId)
        : trans.__('Subscription server');
    case 'on-demand':
      return info.instanceId
        ? trans.__('On-demand instance %1', info.instanceId)
        : trans.__('On-demand instance');
    case 'hub':
      return info.user
        ? trans.__('JupyterHub server (%1)', info.user)
        : trans.__('JupyterHub server');
    default:
      return trans.__('This computer');
  }
}

/** The Stop button's words: what stops. */
export function stopLabel(info: IInstanceInfo, trans: TranslationBundle): string {
  switch (info.kind) {
    case 'on-demand':
      return trans.__('Stop instance');
    case 'subscription':
    case 'hub':
      return trans.__('Stop server');
    default:
      return trans.__('Shut down server');
  }
}

function startedAtSourceLabel(info: IInstanceInfo, trans: TranslationBundle): string {
  switch (info.startedAtSource) {
    case 'platform':
      return trans.__("qBraid's record");
    case 'hub':
      return trans.__("the hub's record");
    default:
      return trans.__("the server's own start");
  }
}
