import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IAccountInfo, ILinks } from '../api';

export interface IAccountCardProps {
  account: IAccountInfo;
  links: ILinks;
  stale: boolean;
  trans: TranslationBundle;
}

export function AccountCard(props: IAccountCardProps): JSX.Element {
  const { account, links, stale, trans } = props;
  return (
    <div className={`jp-qbraid-Card${stale ? ' jp-qbraid-mod-stale' : ''}`}>
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('Email')}</dt>
        <dd className="jp-qbraid-Email">{account.email}</dd>
        <dt>{trans.__('Organization')}</dt>
        <dd>{account.organizationName ?? account.organizationId}</dd>
        <dt>{trans.__('Plan')}</dt>
        <dd className="jp-qbraid-Tier">
          {account.tier ? capitalize(account.tier) : trans.__('Unknown')}
        </dd>
      </dl>
      <a
        className="jp-qbraid-Link"
        href={links.account}
        target="_blank"
        rel="noopener noreferrer"
      >
        {trans.__('Open account page')}
      </a>
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
