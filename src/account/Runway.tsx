import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IComputeProfile } from '../api';
import { formatHours } from '../shared/format';
import { creditHoursAtRate, hoursLeftAtProfile } from './runwayMaths';

export interface IRunwayProps {
  /** This month's compute hours left. */
  remainingHours: number;
  /** The credits balance; null while unknown. */
  credits: number | null;
  /** This instance's profile; null where it is not known. */
  profile: IComputeProfile | null;
  trans: TranslationBundle;
}

/** How long the hours and the credits left last on this instance's profile. */
export function Runway(props: IRunwayProps): JSX.Element | null {
  const { remainingHours, credits, profile, trans } = props;
  const hours = hoursLeftAtProfile(remainingHours, profile?.vCpus);
  const creditHours = creditHoursAtRate(credits, profile?.creditsPerMinute);
  if (hours === null && creditHours === null) {
    return null;
  }
  return (
    <ul className="jp-qbraid-Runway" aria-label={trans.__('How long it lasts')}>
      {hours !== null && (
        <li className="jp-qbraid-RunwayHours">
          {trans.__('≈ %1 h of compute hours left at this profile', formatHours(hours))}
        </li>
      )}
      {creditHours !== null && (
        <li className="jp-qbraid-RunwayCredits">
          {trans.__(
            "credits last ≈ %1 h at this profile's rate",
            formatHours(creditHours)
          )}
        </li>
      )}
    </ul>
  );
}
