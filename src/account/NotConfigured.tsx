import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ILinks } from '../api';
import { KeyPasteForm } from '../keys/KeyPasteForm';
import { ExternalLink } from '../shared/ExternalLink';

export interface INotConfiguredProps {
  links: ILinks;
  onSubmitKey: (apiKey: string) => Promise<void>;
  trans: TranslationBundle;
}

/** No key anywhere: say where keys come from and take one. */
export function NotConfigured(props: INotConfiguredProps): JSX.Element {
  const { links, onSubmitKey, trans } = props;
  return (
    <div className="jp-qbraid-NotConfigured">
      <p>
        {trans.__(
          'Lab has no qBraid API key yet. Create one on your qBraid account page, then paste it here. It is checked with qBraid and saved in your qbraidrc file, where qBraid’s SDK finds it too.'
        )}
      </p>
      <ExternalLink href={links.apiKeys}>{trans.__('Get an API key')}</ExternalLink>
      <KeyPasteForm onSubmit={onSubmitKey} trans={trans} />
    </div>
  );
}
