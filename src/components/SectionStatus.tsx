import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { describeError } from '../api';
import { ISectionState } from '../tokens';
import { formatRelative } from '../format';

export interface ISectionStatusProps {
  state: ISectionState<unknown>;
  label: string;
  onRetry: () => void;
  trans: TranslationBundle;
}

/** Loading, error-with-Retry and stale notices that every section shares. */
export function SectionStatus(props: ISectionStatusProps): JSX.Element | null {
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
