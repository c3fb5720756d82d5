import { Clipboard } from '@jupyterlab/apputils';
import { copyIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

export interface ITruncatedProps {
  value: string;
  /** The copy button's name, a whole sentence ("Copy email"). */
  copyLabel: string;
  className?: string;
}

/**
 * A value on one line, cut with an ellipsis where the sidebar is narrow: the whole of it
 * is in its tooltip, selectable, and copied by the button beside it.
 */
export function Truncated(props: ITruncatedProps): JSX.Element {
  const { value, copyLabel, className } = props;
  return (
    <span className={`jp-qbraid-Truncated${className ? ` ${className}` : ''}`}>
      <span className="jp-qbraid-Truncated-value" title={value}>
        {value}
      </span>
      <button
        type="button"
        className="jp-qbraid-CopyButton"
        title={copyLabel}
        aria-label={copyLabel}
        onClick={() => Clipboard.copyToSystem(value)}
      >
        <copyIcon.react tag="span" elementSize="small" />
      </button>
    </span>
  );
}
