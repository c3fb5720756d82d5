import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { describeError } from '../api';
import { ISectionState } from '../tokens';
import { formatRelative } from './format';

export interface ISectionStatusProps<T> {
  state: ISectionState<T>;
  label: string;
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
  const { state, label, onRetry, trans } = props;
  if (state.error) {
    return (
      <div className="jp-qbraid-SectionError" role="alert">
        <p className="jp-qbraid-SectionError-message">{describeError(state.error)}</p>
        {state.data !== null && state.updatedAt && (
          <p className="jp-qbraid-Stale">
            {trans.__(
              'Showing %1 from %2; they may be out of date.',
              label,
              formatRelative(state.updatedAt)
            )}
          </p>
        )}
        <Button
          className="jp-qbraid-RetryButton"
          onClick={onRetry}
          disabled={state.loading}
          small
        >
          {state.loading ? trans.__('Retrying…') : trans.__('Retry')}
        </Button>
      </div>
    );
  }
  if (state.loading && state.data === null) {
    return (
      <p className="jp-qbraid-Loading" role="status">
        {trans.__('Loading %1…', label)}
      </p>
    );
  }
  return null;
}
