import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IInstanceInfo } from '../api';
import { restartPlace } from '../instance/restartPlace';
import { IStopCause } from '../tokens';
import type { ISectionProps } from './sections';

/**
 * In place of every section once the instance stops by something other than this tab:
 * what stopped it, and where it starts again (once the hub reports it stopped, so that
 * the page there offers the start).
 */
export function StoppedSection(props: ISectionProps): JSX.Element | null {
  const { instance, accountUrl, trans } = props;
  const cause = instance.stopCause;
  if (!cause) {
    return null;
  }
  const info = instance.info.data;
  const stopped = instance.phase === 'stopped';
  const place = restartPlace(info, instance.hubHomeUrl, accountUrl());
  return (
    <div className="jp-qbraid-Stopped" role="alert">
      <p className="jp-qbraid-Stopped-cause">{whatStoppedIt(cause, info, trans)}</p>
      <p>
        {stopped
          ? trans.__('The instance is stopped.')
          : trans.__('The instance is stopping…')}
      </p>
      {place ? (
        <button
          type="button"
          className="jp-mod-styled jp-mod-accept"
          disabled={!stopped}
          onClick={() => window.location.assign(place.url)}
        >
          {place.where === 'account'
            ? trans.__('Start it again on the account page')
            : trans.__('Start it again on the hub home page')}
        </button>
      ) : (
        <p>{trans.__('Start it again with `jupyter lab`.')}</p>
      )}
    </div>
  );
}

function whatStoppedIt(
  cause: IStopCause,
  info: IInstanceInfo | null,
  trans: TranslationBundle
): string {
  switch (cause.by) {
    case 'other-tab':
    case 'this-tab':
      return trans.__('You stopped this instance in another tab.');
    case 'idle':
      return cause.idleMinutes
        ? trans._n(
            'It was idle for %1 minute, so the idle stop stopped it.',
            'It was idle for %1 minutes, so the idle stop stopped it.',
            cause.idleMinutes
          )
        : trans.__('It was idle, so the idle stop stopped it.');
    default:
      switch (info?.kind) {
        case 'on-demand':
        case 'subscription':
          return trans.__(
            'qBraid stopped this instance; no tab asked for it (a limit on idle time or session length, or a stop from the account page).'
          );
        case 'hub':
          return trans.__(
            'JupyterHub stopped this Lab server; no tab asked for it (an administrator, an idle culler, or a stop from the hub home page).'
          );
        default:
          return trans.__('The Jupyter server was shut down from outside this tab.');
      }
  }
}
