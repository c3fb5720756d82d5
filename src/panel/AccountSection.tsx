import * as React from 'react';

import { AccountCard } from '../account/AccountCard';
import { Notices } from '../shared/Notices';
import { isStale } from '../shared/sectionState';
import type { ISectionProps } from './sections';

/** "Account": who Lab is signed in as. */
export function AccountSection(props: ISectionProps): JSX.Element {
  const { account, trans, Status } = props;
  return (
    <>
      <Notices notices={account.notices} />
      <Status state={account.account} of="account">
        {data =>
          account.links && (
            <AccountCard
              account={data}
              credential={account.credential}
              apiUrl={account.apiUrl}
              links={account.links}
              updatedAt={account.account.updatedAt}
              stale={isStale(account.account)}
              trans={trans}
            />
          )
        }
      </Status>
    </>
  );
}
