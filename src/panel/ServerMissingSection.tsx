import * as React from 'react';

import type { ISectionProps } from './sections';

/**
 * In place of every section while Jupyter has no server part of ours: one message with the
 * fix, rather than a failure in each section.
 */
export function ServerMissingSection(props: ISectionProps): JSX.Element {
  const { trans } = props;
  return (
    <p className="jp-qbraid-Warning" role="alert">
      {trans.__(
        'The qBraid server extension on this Jupyter server does not answer: it is not installed, not enabled, or older than this page, so the panel has nothing to show. Install or upgrade it with "%1" (and enable it with "%2"), then restart Jupyter and press Retry.',
        'pip install --upgrade jupyterlab-qbraid',
        'jupyter server extension enable jupyterlab_qbraid'
      )}
    </p>
  );
}
