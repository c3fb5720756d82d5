import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ExternalLink } from '../shared/ExternalLink';
import { IRotationReminder } from '../tokens';

export interface IRotationReminderProps {
  reminder: IRotationReminder | null;
  /** The account's key page, where a key Lab cannot rotate itself is rotated. */
  apiKeysUrl: string | null;
  /** A change is running: Rotate now waits. */
  busy: boolean;
  onRotate: () => void;
  trans: TranslationBundle;
}

/** A quiet note that the key in use is old, with the way to rotate it. */
export function RotationReminder(props: IRotationReminderProps): JSX.Element | null {
  const { reminder, apiKeysUrl, busy, onRotate, trans } = props;
  if (!reminder) {
    return null;
  }
  const age = trans._n(
    'The key Lab uses (…%2) is %1 day old.',
    'The key Lab uses (…%2) is %1 days old.',
    reminder.ageDays,
    reminder.hint
  );
  return (
    <div className="jp-qbraid-Warning jp-qbraid-RotationReminder" role="note">
      {reminder.canRotate ? (
        <>
          <p>
            {age}{' '}
            {trans.__(
              'Rotating it gives it a new secret, which Lab saves in the qbraidrc and puts into every kernel.'
            )}
          </p>
          <Button small disabled={busy} onClick={onRotate}>
            {trans.__('Rotate now')}
          </Button>
        </>
      ) : (
        <>
          <p>
            {trans._n(
              'The key Lab uses (…%2) has been in use here for %1 day.',
              'The key Lab uses (…%2) has been in use here for %1 days.',
              reminder.ageDays,
              reminder.hint
            )}{' '}
            {trans.__(
              'Rotate it on your account page, then paste the new secret here.'
            )}
          </p>
          {apiKeysUrl && (
            <ExternalLink href={apiKeysUrl}>
              {trans.__('Rotate it on the account page')}
            </ExternalLink>
          )}
        </>
      )}
    </div>
  );
}
