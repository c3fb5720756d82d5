import * as React from 'react';

import { CreditsCard } from '../account/CreditsCard';
import { isStale } from '../shared/sectionState';
import type { ISectionProps } from './sections';

/** "Credits": the balance and where to add more. */
export function CreditsSection(props: ISectionProps): JSX.Element {
  const { account, trans, Status } = props;
  const credits = account.credits;
  return (
    <Status state={credits} of="credits">
      {data =>
        account.links && (
          <CreditsCard
            credits={data}
            updatedAt={credits.updatedAt}
            low={account.isLowOnCredits}
            lowThreshold={account.preferences.lowCreditThreshold}
            links={account.links}
            stale={isStale(credits)}
            trans={trans}
          />
        )
      }
    </Status>
  );
}
