import { Clipboard, Dialog, Notification } from '@jupyterlab/apputils';
import { acceptDialog, dismissDialog } from '@jupyterlab/testing';
import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';

import { IKeyRecord, QbraidApiError } from '../api';
import { KeyActions } from '../keys/keyActions';
import {
  ACTIVE_KEY,
  apiError,
  CREATED_KEY,
  FakeAccount,
  FakeKeys,
  keyList,
  NEW_SECRET,
  OTHER_KEY,
  PASTED_KEY,
  REVOKED_KEY,
  ROTATED_KEY,
  SET_KEY_RESULT,
  section,
  labNotices
} from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

let account: FakeAccount;
let keys: FakeKeys;
let actions: KeyActions;
let warning: jest.SpyInstance;
let error: jest.SpyInstance;
let success: jest.SpyInstance;
let copyToSystem: jest.SpyInstance;

const started: Promise<unknown>[] = [];

/** Start a flow; if a test fails before it ends, afterEach still settles it. */
function start(flow: Promise<void>): Promise<void> {
  started.push(flow.catch(() => undefined));
  return flow;
}

beforeEach(() => {
  account = new FakeAccount();
  account.configured = true;
  keys = new FakeKeys();
  keys.list = section({ data: keyList(), updatedAt: new Date() });
  actions = new KeyActions(account, keys, trans, labNotices());
  warning = jest.spyOn(Notification, 'warning').mockReturnValue('');
  error = jest.spyOn(Notification, 'error').mockReturnValue('');
  success = jest.spyOn(Notification, 'success').mockReturnValue('');
  copyToSystem = jest
    .spyOn(Clipboard, 'copyToSystem')
    .mockImplementation(() => undefined);
});

afterEach(async () => {
  // A test that failed half-way must not leave its dialog in the launch queue;
  // disposing it rejects the flow that waits on it, which `start` has caught.
  await act(async () => Dialog.flush());
  await Promise.all(started.splice(0));
  jest.restoreAllMocks();
});

/** The open dialog once it shows `title`; each flow waits for the one it expects. */
async function dialogTitled(title: string): Promise<HTMLElement> {
  const heading = await screen.findByText(title, { selector: '.jp-Dialog-header' });
  return heading.closest('.jp-Dialog') as HTMLElement;
}

/**
 * A dialog's footer button by its label. Lumino's <dialog> has no `open` attribute in
 * jsdom, so role queries inside it need `hidden: true`; the footer is read directly.
 */
function footerButton(dialog: HTMLElement, label: string): HTMLButtonElement {
  const buttons = Array.from(
    dialog.querySelectorAll<HTMLButtonElement>('.jp-Dialog-footer button')
  ).filter(button => button.textContent === label);
  expect(buttons).toHaveLength(1);
  return buttons[0];
}

/** Click a dialog's footer button by its label. */
async function press(dialog: HTMLElement, label: string): Promise<void> {
  const button = footerButton(dialog, label);
  await act(async () => {
    fireEvent.click(button);
  });
}

const buttonLabels = (dialog: HTMLElement) =>
  Array.from(dialog.querySelectorAll('.jp-Dialog-footer button')).map(
    button => button.textContent
  );

const openDialogs = () => document.body.querySelectorAll('.jp-Dialog').length;

/** Wait for a flow to end; it must end with no dialog left open. */
async function finished(flow: Promise<void>): Promise<void> {
  await act(async () => {
    await flow;
  });
  expect(openDialogs()).toBe(0);
}

