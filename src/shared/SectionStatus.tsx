import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { describeError, IErrorInfo } from '../api';
import { ISectionState } from '../tokens';
import { formatRelative } from './format';
import { statusText, ValuesShown } from './statusText';
import { ageTickDelay, useNow } from './useNow';

export interface ISectionStatusProps<T> {
  state: ISectionState<T>;
  /** What the values are, for the sentences said while they load and when stale. */
  of: ValuesShown;
  onRetry: () => void;
  trans: TranslationBundle;
  /** The view of the data, drawn below the status once there is data. */
  children?: (data: T) => React.ReactNode;
}

/** Loading, error-with-Retry and stale notices that every section shares. */
export function SectionStatus<T>(props: ISectionStatusProps<T>): JSX.Element | null {
  const { state, children } = props;
  const status = <StatusNotice {...props} />;
  if (!children || state.data === null) {
    return status;
  }
  return (
    <>
      {status}
      {children(state.data)}
    </>
  );
}

function StatusNotice<T>(props: ISectionStatusProps<T>): JSX.Element | null {
  const { state, of, trans } = props;
  if (state.error) {
    return <ErrorNotice {...props} error={state.error} />;
  }
  if (state.loading && state.data === null) {
    return (
      <p className="jp-qbraid-Loading" role="status">
        {statusText(of, trans).loading}
      </p>
    );
  }
  return null;
}

/**
 * The error, the age of the values still shown, and Retry; the age and the wait a
 * Retry-After asks for stay current while on screen. Retry waits out that wait: until
 * then it counts down and sends nothing.
 */
function ErrorNotice<T>(
  props: ISectionStatusProps<T> & { error: IErrorInfo }
): JSX.Element {
  const { state, error, of, onRetry, trans } = props;
  const ref = React.useRef<HTMLDivElement>(null);
  const since = state.data !== null ? (state.updatedAt?.getTime() ?? null) : null;
  const until = state.retryAt?.getTime() ?? null;
  const now = useNow(
    ref,
    time => {
      const delays = [
        since === null ? null : ageTickDelay(since, time),
        until === null ? null : countdownTickDelay(until, time)
      ].filter((delay): delay is number => delay !== null);
      return delays.length ? Math.min(...delays) : null;
    },
    [since, until]
  );
  const waitSeconds = until === null ? 0 : Math.ceil((until - now) / 1000);
  return (
    <div ref={ref} className="jp-qbraid-SectionError" role="alert">
      <p className="jp-qbraid-SectionError-message">{describeError(error)}</p>
      {state.data !== null && state.updatedAt && (
        <p className="jp-qbraid-Stale">
          {statusText(of, trans).stale(formatRelative(state.updatedAt))}
        </p>
      )}
      <Button
        className="jp-qbraid-RetryButton"
        onClick={onRetry}
        disabled={state.loading || waitSeconds > 0}
        small
      >
        {state.loading
          ? trans.__('Retrying…')
          : waitSeconds > 0
            ? trans.__('Try again in %1 s', waitSeconds)
            : trans.__('Retry')}
      </Button>
    </div>
  );
}

/** Until `until`, the next time the whole seconds left change; then never. */
function countdownTickDelay(until: number, now: number): number | null {
  const left = until - now;
  return left > 0 ? left % 1000 || 1000 : null;
}
