import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IInstanceInfo } from '../api';
import { formatCredits, formatDuration } from '../format';
import { InstancePhase } from '../tokens';

export interface ISessionCardProps {
  info: IInstanceInfo;
  phase: InstancePhase;
  onStop: () => void;
  trans: TranslationBundle;
  /** Now, for tests; the card redraws itself each minute otherwise. */
  now?: () => number;
}

const TICK_MS = 30 * 1000;

/** This Lab session: where it runs, for how long, what it costs, and Stop. */
export function SessionCard(props: ISessionCardProps): JSX.Element {
  const { info, phase, onStop, trans } = props;
  const now = props.now ?? Date.now;
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const timer = setInterval(() => setTick(tick => tick + 1), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const uptimeMs = Math.max(0, now() - new Date(info.startedAt).getTime());
  const rate = info.profile?.creditsPerMinute ?? null;
  return (
    <div className="jp-qbraid-Card jp-qbraid-Session">
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('Running on')}</dt>
        <dd>
          {info.mode === 'hub'
            ? info.user
              ? trans.__('JupyterHub (%1)', info.user)
              : trans.__('JupyterHub')
            : trans.__('this Jupyter server')}
        </dd>
        <dt>{trans.__('Up for')}</dt>
        <dd
          className="jp-qbraid-Uptime"
          title={trans.__(
            'Since %1 (%2)',
            new Date(info.startedAt).toLocaleString(),
            info.startedAtSource === 'hub'
              ? trans.__("the hub's record")
              : trans.__("the server's own start")
          )}
        >
          {formatDuration(uptimeMs)}
        </dd>
        {info.profile && (
          <>
            <dt>{trans.__('Profile')}</dt>
            <dd>{info.profile.name}</dd>
          </>
        )}
        {rate !== null && (
          <>
            <dt>{trans.__('Rate')}</dt>
            <dd>{trans.__('%1 credits per minute', formatCredits(rate))}</dd>
            <dt>{trans.__('This session')}</dt>
            <dd className="jp-qbraid-SessionCost">
              {trans.__(
                '%1 credits so far',
                formatCredits(Math.round((uptimeMs / 60000) * rate * 100) / 100)
              )}
            </dd>
          </>
        )}
      </dl>
      <div className="jp-qbraid-Actions">
        <Button
          small
          className="jp-qbraid-StopButton"
          disabled={phase === 'stopping' || phase === 'stopped'}
          onClick={onStop}
        >
          {phase === 'stopping' ? trans.__('Stopping…') : trans.__('Stop instance')}
        </Button>
      </div>
    </div>
  );
}
