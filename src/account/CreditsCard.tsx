import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ICredits, ILinks } from '../api';
import { formatCredits, formatDollars } from '../shared/format';
import { ExternalLink } from '../shared/ExternalLink';
import { LowWarning } from './LowWarning';
import { UpdatedAt } from './UpdatedAt';

export interface ICreditsCardProps {
  credits: ICredits;
  updatedAt: Date | null;
  low: boolean;
  lowThreshold: number;
  links: ILinks;
  stale: boolean;
  trans: TranslationBundle;
}

export function CreditsCard(props: ICreditsCardProps): JSX.Element {
  const { credits, updatedAt, low, lowThreshold, links, stale, trans } = props;
  const warning = low
    ? trans.__(
        'Low on credits: under %1. Quantum jobs and paid compute stop when credits run out.',
        formatCredits(lowThreshold)
      )
    : null;
  return (
    <div className={`jp-qbraid-Card${stale ? ' jp-qbraid-mod-stale' : ''}`}>
      <div className="jp-qbraid-Balance">
        <span className="jp-qbraid-Balance-credits">
          {trans._n(
            '%2 credit',
            '%2 credits',
            credits.qbraidCredits,
            formatCredits(credits.qbraidCredits)
          )}
        </span>
        <span className="jp-qbraid-Balance-dollars">{formatDollars(credits.usd)}</span>
      </div>
      <LowWarning message={warning} />
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('AWS credits')}</dt>
        <dd>{formatCredits(credits.awsCredits)}</dd>
        <dt>{trans.__('Auto-recharge')}</dt>
        <dd>{credits.autoRecharge ? trans.__('On') : trans.__('Off')}</dd>
        <UpdatedAt updatedAt={updatedAt} stale={stale} trans={trans} />
      </dl>
      <div className="jp-qbraid-Links">
        <ExternalLink href={links.wallet}>{trans.__('Add credits')}</ExternalLink>
        <ExternalLink
          href={links.wallet}
          title={trans.__('Promo codes are applied at checkout on the account page')}
        >
          {trans.__('Redeem a promo code')}
        </ExternalLink>
      </div>
    </div>
  );
}
