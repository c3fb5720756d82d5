import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import {
  describeError,
  IErrorInfo,
  IInstanceLimits,
  InstanceLimitsChange,
  MAX_IDLE_MINUTES,
  MAX_SESSION_MINUTES
} from '../api';

export interface IInstanceLimitsFormProps {
  /** The limits qBraid holds now. */
  limits: IInstanceLimits;
  saving: boolean;
  /** Why the last save failed; what was typed stays in the fields. */
  error: IErrorInfo | null;
  /** Resolves true once qBraid holds the change. */
  onSave: (change: InstanceLimitsChange) => Promise<boolean>;
  trans: TranslationBundle;
}

type Field = keyof IInstanceLimits;

const MAXIMA: Record<Field, number> = {
  autoStopIdleMinutes: MAX_IDLE_MINUTES,
  maxSessionMinutes: MAX_SESSION_MINUTES
};

const FIELDS: Field[] = ['autoStopIdleMinutes', 'maxSessionMinutes'];

type Texts = Record<Field, string>;

function textsOf(limits: IInstanceLimits): Texts {
  return {
    autoStopIdleMinutes: limits.autoStopIdleMinutes?.toString() ?? '',
    maxSessionMinutes: limits.maxSessionMinutes?.toString() ?? ''
  };
}

/** What a field's text means: whole minutes in range, or null when it is not. */
export function parseMinutes(text: string, maximum: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return null;
  }
  const minutes = Number(trimmed);
  return minutes <= maximum ? minutes : null;
}

/**
 * The limits qBraid's platform enforces on this on-demand instance even when Lab cannot
 * run: stop after so many idle minutes, and after so many minutes in all (0 = off).
 */
export function InstanceLimitsForm(props: IInstanceLimitsFormProps): JSX.Element {
  const { limits, saving, error, onSave, trans } = props;
  const [texts, setTexts] = React.useState<Texts>(() => textsOf(limits));
  const [shown, setShown] = React.useState<Texts>(() => textsOf(limits));
  const [checked, setChecked] = React.useState(false);
  const id = React.useId();
  const held = textsOf(limits);
  // qBraid's values changed (a save, a refresh): fields nobody has touched follow them.
  if (
    held.autoStopIdleMinutes !== shown.autoStopIdleMinutes ||
    held.maxSessionMinutes !== shown.maxSessionMinutes
  ) {
    setShown(held);
    setTexts(current => ({
      autoStopIdleMinutes:
        current.autoStopIdleMinutes === shown.autoStopIdleMinutes
          ? held.autoStopIdleMinutes
          : current.autoStopIdleMinutes,
      maxSessionMinutes:
        current.maxSessionMinutes === shown.maxSessionMinutes
          ? held.maxSessionMinutes
          : current.maxSessionMinutes
    }));
  }
  const problems = Object.fromEntries(
    FIELDS.map(field => [
      field,
      parseMinutes(texts[field], MAXIMA[field]) === null
        ? trans.__('Enter a whole number of minutes from 0 (off) to %1.', MAXIMA[field])
        : null
    ])
  ) as Record<Field, string | null>;
  const changed = FIELDS.filter(field => texts[field].trim() !== held[field]);
  const labels: Record<Field, string> = {
    autoStopIdleMinutes: trans.__('Stop after idle for (minutes)'),
    maxSessionMinutes: trans.__('Stop after running for (minutes)')
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (saving || changed.length === 0 || FIELDS.some(field => problems[field])) {
      return;
    }
    const change: InstanceLimitsChange = {};
    for (const field of changed) {
      change[field] = parseMinutes(texts[field], MAXIMA[field]) as number;
    }
    if (await onSave(change)) {
      setChecked(false);
    }
  };

  return (
    <form
      className="jp-qbraid-Card jp-qbraid-LimitsForm"
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={event => void submit(event)}
    >
      <h3 id={`${id}-title`} className="jp-qbraid-LimitsTitle">
        {trans.__('Limits qBraid enforces')}
      </h3>
      <p className="jp-qbraid-LimitsHelp">
        {trans.__(
          'qBraid stops this instance itself after these, even when Lab is not running. 0 turns a limit off.'
        )}
      </p>
      {FIELDS.map(field => {
        const problem = checked ? problems[field] : null;
        return (
          <div key={field} className="jp-qbraid-LimitsField">
            <label htmlFor={`${id}-${field}`}>{labels[field]}</label>
            <input
              id={`${id}-${field}`}
              className="jp-mod-styled jp-qbraid-LimitsInput"
              name={field}
              type="text"
              inputMode="numeric"
              value={texts[field]}
              disabled={saving}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-${field}-problem` : undefined}
              onChange={event => {
                const value = event.currentTarget.value;
                setTexts(current => ({ ...current, [field]: value }));
              }}
            />
            {problem && (
              <p id={`${id}-${field}-problem`} className="jp-qbraid-FieldError">
                {problem}
              </p>
            )}
          </div>
        );
      })}
      {error && (
        <p className="jp-qbraid-SectionError" role="alert">
          {trans.__('The limits were not saved: %1', describeError(error))}
        </p>
      )}
      <div className="jp-qbraid-Actions">
        <Button
          small
          type="submit"
          className="jp-mod-styled jp-mod-accept jp-qbraid-LimitsSave"
          disabled={saving || changed.length === 0}
        >
          {saving ? trans.__('Saving…') : trans.__('Save limits')}
        </Button>
      </div>
    </form>
  );
}
