import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

export interface IKeyPasteFormProps {
  /** Resolves when the key is active; rejects with the reason to show. */
  onSubmit: (apiKey: string) => Promise<void>;
  trans: TranslationBundle;
}

/**
 * A field for a key from the account page. The secret lives only in this field's state
 * and is cleared once it has been handed over.
 */
export function KeyPasteForm(props: IKeyPasteFormProps): JSX.Element {
  const { onSubmit, trans } = props;
  const [value, setValue] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const inputId = React.useId();
  const errorId = `${inputId}-error`;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const apiKey = value.trim();
    if (busy || !apiKey) {
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

  return (
    <form className="jp-qbraid-KeyForm" onSubmit={submit}>
      <label htmlFor={inputId}>{trans.__('qBraid API key')}</label>
      <input
        id={inputId}
        className="jp-mod-styled jp-qbraid-KeyForm-input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={busy}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={event => setValue(event.target.value)}
      />
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
