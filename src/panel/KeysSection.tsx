import * as React from 'react';

import { AccessTokenNotice } from '../keys/AccessTokenNotice';
import { KeyList } from '../keys/KeyList';
import { KeyPasteForm } from '../keys/KeyPasteForm';
import { RotationReminder } from '../keys/RotationReminder';
import { ExternalLink } from '../shared/ExternalLink';
import type { ISectionProps } from './sections';

/** "API keys": the account's keys, or where the service manages them. */
export function KeysSection(props: ISectionProps): JSX.Element {
  const { account, keys, kernels, actions, trans, Status } = props;
  const variable = kernels.preferences.variableName;
  const list = keys.list;
  const tokenNotice = (
    <AccessTokenNotice
      credential={account.credential}
      variable={variable}
      trans={trans}
    />
  );
  const reminder = (
    <RotationReminder
      reminder={keys.rotationReminder}
      apiKeysUrl={account.links?.apiKeys ?? null}
      busy={keys.busy}
      onRotate={() => void actions.rotateActive()}
      trans={trans}
    />
  );
  if (list.data && !list.data.supported && account.links) {
    return (
      <div className="jp-qbraid-KeysUnsupported">
        {tokenNotice}
        {reminder}
        <p>
          {trans.__(
            'This qBraid service manages keys on its account page only. Create or rotate a key there, then paste it here to use it in Lab.'
          )}
        </p>
        <ExternalLink href={account.links.apiKeys}>
          {trans.__('Open the API keys page')}
        </ExternalLink>
        <KeyPasteForm onSubmit={secret => actions.setKey(secret)} trans={trans} />
      </div>
    );
  }
  return (
    <>
      {tokenNotice}
      {reminder}
      <Status state={list} of="keys">
        {data => (
          <KeyList
            keys={data.keys}
            busy={keys.busy}
            onRotate={record => void actions.rotate(record)}
            onRevoke={record => void actions.revoke(record)}
            onUse={record => void actions.use(record)}
            trans={trans}
          />
        )}
      </Status>
    </>
  );
}
