import { TranslationBundle } from '@jupyterlab/translation';
import { Button, copyIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

export interface IKeySecretProps {
  name: string;
  secret: string;
  /** What else the person should know (e.g. the key could not be saved). */
  notes: string[];
  /** What making this key Lab's would change; null when the dialog does not offer it. */
  switchNote: string | null;
  onCopy: (secret: string) => void;
  trans: TranslationBundle;
}

/** The one time a secret is on screen. */
export function KeySecret(props: IKeySecretProps): JSX.Element {
  const { name, secret, notes, switchNote, onCopy, trans } = props;
  const [copied, setCopied] = React.useState(false);
  return (
    <div className="jp-qbraid-KeySecret">
      <p>{trans.__('The secret of “%1”:', name)}</p>
      <div className="jp-qbraid-KeySecret-value">
        <input
          className="jp-mod-styled"
          readOnly
          value={secret}
          aria-label={trans.__('Secret of %1', name)}
          onFocus={event => event.target.select()}
        />
        <Button
          small
          onClick={() => {
            onCopy(secret);
            setCopied(true);
          }}
        >
          <copyIcon.react tag="span" className="jp-qbraid-ButtonIcon" />
          {copied ? trans.__('Copied') : trans.__('Copy')}
        </Button>
      </div>
      <p className="jp-qbraid-Warning" role="alert">
        {trans.__(
          'Copy it now: it will not be shown again. Keep it out of notebooks and code; Lab can put it in your kernels as an environment variable.'
        )}
      </p>
      {notes.map(note => (
        <p key={note} className="jp-qbraid-Warning">
          {note}
        </p>
      ))}
      {switchNote && <p>{switchNote}</p>}
    </div>
  );
}