describe('KeyActions.create', () => {
  async function nameDialog(): Promise<HTMLElement> {
    const dialog = await dialogTitled('Create a qBraid API key');
    await within(dialog).findByLabelText('Key name');
    return dialog;
  }

  async function typeName(dialog: HTMLElement, name: string): Promise<void> {
    await act(async () => {
      fireEvent.change(within(dialog).getByLabelText('Key name'), {
        target: { value: name }
      });
    });
  }

  it('asks for a name with Cancel and Create', async () => {
    const flow = start(actions.create());
    const dialog = await nameDialog();

    expect(buttonLabels(dialog)).toEqual(['Cancel', 'Create']);

    await press(dialog, 'Cancel');
    await finished(flow);
  });

  it('does nothing when cancelled', async () => {
    const flow = start(actions.create());
    const dialog = await nameDialog();
    await typeName(dialog, 'Notebook jobs');

    await press(dialog, 'Cancel');
    await finished(flow);

    expect(keys.create).not.toHaveBeenCalled();
    expect(warning).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('does nothing when dismissed with Escape', async () => {
    const flow = start(actions.create());
    await nameDialog();

    await act(() => dismissDialog());
    await finished(flow);

    expect(keys.create).not.toHaveBeenCalled();
  });

  it('creates a key with the trimmed name and shows its secret once', async () => {
    const flow = start(actions.create());
    const dialog = await nameDialog();
    await typeName(dialog, '  Notebook jobs  ');

    await press(dialog, 'Create');
    const secretDialog = await dialogTitled('Your new API key');

    expect(keys.create).toHaveBeenCalledTimes(1);
    expect(keys.create).toHaveBeenCalledWith('Notebook jobs');
    const field = (await within(secretDialog).findByLabelText(
      'Secret of Notebook jobs'
    )) as HTMLInputElement;
    expect(field.value).toBe(NEW_SECRET);
    expect(field.readOnly).toBe(true);
    expect(
      within(secretDialog).getByRole('alert', { hidden: true }).textContent
    ).toContain('it will not be shown again');
    // A new key is not used by Lab yet, so the dialog offers to use it.
    expect(buttonLabels(secretDialog)).toEqual([
      'Close',
      'Use this key in Lab',
      'Copy and close'
    ]);
    // While shown, the page does hold it: the check below is not vacuous.
    expect(document.body.innerHTML).toContain(NEW_SECRET);

    await press(secretDialog, 'Close');
    await finished(flow);

    expect(document.body.innerHTML).not.toContain(NEW_SECRET);
    expect(account.setKey).not.toHaveBeenCalled();
  });

  it('copies the secret from the secret dialog', async () => {
    const flow = start(actions.create());
    const dialog = await nameDialog();
    await typeName(dialog, 'Notebook jobs');
    await press(dialog, 'Create');
    const secretDialog = await dialogTitled('Your new API key');

    const copy = await within(secretDialog).findByRole('button', {
      name: 'Copy',
      hidden: true
    });
    await act(async () => {
      fireEvent.click(copy);
    });

    expect(copyToSystem).toHaveBeenCalledWith(NEW_SECRET);
    expect(copy.textContent).toBe('Copied');
    // Copying does not close the dialog.
    expect(openDialogs()).toBe(1);

    await press(secretDialog, 'Close');
    await finished(flow);
    expect(document.body.innerHTML).not.toContain(NEW_SECRET);
  });

  it('hands the new secret to the account when asked to use it', async () => {
    const flow = start(actions.create());
    const dialog = await nameDialog();
    await typeName(dialog, 'Notebook jobs');
    await press(dialog, 'Create');
    const secretDialog = await dialogTitled('Your new API key');
    await within(secretDialog).findByLabelText('Secret of Notebook jobs');

    await press(secretDialog, 'Use this key in Lab');
    await finished(flow);

    expect(account.setKey).toHaveBeenCalledWith(NEW_SECRET);
    expect(document.body.innerHTML).not.toContain(NEW_SECRET);
  });

  async function createdSecretDialog(): Promise<{
    flow: Promise<void>;
    secretDialog: HTMLElement;
  }> {
    const flow = start(actions.create());
    const dialog = await nameDialog();
    await typeName(dialog, 'Notebook jobs');
    await press(dialog, 'Create');
    const secretDialog = await dialogTitled('Your new API key');
    await within(secretDialog).findByLabelText('Secret of Notebook jobs');
    return { flow, secretDialog };
  }

  it('copies and closes on Enter, leaving Lab’s key as it was', async () => {
    const { flow } = await createdSecretDialog();
    // The default button has the focus.
    await waitFor(() =>
      expect(document.activeElement?.textContent).toBe('Copy and close')
    );

    await act(() => acceptDialog());
    await finished(flow);

    expect(account.setKey).not.toHaveBeenCalled();
    expect(copyToSystem).toHaveBeenCalledWith(NEW_SECRET);
    expect(success).toHaveBeenCalledWith('The secret of “Notebook jobs” was copied.', {
      autoClose: 5000
    });
  });

  it('closes with Close, neither copying nor changing Lab’s key', async () => {
    const { flow, secretDialog } = await createdSecretDialog();

    await press(secretDialog, 'Close');
    await finished(flow);

    expect(account.setKey).not.toHaveBeenCalled();
    expect(copyToSystem).not.toHaveBeenCalled();
  });

  it('says what "Use this key in Lab" would replace', async () => {
    account.key = { hint: 'abcd', source: 'qbraidrc' };
    const { flow, secretDialog } = await createdSecretDialog();

    expect(secretDialog.querySelector('.jp-Dialog-body')!.textContent).toContain(
      'makes it the key Lab uses, in place of the one ending in …abcd'
    );

    await press(secretDialog, 'Close');
    await finished(flow);
  });

  it('says what "Use this key in Lab" does when Lab has no key', async () => {
    const { flow, secretDialog } = await createdSecretDialog();

    const body = secretDialog.querySelector('.jp-Dialog-body')!.textContent!;
    expect(body).toContain('“Use this key in Lab” makes it the key Lab uses:');
    expect(body).not.toContain('in place of');

    await press(secretDialog, 'Close');
    await finished(flow);
  });

  it('warns, without calling the api, when the name would be refused', async () => {
    const flow = start(actions.create());
    const dialog = await nameDialog();
    await typeName(dialog, 'CI\trunner');
    expect(within(dialog).getByRole('alert', { hidden: true }).textContent).toContain(
      'printable characters'
    );

    await press(dialog, 'Create');
    await finished(flow);

    expect(keys.create).not.toHaveBeenCalled();
    expect(warning).toHaveBeenCalledWith(
      'The key was not created: A key name can only hold printable characters: no tabs, line breaks or invisible characters.'
    );
  });

  it('warns when Create is pressed without a name', async () => {
    const flow = start(actions.create());
    const dialog = await nameDialog();

    await press(dialog, 'Create');
    await finished(flow);

    expect(keys.create).not.toHaveBeenCalled();
    expect(warning).toHaveBeenCalledWith(
      'The key was not created: Give the key a name.'
    );
  });

  it('tells why the service refused, and shows no secret dialog', async () => {
    keys.create.mockRejectedValue(
      new QbraidApiError(apiError('busy', 'Another key change is still running.'), 409)
    );
    const flow = start(actions.create());
    const dialog = await nameDialog();
    await typeName(dialog, 'Notebook jobs');

    await press(dialog, 'Create');
    await finished(flow);

    expect(error).toHaveBeenCalledWith('Another key change is still running.');
    expect(screen.queryByText('Your new API key')).toBeNull();
  });
});

describe('KeyActions.rotate', () => {
  it('asks first, naming the key and the secret it replaces', async () => {
    const flow = start(actions.rotate(ACTIVE_KEY));
    const dialog = await dialogTitled('Rotate “Laptop”?');

    const body = dialog.querySelector('.jp-Dialog-body')!.textContent!;
    expect(body).toContain('…abcd');
    expect(body).toContain('stops working at once');
    expect(body).toContain('Lab switches to the new secret by itself.');
    expect(buttonLabels(dialog)).toEqual(['Cancel', 'Rotate']);
    expect(footerButton(dialog, 'Rotate').classList).toContain('jp-mod-warn');

    await press(dialog, 'Cancel');
    await finished(flow);
    expect(keys.rotate).not.toHaveBeenCalled();
  });

  it('does not say Lab switches for a key Lab does not use', async () => {
    const flow = start(actions.rotate(OTHER_KEY));
    const dialog = await dialogTitled('Rotate “CI runner”?');

    const body = dialog.querySelector('.jp-Dialog-body')!.textContent!;
    expect(body).toContain('…wxyz');
    expect(body).not.toContain('Lab switches');

    await act(() => dismissDialog());
    await finished(flow);
    expect(keys.rotate).not.toHaveBeenCalled();
  });

  it('does not rotate on Enter: Cancel is the default', async () => {
    const flow = start(actions.rotate(ACTIVE_KEY));
    await dialogTitled('Rotate “Laptop”?');

    await act(() => acceptDialog());
    await finished(flow);

    expect(keys.rotate).not.toHaveBeenCalled();
  });

  it('rotates the active key once confirmed and shows the new secret', async () => {
    const flow = start(actions.rotate(ACTIVE_KEY));
    await press(await dialogTitled('Rotate “Laptop”?'), 'Rotate');
    const secretDialog = await dialogTitled('Your new API key');

    expect(keys.rotate).toHaveBeenCalledTimes(1);
    expect(keys.rotate).toHaveBeenCalledWith('key-1');
    const field = (await within(secretDialog).findByLabelText(
      'Secret of Laptop'
    )) as HTMLInputElement;
    expect(field.value).toBe(NEW_SECRET);
    expect(within(secretDialog).getByText('Lab now uses the new secret.')).toBeTruthy();
    // Lab already switched: nothing to offer.
    expect(buttonLabels(secretDialog)).toEqual(['Close', 'Copy and close']);

    await press(secretDialog, 'Close');
    await finished(flow);
    expect(document.body.innerHTML).not.toContain(NEW_SECRET);
    expect(account.setKey).not.toHaveBeenCalled();
  });

  it('shows the problems of a rotation, and offers to use a key Lab did not use', async () => {
    keys.rotate.mockResolvedValue({
      ...ROTATED_KEY,
      key: { ...OTHER_KEY, hint: '6789' },
      wasActive: false,
      savedToFile: null,
      problems: ['The old secret is still cached on the service for a minute.']
    });
    const flow = start(actions.rotate(OTHER_KEY));
    await press(await dialogTitled('Rotate “CI runner”?'), 'Rotate');
    const secretDialog = await dialogTitled('Your new API key');
    await within(secretDialog).findByLabelText('Secret of CI runner');

    expect(keys.rotate).toHaveBeenCalledWith('key-2');
    expect(
      within(secretDialog).getByText(
        'The old secret is still cached on the service for a minute.'
      )
    ).toBeTruthy();
    expect(within(secretDialog).queryByText('Lab now uses the new secret.')).toBeNull();
    expect(buttonLabels(secretDialog)).toEqual([
      'Close',
      'Use this key in Lab',
      'Copy and close'
    ]);

    await press(secretDialog, 'Close');
    await finished(flow);
  });

  it('does not claim Lab uses the new secret when it could not be saved', async () => {
    keys.rotate.mockResolvedValue({
      ...ROTATED_KEY,
      savedToFile: false,
      problems: ['The new secret could not be written to ~/.qbraid/qbraidrc.']
    });
    const flow = start(actions.rotate(ACTIVE_KEY));
    await press(await dialogTitled('Rotate “Laptop”?'), 'Rotate');
    const secretDialog = await dialogTitled('Your new API key');
    await within(secretDialog).findByLabelText('Secret of Laptop');

    expect(
      within(secretDialog).getByText(
        'The new secret could not be written to ~/.qbraid/qbraidrc.'
      )
    ).toBeTruthy();
    expect(within(secretDialog).queryByText('Lab now uses the new secret.')).toBeNull();

    await press(secretDialog, 'Close');
    await finished(flow);
  });

  it('tells why a rotation failed, and shows no secret dialog', async () => {
    keys.rotate.mockRejectedValue(
      new QbraidApiError(apiError('not_found', 'That key no longer exists.', 404), 404)
    );
    const flow = start(actions.rotate(ACTIVE_KEY));
    await press(await dialogTitled('Rotate “Laptop”?'), 'Rotate');
    await finished(flow);

    expect(error).toHaveBeenCalledWith('That key no longer exists.');
  });
});

describe('KeyActions.rotateActive', () => {
  it('rotates the key Lab uses, after the same confirmation', async () => {
    const flow = start(actions.rotateActive());
    const dialog = await dialogTitled('Rotate “Laptop”?');
    expect(keys.refresh).not.toHaveBeenCalled();

    await press(dialog, 'Rotate');
    await press(await dialogTitled('Your new API key'), 'Close');
    await finished(flow);

    expect(keys.rotate).toHaveBeenCalledWith('key-1');
  });

  it('warns and changes nothing when no listed key is in use', async () => {
    keys.list = section({ data: keyList([OTHER_KEY]), updatedAt: new Date() });

    await finished(start(actions.rotateActive()));

    expect(warning).toHaveBeenCalledTimes(1);
    expect(warning.mock.calls[0][0]).toContain('there is none to rotate');
    expect(keys.rotate).not.toHaveBeenCalled();
  });

  it('fetches the list first when it has none, then looks again', async () => {
    keys.list = section();
    keys.refresh.mockImplementation(async () => {
      keys.list = section({ data: keyList([ACTIVE_KEY]), updatedAt: new Date() });
    });

    const flow = start(actions.rotateActive());
    const dialog = await dialogTitled('Rotate “Laptop”?');
    expect(keys.refresh).toHaveBeenCalledTimes(1);
    await press(dialog, 'Cancel');
    await finished(flow);

    expect(keys.rotate).not.toHaveBeenCalled();
  });

  it('warns when the list cannot be fetched', async () => {
    keys.list = section();

    await finished(start(actions.rotateActive()));

    expect(keys.refresh).toHaveBeenCalledTimes(1);
    expect(warning).toHaveBeenCalledTimes(1);
    expect(keys.rotate).not.toHaveBeenCalled();
  });
});

describe('KeyActions.revoke', () => {
  it('names the key, says it cannot be undone, and revokes once confirmed', async () => {
    keys.revoke.mockResolvedValue({
      ...REVOKED_KEY,
      problems: ['A kernel still has the old key in its environment.']
    });
    const flow = start(actions.revoke(OTHER_KEY));
    const dialog = await dialogTitled('Revoke “CI runner”?');

    const body = dialog.querySelector('.jp-Dialog-body')!.textContent!;
    expect(body).toContain('…wxyz');
    expect(body).toContain('This cannot be undone.');
    expect(body).not.toContain('Lab has no key');
    expect(buttonLabels(dialog)).toEqual(['Cancel', 'Revoke']);

    await press(dialog, 'Revoke');
    await finished(flow);

    expect(keys.revoke).toHaveBeenCalledTimes(1);
    expect(keys.revoke).toHaveBeenCalledWith('key-2');
    expect(success).toHaveBeenCalledWith('“CI runner” was revoked.', {
      autoClose: 5000
    });
    expect(warning).toHaveBeenCalledWith(
      'A kernel still has the old key in its environment.'
    );
  });

  it('does not revoke on Enter: Cancel is the default', async () => {
    const flow = start(actions.revoke(OTHER_KEY));
    await dialogTitled('Revoke “CI runner”?');

    await act(() => acceptDialog());
    await finished(flow);

    expect(keys.revoke).not.toHaveBeenCalled();
  });

  it('says Lab will have no key when revoking the key Lab uses', async () => {
    const flow = start(actions.revoke(ACTIVE_KEY));
    const dialog = await dialogTitled('Revoke “Laptop”?');

    const body = dialog.querySelector('.jp-Dialog-body')!.textContent!;
    expect(body).toContain('…abcd');
    expect(body).toContain('afterwards Lab has no key until you choose another');

    await press(dialog, 'Revoke');
    await finished(flow);
    expect(keys.revoke).toHaveBeenCalledWith('key-1');
  });

  it.each([
    ['Cancel', (dialog: HTMLElement) => press(dialog, 'Cancel')],
    ['Escape', () => act(() => dismissDialog())]
  ])('revokes nothing when dismissed with %s', async (_, dismiss) => {
    const flow = start(actions.revoke(ACTIVE_KEY));
    const dialog = await dialogTitled('Revoke “Laptop”?');

    await dismiss(dialog);
    await finished(flow);

    expect(keys.revoke).not.toHaveBeenCalled();
    expect(success).not.toHaveBeenCalled();
  });

  it('tells why a revocation failed and does not claim success', async () => {
    keys.revoke.mockRejectedValue(
      new QbraidApiError(apiError('forbidden', 'Not your key.', 403), 403)
    );
    const flow = start(actions.revoke(OTHER_KEY));
    await press(await dialogTitled('Revoke “CI runner”?'), 'Revoke');
    await finished(flow);

    expect(error).toHaveBeenCalledWith('Not your key.');
    expect(success).not.toHaveBeenCalled();
  });
});

describe('KeyActions.use', () => {
  async function pasteDialog(record: IKeyRecord): Promise<HTMLElement> {
    const dialog = await dialogTitled(`Use “${record.name}” in Lab`);
    await within(dialog).findByLabelText('qBraid API key');
    return dialog;
  }

  async function paste(dialog: HTMLElement, secret: string): Promise<void> {
    fireEvent.change(within(dialog).getByLabelText('qBraid API key'), {
      target: { value: secret }
    });
    await act(async () => {
      fireEvent.submit(dialog.querySelector('form')!);
    });
  }

  it('refuses a secret that is not the key’s, keeping the dialog open', async () => {
    const flow = start(actions.use(OTHER_KEY));
    const dialog = await pasteDialog(OTHER_KEY);

    await paste(dialog, 'qbr_SOMETHINGELSE0000abcd');

    expect(within(dialog).getByRole('alert', { hidden: true }).textContent).toBe(
      'That is not the secret of “CI runner”, which ends in …wxyz.'
    );
    expect(account.setKey).not.toHaveBeenCalled();
    expect(openDialogs()).toBe(1);

    await press(dialog, 'Cancel');
    await finished(flow);
  });

  it('hands the matching secret to the account and closes', async () => {
    const secret = 'qbr_THECIRUNNERSECRET0wxyz';
    const flow = start(actions.use(OTHER_KEY));
    const dialog = await pasteDialog(OTHER_KEY);

    await paste(dialog, secret);
    await finished(flow);

    expect(account.setKey).toHaveBeenCalledWith(secret);
    await waitFor(() => expect(document.body.innerHTML).not.toContain(secret));
  });
});

describe('KeyActions.setKey', () => {
  it('shows each notice of the server’s answer, and nothing else', async () => {
    const info = jest.spyOn(Notification, 'info').mockReturnValue('');
    account.setKey.mockResolvedValueOnce({
      ...SET_KEY_RESULT,
      notices: [
        {
          level: 'info',
          message: 'The key belongs to api.equal1.com; saved with its url.'
        },
        { level: 'warning', message: 'The SDK keeps using the access token.' }
      ]
    });

    await actions.setKey(PASTED_KEY);

    expect(account.setKey).toHaveBeenCalledWith(PASTED_KEY);
    expect(info.mock.calls).toEqual([
      ['The key belongs to api.equal1.com; saved with its url.', { autoClose: false }]
    ]);
    expect(warning.mock.calls).toEqual([
      ['The SDK keeps using the access token.', { autoClose: false }]
    ]);
    info.mockRestore();
  });

  it('rejects with why the key was not taken, showing nothing', async () => {
    const info = jest.spyOn(Notification, 'info').mockReturnValue('');
    const refusal = new QbraidApiError(
      apiError('key_rejected', 'Not a key.', 401),
      400
    );
    account.setKey.mockRejectedValueOnce(refusal);

    await expect(actions.setKey(PASTED_KEY)).rejects.toBe(refusal);
    expect(info).not.toHaveBeenCalled();
    expect(warning).not.toHaveBeenCalled();
    info.mockRestore();
  });
});

describe('KeyActions with the created key', () => {
  it('shows the name the service gave back, not the one typed', async () => {
    keys.create.mockResolvedValue({
      ...CREATED_KEY,
      key: { ...CREATED_KEY.key, name: 'Notebook jobs (2)' }
    });
    const flow = start(actions.create());
    const dialog = await dialogTitled('Create a qBraid API key');
    fireEvent.change(await within(dialog).findByLabelText('Key name'), {
      target: { value: 'Notebook jobs' }
    });

    await press(dialog, 'Create');
    const secretDialog = await dialogTitled('Your new API key');

    expect(
      await within(secretDialog).findByText('The secret of “Notebook jobs (2)”:')
    ).toBeTruthy();
    await press(secretDialog, 'Close');
    await finished(flow);
  });
});
