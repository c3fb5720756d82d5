import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';

import {
  IInstanceLimitsFormProps,
  InstanceLimitsForm,
  parseMinutes
} from '../account/InstanceLimitsForm';
import { apiError, LIMITS } from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

function renderForm(props: Partial<IInstanceLimitsFormProps> = {}) {
  const onSave = jest.fn(() => Promise.resolve(true));
  const all: IInstanceLimitsFormProps = {
    limits: LIMITS,
    saving: false,
    error: null,
    onSave,
    trans,
    ...props
  };
  const view = render(<InstanceLimitsForm {...all} />);
  return { ...view, onSave: all.onSave as jest.Mock, all };
}

const idle = () =>
  screen.getByLabelText('Stop after idle for (minutes)') as HTMLInputElement;
const session = () =>
  screen.getByLabelText('Stop after running for (minutes)') as HTMLInputElement;
const save = () => screen.getByRole('button', { name: 'Save limits' });

describe('parseMinutes', () => {
  it.each([
    ['0', 0],
    [' 45 ', 45],
    ['10080', 10080],
    ['10081', null],
    ['-1', null],
    ['1.5', null],
    ['1e3', null],
    ['', null],
    ['sixty', null]
  ])('%p is %p', (text, minutes) => {
    expect(parseMinutes(text, 10080)).toBe(minutes);
  });
});

describe('InstanceLimitsForm', () => {
  it('shows the limits qBraid holds, with nothing to save yet', () => {
    renderForm();

    expect(idle().value).toBe('60');
    expect(session().value).toBe('480');
    expect((save() as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends only what changed', async () => {
    const { onSave } = renderForm();

    fireEvent.change(idle(), { target: { value: '15' } });
    await act(async () => {
      fireEvent.click(save());
    });

    expect(onSave).toHaveBeenCalledWith({ autoStopIdleMinutes: 15 });
  });

  it('says what is wrong with a field and sends nothing', async () => {
    const { onSave } = renderForm();

    fireEvent.change(session(), { target: { value: '50000' } });
    await act(async () => {
      fireEvent.click(save());
    });

    expect(onSave).not.toHaveBeenCalled();
    expect(session().getAttribute('aria-invalid')).toBe('true');
    const problem = document.getElementById(
      session().getAttribute('aria-describedby')!
    );
    expect(problem!.textContent).toBe(
      'Enter a whole number of minutes from 0 (off) to 43200.'
    );
    expect(session().value).toBe('50000');
  });

  it('shows that it saves, and keeps what was typed when the save failed', () => {
    const { rerender, all } = renderForm();
    fireEvent.change(idle(), { target: { value: '20' } });

    rerender(<InstanceLimitsForm {...all} saving />);
    expect(screen.getByRole('button', { name: 'Saving…' })).toBeTruthy();
    expect(idle().disabled).toBe(true);

    rerender(
      <InstanceLimitsForm
        {...all}
        error={apiError('rejected', 'qBraid refused (403).')}
      />
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'The limits were not saved: qBraid refused (403).'
    );
    expect(idle().value).toBe('20');
  });

  it('follows qBraid in the fields nobody changed', () => {
    const { rerender, all } = renderForm();
    fireEvent.change(idle(), { target: { value: '20' } });

    rerender(
      <InstanceLimitsForm
        {...all}
        limits={{ autoStopIdleMinutes: 20, maxSessionMinutes: 0 }}
      />
    );

    expect(idle().value).toBe('20');
    expect(session().value).toBe('0');
    expect((save() as HTMLButtonElement).disabled).toBe(true);
  });
});
