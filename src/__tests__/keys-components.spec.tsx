import { Clipboard } from '@jupyterlab/apputils';
import { Time } from '@jupyterlab/coreutils';
import { nullTranslator } from '@jupyterlab/translation';
import { fireEvent, render, screen, within } from '@testing-library/react';
import * as React from 'react';

import { IKeyRecord } from '../api';
import { IKeyListProps, inUseFirst, KeyList } from '../keys/KeyList';
import { KeyNameField } from '../keys/KeyNameField';
import { KeySecret } from '../keys/KeySecret';
import { RotationReminder } from '../keys/RotationReminder';
import { ACTIVE_KEY, NEW_SECRET, OTHER_KEY } from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

/** The value shown after a <dt> label inside `scope`. */
function fact(scope: HTMLElement, label: string): string {
  return within(scope).getByText(label).nextElementSibling!.textContent!;
}

describe('KeyList', () => {
  function renderList(props: Partial<IKeyListProps> = {}) {
    const handlers = {
      onRotate: jest.fn<void, [IKeyRecord]>(),
      onRevoke: jest.fn<void, [IKeyRecord]>(),
      onUse: jest.fn<void, [IKeyRecord]>()
    };
    const result = render(
      <KeyList
        keys={[ACTIVE_KEY, OTHER_KEY]}
        busy={false}
        trans={trans}
        {...handlers}
        {...props}
      />
    );
    return { ...result, ...handlers };
  }

  const row = (name: string) =>
    screen.getByRole('listitem', { name: `API key ${name}` });
  /** A row's actions on the key, not the button that copies its name. */
  const actionsOf = (scope: HTMLElement) =>
    Array.from(
      scope.querySelectorAll<HTMLButtonElement>('.jp-qbraid-KeyRow-actions button')
    );

  it('shows one labelled row per key, in order', () => {
    renderList();

    expect(screen.getByRole('list', { name: 'API keys' })).toBeTruthy();
    expect(
      screen
        .getAllByRole('listitem', { name: /^API key / })
        .map(li => li.getAttribute('aria-label'))
    ).toEqual(['API key Laptop', 'API key CI runner']);
  });

  it('puts the key Lab uses first, the others in the service’s order', () => {
    const newest = { ...OTHER_KEY, id: 'key-9', name: 'Just created' };
    renderList({ keys: [newest, OTHER_KEY, ACTIVE_KEY] });

    expect(
      screen
        .getAllByRole('listitem', { name: /^API key / })
        .map(li => li.getAttribute('aria-label'))
    ).toEqual(['API key Laptop', 'API key Just created', 'API key CI runner']);
  });

  it('keeps the service’s order when Lab uses none of the keys', () => {
    const keys = [{ ...ACTIVE_KEY, active: false }, OTHER_KEY];
    expect(inUseFirst(keys)).toEqual(keys);
  });

  it('shows each key’s name and the end of its secret', () => {
    renderList();

    const active = row('Laptop');
    expect(active.querySelector('.jp-qbraid-KeyRow-name')!.textContent).toBe('Laptop');
    expect(active.querySelector('.jp-qbraid-KeyRow-hint')!.textContent).toBe('…abcd');
    const other = row('CI runner');
    expect(other.querySelector('.jp-qbraid-KeyRow-hint')!.textContent).toBe('…wxyz');
  });

  it('marks only the active key as in use by Lab', () => {
    renderList();

    expect(within(row('Laptop')).getByText('In use by Lab')).toBeTruthy();
    expect(row('Laptop').classList).toContain('jp-qbraid-mod-active');
    expect(within(row('CI runner')).queryByText('In use by Lab')).toBeNull();
    expect(row('CI runner').classList).not.toContain('jp-qbraid-mod-active');
    expect(screen.getAllByText('In use by Lab')).toHaveLength(1);
  });

  it('marks an inactive key', () => {
    renderList({ keys: [{ ...OTHER_KEY, status: 'inactive' }] });

    expect(
      row('CI runner').querySelector('.jp-qbraid-KeyRow-title .jp-qbraid-Badge')!
        .textContent
    ).toBe('Inactive');
  });

  it('shows created date, last use and request count', () => {
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60 * 1000).toISOString();
    renderList({ keys: [{ ...ACTIVE_KEY, lastUsedAt: fiveMinutesAgo }, OTHER_KEY] });

    const active = row('Laptop');
    expect(fact(active, 'Created')).toBe('Jan 15, 2026');
    expect(fact(active, 'Last used')).toBe('5 minutes ago');
    expect(fact(active, 'Requests')).toBe('12,345');

    const other = row('CI runner');
    expect(fact(other, 'Last used')).toBe('Never');
    expect(fact(other, 'Requests')).toBe('0');
  });

  it('shows each key’s age, from its creation or its rotation in this Lab', () => {
    const day = 24 * 60 * 60 * 1000;
    const rotated = new Date(Date.now() - 3 * day - 1000).toISOString();
    renderList({
      keys: [
        { ...ACTIVE_KEY, issuedAt: rotated, issuedBy: 'lab' },
        { ...OTHER_KEY, issuedAt: new Date(Date.now() - day).toISOString() }
      ]
    });

    const active = within(row('Laptop')).getByText('Age').nextElementSibling!;
    expect(active.textContent).toBe('3 days');
    expect(active.getAttribute('title')).toBe(
      `Rotated in this Lab on ${Time.format(new Date(rotated))}`
    );
    const other = within(row('CI runner')).getByText('Age').nextElementSibling!;
    expect(other.textContent).toBe('1 day');
    expect(other.getAttribute('title')).toBe('Since it was created');
  });

  it('lists scopes, status and id under Details', () => {
    renderList();

    const details = row('Laptop').querySelector('details')!;
    expect(details.querySelector('summary')!.textContent).toBe('Details');
    expect(fact(details, 'Scopes')).toBe('account:read, jobs:write');
    expect(fact(details, 'Status')).toBe('Active');
    expect(fact(details, 'Id')).toBe('key-1');
  });

  it('says None for a key without scopes', () => {
    renderList({ keys: [{ ...OTHER_KEY, scopes: [] }] });

    expect(fact(row('CI runner').querySelector('details')!, 'Scopes')).toBe('None');
  });

  it('rotates, revokes and uses the key of the row clicked', () => {
    const { onRotate, onRevoke, onUse } = renderList();

    fireEvent.click(screen.getByRole('button', { name: 'Rotate Laptop' }));
    fireEvent.click(screen.getByRole('button', { name: 'Revoke CI runner' }));
    fireEvent.click(
      within(row('CI runner')).getByRole('button', { name: 'Use in Lab' })
    );

    expect(onRotate).toHaveBeenCalledTimes(1);
    expect(onRotate).toHaveBeenCalledWith(ACTIVE_KEY);
    expect(onRevoke).toHaveBeenCalledTimes(1);
    expect(onRevoke).toHaveBeenCalledWith(OTHER_KEY);
    expect(onUse).toHaveBeenCalledTimes(1);
    expect(onUse).toHaveBeenCalledWith(OTHER_KEY);
  });

  it('offers "Use in Lab" only on keys Lab does not use', () => {
    renderList();

    expect(
      within(row('Laptop')).queryByRole('button', { name: 'Use in Lab' })
    ).toBeNull();
    expect(actionsOf(row('Laptop')).map(button => button.textContent)).toEqual([
      'Rotate',
      'Revoke'
    ]);
    expect(actionsOf(row('CI runner')).map(button => button.textContent)).toEqual([
      'Use in Lab',
      'Rotate',
      'Revoke'
    ]);
  });

  it('disables every action while a change runs', () => {
    const { container, onRotate, onRevoke, onUse } = renderList({ busy: true });

    const buttons = actionsOf(container);
    expect(buttons).toHaveLength(5);
    for (const button of buttons) {
      expect(button.disabled).toBe(true);
      fireEvent.click(button);
    }
    expect(onRotate).not.toHaveBeenCalled();
    expect(onRevoke).not.toHaveBeenCalled();
    expect(onUse).not.toHaveBeenCalled();
  });

  it('enables the actions again once the change is done', () => {
    const { rerender, onRotate } = renderList({ busy: true });

    rerender(
      <KeyList
        keys={[ACTIVE_KEY, OTHER_KEY]}
        busy={false}
        trans={trans}
        onRotate={onRotate}
        onRevoke={jest.fn()}
        onUse={jest.fn()}
      />
    );

    for (const button of screen.getAllByRole('button') as HTMLButtonElement[]) {
      expect(button.disabled).toBe(false);
    }
  });

  it('has a long name whole in its tooltip, copyable even while a change runs', () => {
    const name = 'A key whose name is wider than any sidebar at its default size';
    const copy = jest
      .spyOn(Clipboard, 'copyToSystem')
      .mockImplementation(() => undefined);
    renderList({ keys: [{ ...OTHER_KEY, name }], busy: true });

    expect(within(row(name)).getByText(name).getAttribute('title')).toBe(name);
    const button = within(row(name)).getByRole('button', {
      name: `Copy the name of ${name}`
    }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    fireEvent.click(button);

    expect(copy).toHaveBeenCalledWith(name);
    copy.mockRestore();
  });

  it('says so when the account has no keys', () => {
    const { container } = renderList({ keys: [] });

    expect(screen.getByText('This account has no API keys.')).toBeTruthy();
    expect(container.querySelector('ul')).toBeNull();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('shows a name with markup as text', () => {
    const { container } = renderList({ keys: [{ ...OTHER_KEY, name: '<b>x</b>' }] });

    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('.jp-qbraid-KeyRow-name')!.textContent).toBe(
      '<b>x</b>'
    );
  });
});

describe('KeySecret', () => {
  function renderSecret(notes: string[] = [], switchNote: string | null = null) {
    const onCopy = jest.fn<void, [string]>();
    const result = render(
      <KeySecret
        name="Notebook jobs"
        secret={NEW_SECRET}
        notes={notes}
        switchNote={switchNote}
        onCopy={onCopy}
        trans={trans}
      />
    );
    return { ...result, onCopy };
  }

  it('shows the secret in a read-only field named after the key', () => {
    renderSecret();

    expect(screen.getByText('The secret of “Notebook jobs”:')).toBeTruthy();
    const field = screen.getByLabelText('Secret of Notebook jobs') as HTMLInputElement;
    expect(field.tagName).toBe('INPUT');
    expect(field.readOnly).toBe(true);
    expect(field.value).toBe(NEW_SECRET);
  });

  it('copies the secret and says so', () => {
    const { onCopy } = renderSecret();
    const copy = screen.getByRole('button', { name: 'Copy' });

    fireEvent.click(copy);

    expect(onCopy).toHaveBeenCalledTimes(1);
    expect(onCopy).toHaveBeenCalledWith(NEW_SECRET);
    expect(copy.textContent).toBe('Copied');
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull();
  });

  it('warns that the secret will not be shown again', () => {
    renderSecret();

    const warning = screen.getByRole('alert');
    expect(warning.textContent).toContain('it will not be shown again');
    expect(warning.textContent).toContain('Keep it out of notebooks and code');
  });

  it('shows each note, and none when there are none', () => {
    const { container, rerender, onCopy } = renderSecret();
    expect(container.querySelectorAll('.jp-qbraid-Warning')).toHaveLength(1);

    rerender(
      <KeySecret
        name="Notebook jobs"
        secret={NEW_SECRET}
        notes={['Lab now uses the new secret.', 'The key file could not be written.']}
        switchNote={null}
        onCopy={onCopy}
        trans={trans}
      />
    );

    const warnings = Array.from(container.querySelectorAll('.jp-qbraid-Warning'));
    expect(warnings.slice(1).map(note => note.textContent)).toEqual([
      'Lab now uses the new secret.',
      'The key file could not be written.'
    ]);
  });

  it('says what making the key Lab’s would change, when that is offered', () => {
    const { container } = renderSecret([], 'It replaces the key ending in …abcd.');

    expect(screen.getByText('It replaces the key ending in …abcd.')).toBeTruthy();
    expect(container.querySelectorAll('.jp-qbraid-Warning')).toHaveLength(1);
  });
});

describe('KeyNameField', () => {
  function renderField() {
    const onChange = jest.fn<void, [string]>();
    render(<KeyNameField onChange={onChange} trans={trans} />);
    const input = screen.getByLabelText('Key name') as HTMLInputElement;
    return { input, onChange };
  }

  it('starts empty without complaining', () => {
    const { input } = renderField();

    expect(input.value).toBe('');
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reports every change to onChange', () => {
    const { input, onChange } = renderField();

    fireEvent.change(input, { target: { value: 'Lap' } });
    fireEvent.change(input, { target: { value: 'Laptop' } });

    expect(onChange.mock.calls).toEqual([['Lap'], ['Laptop']]);
    expect(input.value).toBe('Laptop');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['only spaces', '   ', 'Give the key a name.'],
    ['65 characters', 'a'.repeat(65), 'A key name has at most 64 characters.'],
    [
      'a tab',
      'CI\trunner',
      'A key name can only hold printable characters: no tabs, line breaks or invisible characters.'
    ]
  ])('explains inline why a name with %s would be refused', (_, name, reason) => {
    const { input, onChange } = renderField();

    fireEvent.change(input, { target: { value: name } });

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(reason);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(alert.id);
    expect(onChange).toHaveBeenCalledWith(name);
  });

  it('drops the reason once the name is fixed', () => {
    const { input } = renderField();
    fireEvent.change(input, { target: { value: 'x' } });
    fireEvent.change(input, { target: { value: '' } });
    expect(screen.getByRole('alert').textContent).toBe('Give the key a name.');

    fireEvent.change(input, { target: { value: '<b>x</b>' } });

    expect(screen.queryByRole('alert')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(input.getAttribute('aria-describedby')).toBeNull();
  });
});

describe('RotationReminder', () => {
  const reminder = { hint: 'abcd', ageDays: 120, afterDays: 90, canRotate: true };

  it('says nothing while the key is young enough', () => {
    const { container } = render(
      <RotationReminder
        reminder={null}
        apiKeysUrl="https://account.qbraid.com/api-keys"
        busy={false}
        onRotate={jest.fn()}
        trans={trans}
      />
    );
    expect(container.textContent).toBe('');
  });

  it('names the key and its age, and rotates it on “Rotate now”', () => {
    const onRotate = jest.fn();
    render(
      <RotationReminder
        reminder={reminder}
        apiKeysUrl="https://account.qbraid.com/api-keys"
        busy={false}
        onRotate={onRotate}
        trans={trans}
      />
    );
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('The key Lab uses (…abcd) is 120 days old.');
    expect(note.textContent).toContain('puts into every kernel');
    expect(within(note).queryByRole('link')).toBeNull();
    fireEvent.click(within(note).getByRole('button', { name: 'Rotate now' }));
    expect(onRotate).toHaveBeenCalledTimes(1);
  });

  it('waits while another key change runs', () => {
    render(
      <RotationReminder
        reminder={reminder}
        apiKeysUrl={null}
        busy={true}
        onRotate={jest.fn()}
        trans={trans}
      />
    );
    expect(
      (screen.getByRole('button', { name: 'Rotate now' }) as HTMLButtonElement).disabled
    ).toBe(true);
  });

  it('links to the account page for a key Lab cannot rotate', () => {
    render(
      <RotationReminder
        reminder={{ ...reminder, ageDays: 1, canRotate: false }}
        apiKeysUrl="https://account.qbraid.com/api-keys"
        busy={false}
        onRotate={jest.fn()}
        trans={trans}
      />
    );
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('has been in use here for 1 day.');
    expect(within(note).queryByRole('button')).toBeNull();
    expect(
      within(note)
        .getByRole('link', { name: 'Rotate it on the account page' })
        .getAttribute('href')
    ).toBe('https://account.qbraid.com/api-keys');
  });
});
