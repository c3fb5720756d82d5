import * as React from 'react';

import { NotConfigured } from '../account/NotConfigured';
import { Notices } from '../shared/Notices';
import type { ISectionProps } from './sections';

/** "Get started": no key anywhere yet. */
export function GetStartedSection(props: ISectionProps): JSX.Element | null {
  const { account, actions, trans } = props;
  if (!account.links) {
    return null;
  }
  return (
    <>
      <Notices notices={account.notices} />
      <NotConfigured
        links={account.links}
        onSubmitKey={secret => actions.setKey(secret)}
        trans={trans}
      />
    </>
  );
}
