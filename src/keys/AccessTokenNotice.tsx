import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ICredentialInfo } from '../api';

export interface IAccessTokenNoticeProps {
  credential: ICredentialInfo | null;
  /** The environment variable kernels read the active key from. */
  variable: string;
  trans: TranslationBundle;
}

/**
 * With an access token in effect, qBraid's client ignores any key: say so where keys are
 * made active, so nobody expects the SDK to switch.
 */
export function AccessTokenNotice(props: IAccessTokenNoticeProps): JSX.Element | null {
  const { credential, variable, trans } = props;
  if (credential?.kind !== 'accessToken') {
    return null;
  }
  return (
    <p className="jp-qbraid-AccessTokenNotice" role="note">
      {credential.source === 'environment'
        ? trans.__(
            'qBraid’s SDK in this Lab keeps using the access token from the environment (QBRAID_ACCESS_TOKEN). Making a key active still saves it in qbraidrc and puts it into kernels, for code that reads %1.',
            variable
          )
        : trans.__(
            'qBraid’s SDK in this Lab keeps using the access token from qbraidrc. Making a key active still saves it in qbraidrc and puts it into kernels, for code that reads %1.',
            variable
          )}
    </p>
  );
}
