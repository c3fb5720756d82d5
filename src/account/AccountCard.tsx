import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ApiUrlSource, IAccountInfo, ICredentialInfo, ILinks } from '../api';
import { ExternalLink } from '../shared/ExternalLink';
import { Truncated } from '../shared/Truncated';
import { UpdatedAt } from './UpdatedAt';

export interface IAccountCardProps {
  account: IAccountInfo;
  /** The credential the server sends qBraid; null where the summary does not say. */
  credential: ICredentialInfo | null;
  /** The API's base URL and where it came from. */
  apiUrl: { url: string; source: ApiUrlSource } | null;
  links: ILinks;
  /** When the server asked qBraid who this is: once per credential. */
  updatedAt?: Date | null;
  stale: boolean;
  trans: TranslationBundle;
}

/** Who Lab is signed in as, with what credential, against which API. */
export function AccountCard(props: IAccountCardProps): JSX.Element {
  const { account, credential, apiUrl, links, updatedAt = null, stale, trans } = props;
  const organization = account.organizationName ?? account.organizationId;
  const organizationText = account.organizationRole
    ? trans.__('%1 (%2)', organization, account.organizationRole)
    : organization;
  return (
    <div className={`jp-qbraid-Card${stale ? ' jp-qbraid-mod-stale' : ''}`}>
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('Name')}</dt>
        <dd className="jp-qbraid-UserName">{account.userName}</dd>
        <dt>{trans.__('Email')}</dt>
        <dd className="jp-qbraid-Email">
          <Truncated value={account.email} copyLabel={trans.__('Copy email')} />
        </dd>
        <dt>{trans.__('Organization')}</dt>
        {/* On one line, cut to the sidebar's width: the tooltip has it whole. */}
        <dd
          className="jp-qbraid-Organization jp-qbraid-mod-truncate"
          title={organizationText}
        >
          {organizationText}
        </dd>
        <dt>{trans.__('Plan')}</dt>
        <dd className="jp-qbraid-Tier">
          {account.tier ? capitalize(account.tier) : trans.__('Unknown')}
        </dd>
        {apiUrl && apiUrl.source !== 'default' && (
          <>
            <dt>{trans.__('API host')}</dt>
            <dd className="jp-qbraid-ApiHost" title={apiUrl.url}>
              {trans.__(
                '%1 (%2)',
                hostOf(apiUrl.url),
                apiUrlSourceLabel(apiUrl.source, trans)
              )}
            </dd>
          </>
        )}
        <UpdatedAt updatedAt={updatedAt} stale={stale} trans={trans} />
      </dl>
      {credential && (
        <p className="jp-qbraid-Credential">{credentialLine(credential, trans)}</p>
      )}
      <ExternalLink href={links.account}>{trans.__('Open account page')}</ExternalLink>
    </div>
  );
}

/** "Signed in with …": which credential qBraid sees, never more of it than its hint. */
export function credentialLine(
  credential: ICredentialInfo,
  trans: TranslationBundle
): string {
  if (credential.kind === 'accessToken') {
    return credential.source === 'environment'
      ? trans.__(
          'Signed in with an access token from qBraid Lab (environment variable QBRAID_ACCESS_TOKEN)'
        )
      : trans.__('Signed in with an access token from qBraid Lab (qbraidrc)');
  }
  return credential.source === 'environment'
    ? trans.__(
        'Signed in with API key …%1 (environment variable QBRAID_API_KEY)',
        credential.hint
      )
    : trans.__('Signed in with API key …%1 (qbraidrc)', credential.hint);
}

function apiUrlSourceLabel(source: ApiUrlSource, trans: TranslationBundle): string {
  switch (source) {
    case 'deployment':
      return trans.__('set by this deployment');
    case 'environment':
      return trans.__('from QBRAID_API_URL');
    case 'key':
      return trans.__('from the API key');
    case 'qbraidrc':
      return trans.__('from qbraidrc');
    default:
      return trans.__('default');
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
