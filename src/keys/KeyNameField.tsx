import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { keyNameProblem } from './keyName';

export interface IKeyNameFieldProps {
  onChange: (name: string) => void;
  trans: TranslationBundle;
}

/** The name of a new key, with the reason shown inline when it would be refused. */
export function KeyNameField(props: IKeyNameFieldProps): JSX.Element {
  const { onChange, trans } = props;
  const [name, setName] = React.useState('');
  const [touched, setTouched] = React.useState(false);
  const problem = touched ? keyNameProblem(name, trans) : null;
  const id = React.useId();
  return (
    <div className="jp-qbraid-KeyForm">
      <label htmlFor={id}>{trans.__('Key name')}</label>
      <input
        id={id}
        className="jp-mod-styled"
        value={name}
        autoFocus
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={event => {
          setName(event.target.value);
          setTouched(true);
          onChange(event.target.value);
        }}
      />
      {problem && (
        <p id={`${id}-problem`} className="jp-qbraid-FieldError" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
