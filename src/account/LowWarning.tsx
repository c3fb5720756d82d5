import * as React from 'react';

/** A balance under the person's threshold: shown, and announced to screen readers. */
export function LowWarning(props: { message: string | null }): JSX.Element | null {
  return props.message ? (
    <p className="jp-qbraid-Warning" role="status">
      {props.message}
    </p>
  ) : null;
}
