import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { isValidApiKey, whiteLabelHost } from './apiKeyFormat';

export interface IKeyPasteFormProps {
  /** Resolves when the key is active; rejects with the reason to show. */
  onSubmit: (apiKey: string) => Promise<void>;
  trans: TranslationBundle;
  /**
   * Take the focus once drawn: a dialog's own focusing can run before React has drawn the
   * field, and then the person's typing would go nowhere.
   */
  autoFocus?: boolean;
}

/**
 * A field for a key from the account page. The secret lives only in this field's state
 * and is cleared once it has been handed over; a value of no key's shape never leaves it.
 */
export function KeyPasteForm(props: IKeyPasteFormProps): JSX.Element {
  const { onSubmit, trans, autoFocus } = props;
  const [value, setValue] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const inputId = React.useId();
  const errorId = `${inputId}-error`;
  const hostId = `${inputId}-host`;
  const host = whiteLabelHost(value.trim());

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const apiKey = value.trim();
    if (busy || !apiKey) {
      return;
    }
    if (!isValidApiKey(apiKey)) {
      setError(
        trans.__(
          'That is not a qBraid API key: expected qbr_ followed by letters and digits, a legacy key of letters and digits, or a white-label key (prefix_host.64 hex), at most 512 characters.'
        )
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(apiKey);
      setValue('');
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };

  const describedBy = [error ? errorId : '', host ? hostId : '']
    .filter(Boolean)
    .join(' ');
  return (
    <form className="jp-qbraid-KeyForm" onSubmit={submit}>
      <label htmlFor={inputId}>{trans.__('qBraid API key')}</label>
      <input
        autoFocus={autoFocus}
        id={inputId}
        className="jp-mod-styled jp-qbraid-KeyForm-input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={busy}
        aria-invalid={error !== null}
        aria-describedby={describedBy || undefined}
        onChange={event => setValue(event.target.value)}
      />
      {host && (
        <p id={hostId} className="jp-qbraid-KeyForm-host">
          {trans.__('This key belongs to %1', host)}
        </p>
      )}
      {error && (
        <p id={errorId} className="jp-qbraid-FieldError" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" disabled={busy || !value.trim()} small>
        {busy ? trans.__('Checking…') : trans.__('Use this key')}
      </Button>
    </form>
  );
}
