import { Dialog, Notification } from '@jupyterlab/apputils';
import { dismissDialog } from '@jupyterlab/testing';
import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, screen, within } from '@testing-library/react';

import { IScanState, QbraidApiError } from '../api';
import { showScanDialog } from '../guard/scanDialog';
import {
  apiError,
  FakeGuard,
  SCAN_NOTEBOOK,
  SCAN_TEXT,
  scanState,
  section,
  labNotices
} from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');
const TITLE = 'Scan files for qBraid keys';

let guard: FakeGuard;
let openFile: jest.Mock<void, [string]>;
let success: jest.SpyInstance;
let error: jest.SpyInstance;

const started: Promise<unknown>[] = [];

/** Open the dialog; if a test fails before it is closed, afterEach still settles it. */
function start(): Promise<void> {
  const flow = showScanDialog(guard, openFile, trans, labNotices());
  started.push(flow.catch(() => undefined));
  return flow;
}

beforeEach(() => {
  guard = new FakeGuard();
  openFile = jest.fn();
  success = jest.spyOn(Notification, 'success').mockReturnValue('');
  error = jest.spyOn(Notification, 'error').mockReturnValue('');
});

afterEach(async () => {
  await act(async () => Dialog.flush());
  await Promise.all(started.splice(0));
  jest.restoreAllMocks();
});

/** The open scan dialog, once its body has rendered. */
async function scanDialog(): Promise<HTMLElement> {
  const heading = await screen.findByText(TITLE, { selector: '.jp-Dialog-header' });
  const dialog = heading.closest('.jp-Dialog') as HTMLElement;
  await within(dialog).findByRole('status', { hidden: true });
  return dialog;
}

/** Show a new scan state, as the model does. */
async function showState(
  data: IScanState | null,
  err = guard.scan.error
): Promise<void> {
  await act(async () => {
    guard.scan = section({ data, error: err, updatedAt: data ? new Date() : null });
    guard.emit();
  });
}

const progress = (dialog: HTMLElement) =>
  within(dialog).getByRole('status', { hidden: true }).textContent;

/** A button in the dialog's body by its text. */
function bodyButtons(dialog: HTMLElement, label: string): HTMLButtonElement[] {
  return Array.from(
    dialog.querySelectorAll<HTMLButtonElement>('.jp-Dialog-body button')
  ).filter(button => button.textContent === label);
}

async function click(button: HTMLElement): Promise<void> {
  await act(async () => {
    fireEvent.click(button);
  });
}

const rows = (dialog: HTMLElement) =>
  Array.from(dialog.querySelectorAll<HTMLElement>('.jp-qbraid-ScanResult'));

const openDialogs = () => document.body.querySelectorAll('.jp-Dialog').length;

async function close(dialog: HTMLElement, flow: Promise<void>): Promise<void> {
  const buttons = Array.from(
    dialog.querySelectorAll<HTMLButtonElement>('.jp-Dialog-footer button')
  );
  expect(buttons.map(button => button.textContent)).toEqual(['Close']);
  await click(buttons[0]);
  await act(async () => {
    await flow;
  });
  expect(openDialogs()).toBe(0);
}

describe('showScanDialog', () => {
  it('starts a scan and says so until the first state arrives', async () => {
    const flow = start();
    const dialog = await scanDialog();

    expect(guard.startScan).toHaveBeenCalledTimes(1);
    expect(progress(dialog)).toBe('Starting the scan…');
    expect(bodyButtons(dialog, 'Cancel scan')).toHaveLength(0);
    expect(within(dialog).queryByText('No file holds a known qBraid key.')).toBeNull();

    await close(dialog, flow);
  });

  it('shows the progress while the scan runs, with a way to cancel it', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(
      scanState({ state: 'running', filesScanned: 42, currentDir: 'work/data' })
    );

    expect(progress(dialog)).toBe('Scanning… 42 files so far (work/data)');
    expect(within(dialog).queryByText('No file holds a known qBraid key.')).toBeNull();
    const cancel = bodyButtons(dialog, 'Cancel scan');
    expect(cancel).toHaveLength(1);

    await click(cancel[0]);

    expect(guard.cancelScan).toHaveBeenCalledTimes(1);
    await close(dialog, flow);
  });

  it('names the top folder while the scan is at Lab’s root', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(scanState({ state: 'running', filesScanned: 3, currentDir: null }));

    expect(progress(dialog)).toBe('Scanning… 3 files so far (/)');
    await close(dialog, flow);
  });

  it('follows the scan as it goes, to its end', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(scanState({ state: 'running', filesScanned: 10, currentDir: 'a' }));
    expect(progress(dialog)).toBe('Scanning… 10 files so far (a)');
    await showState(scanState({ state: 'running', filesScanned: 90, currentDir: 'b' }));
    expect(progress(dialog)).toBe('Scanning… 90 files so far (b)');

    await showState(scanState({ filesScanned: 120, elapsedMs: 1234 }));

    expect(progress(dialog)).toBe('Scanned 120 files in 1.2 s.');
    expect(bodyButtons(dialog, 'Cancel scan')).toHaveLength(0);
    expect(within(dialog).getByText('No file holds a known qBraid key.')).toBeTruthy();
    await close(dialog, flow);
  });

  it('says when the scan was cancelled', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(scanState({ state: 'cancelled', filesScanned: 40 }));

    expect(progress(dialog)).toBe('Scan cancelled after 40 files.');
    expect(bodyButtons(dialog, 'Cancel scan')).toHaveLength(0);
    await close(dialog, flow);
  });

  it('lists the files with a key, each opening its file', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(scanState({ results: [SCAN_NOTEBOOK, SCAN_TEXT] }));

    const list = within(dialog).getByRole('list', {
      name: 'Files with a key',
      hidden: true
    });
    expect(list).toBeTruthy();
    const [notebook, text] = rows(dialog);
    expect(rows(dialog)).toHaveLength(2);
    expect(within(dialog).queryByText('No file holds a known qBraid key.')).toBeNull();

    const openNotebook = notebook.querySelector<HTMLButtonElement>(
      '.jp-qbraid-LinkButton'
    )!;
    expect(openNotebook.textContent).toBe('work/bell.ipynb');
    expect(openNotebook.title).toBe('Open work/bell.ipynb');
    expect(notebook.querySelector('.jp-qbraid-ScanResult-where')!.textContent).toBe(
      'key …abcd in 2 outputs, 1 cell'
    );
    expect(text.querySelector('.jp-qbraid-LinkButton')!.textContent).toBe(
      'scripts/run.py'
    );
    expect(text.querySelector('.jp-qbraid-ScanResult-where')!.textContent).toBe(
      'key …abcd in 1 line'
    );

    await click(openNotebook);
    expect(openFile).toHaveBeenCalledWith('work/bell.ipynb');
    await click(text.querySelector<HTMLButtonElement>('.jp-qbraid-LinkButton')!);
    expect(openFile.mock.calls).toEqual([['work/bell.ipynb'], ['scripts/run.py']]);
    // Opening a file leaves the dialog open.
    expect(openDialogs()).toBe(1);

    await close(dialog, flow);
  });

  it('names every key of a file by its last four characters, and every place', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(
      scanState({
        results: [
          {
            ...SCAN_NOTEBOOK,
            outputs: 1,
            sources: 3,
            other: 2,
            hints: ['abcd', 'wxyz']
          },
          { ...SCAN_TEXT, sources: 4 },
          { ...SCAN_NOTEBOOK, path: 'meta.ipynb', outputs: 0, sources: 0, other: 1 }
        ]
      })
    );

    expect(
      rows(dialog).map(
        row => row.querySelector('.jp-qbraid-ScanResult-where')!.textContent
      )
    ).toEqual([
      'key …abcd, …wxyz in 1 output, 3 cells, 2 other places',
      'key …abcd in 4 lines',
      'key …abcd in 1 other place'
    ]);
    await close(dialog, flow);
  });

  it('shows the results found so far while the scan runs', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(
      scanState({
        state: 'running',
        filesScanned: 5,
        currentDir: 'w',
        results: [SCAN_TEXT]
      })
    );

    expect(rows(dialog)).toHaveLength(1);
    expect(bodyButtons(dialog, 'Cancel scan')).toHaveLength(1);
    await close(dialog, flow);
  });

  it('offers Redact outputs only for notebooks with outputs', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(
      scanState({
        results: [
          SCAN_NOTEBOOK,
          { ...SCAN_NOTEBOOK, path: 'code-only.ipynb', outputs: 0 },
          // A text file has no outputs; even a count there would not make it redactable.
          { ...SCAN_TEXT, outputs: 1 }
        ]
      })
    );

    expect(
      rows(dialog).map(row =>
        Array.from(row.querySelectorAll('button')).map(button => button.textContent)
      )
    ).toEqual([
      ['work/bell.ipynb', 'Redact outputs'],
      ['code-only.ipynb'],
      ['scripts/run.py']
    ]);
    await close(dialog, flow);
  });

  it('redacts a notebook’s outputs and says how many', async () => {
    const flow = start();
    const dialog = await scanDialog();
    await showState(scanState({ results: [SCAN_NOTEBOOK] }));

    await click(bodyButtons(dialog, 'Redact outputs')[0]);

    expect(guard.redact).toHaveBeenCalledTimes(1);
    expect(guard.redact).toHaveBeenCalledWith('work/bell.ipynb');
    expect(success).toHaveBeenCalledWith('Redacted 2 outputs of work/bell.ipynb.', {
      autoClose: 5000
    });
    expect(error).not.toHaveBeenCalled();
    expect(openDialogs()).toBe(1);
    await close(dialog, flow);
  });

  it('says one output in the singular', async () => {
    guard.redact.mockResolvedValueOnce({
      ...SCAN_NOTEBOOK,
      outputs: 0,
      redactedOutputs: 1
    });
    const flow = start();
    const dialog = await scanDialog();
    await showState(scanState({ results: [SCAN_NOTEBOOK] }));

    await click(bodyButtons(dialog, 'Redact outputs')[0]);

    expect(success).toHaveBeenCalledWith('Redacted 1 output of work/bell.ipynb.', {
      autoClose: 5000
    });
    await close(dialog, flow);
  });

  it('tells why a redaction failed', async () => {
    guard.redact.mockRejectedValueOnce(
      new QbraidApiError(
        apiError('invalid_input', 'The file changed since the scan.'),
        409
      )
    );
    const flow = start();
    const dialog = await scanDialog();
    await showState(scanState({ results: [SCAN_NOTEBOOK] }));

    await click(bodyButtons(dialog, 'Redact outputs')[0]);

    expect(success).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledWith(
      'work/bell.ipynb was not redacted: The file changed since the scan.',
      { autoClose: false }
    );
    await close(dialog, flow);
  });

  it('tells of a failure that is not the api’s', async () => {
    guard.redact.mockRejectedValueOnce(new TypeError('boom'));
    const flow = start();
    const dialog = await scanDialog();
    await showState(scanState({ results: [SCAN_NOTEBOOK] }));

    await click(bodyButtons(dialog, 'Redact outputs')[0]);

    expect(error).toHaveBeenCalledWith(
      'work/bell.ipynb was not redacted: TypeError: boom',
      {
        autoClose: false
      }
    );
    await close(dialog, flow);
  });

  it.each([
    ['time', 'The scan stopped at its time limit; some files were not checked.'],
    ['files', 'The scan stopped at its file limit; some files were not checked.'],
    [
      'error',
      'The scan stopped on an error; some files were not checked. The server log says which.'
    ]
  ] as const)(
    'warns that a scan cut short by %s is incomplete',
    async (reason, text) => {
      const flow = start();
      const dialog = await scanDialog();

      await showState(scanState({ truncated: true, reason, results: [SCAN_TEXT] }));

      const warnings = Array.from(dialog.querySelectorAll('.jp-qbraid-Warning'));
      expect(warnings.map(warning => warning.textContent)).toEqual([text]);
      await close(dialog, flow);
    }
  );

  it('shows no warning for a complete scan', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(scanState({ results: [SCAN_TEXT] }));

    expect(dialog.querySelectorAll('.jp-qbraid-Warning')).toHaveLength(0);
    await close(dialog, flow);
  });

  it('lists the files it skipped, folded', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(
      scanState({
        skipped: [
          { path: 'data/huge.csv', reason: 'larger than 10 MB' },
          { path: 'locked.ipynb', reason: 'permission denied' }
        ]
      })
    );

    const details = dialog.querySelector('details')!;
    expect(details).not.toBeNull();
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe(
      '2 files were too large or unreadable'
    );
    expect(
      Array.from(details.querySelectorAll('li')).map(li => li.textContent)
    ).toEqual(['data/huge.csv: larger than 10 MB', 'locked.ipynb: permission denied']);
    await close(dialog, flow);
  });

  it('has no skipped list when nothing was skipped', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(scanState());

    expect(dialog.querySelector('details')).toBeNull();
    await close(dialog, flow);
  });

  it('shows why the scan could not be followed, keeping the last state', async () => {
    const flow = start();
    const dialog = await scanDialog();
    await showState(scanState({ state: 'running', filesScanned: 8, currentDir: 'w' }));

    await showState(
      guard.scan.data,
      apiError('server_unreachable', 'The Jupyter server cannot be reached.')
    );

    expect(within(dialog).getByRole('alert', { hidden: true }).textContent).toBe(
      'The Jupyter server cannot be reached.'
    );
    expect(progress(dialog)).toBe('Scanning… 8 files so far (w)');
    await close(dialog, flow);
  });

  it('shows why a scan did not start', async () => {
    const flow = start();
    const dialog = await scanDialog();

    await showState(null, apiError('busy', 'A scan is already running.'));

    expect(within(dialog).getByRole('alert', { hidden: true }).textContent).toBe(
      'A scan is already running.'
    );
    expect(progress(dialog)).toBe('Starting the scan…');
    await close(dialog, flow);
  });

  it('leaves the scan running when closed, and shows it again when reopened', async () => {
    guard.scan = section({
      data: scanState({ state: 'running', filesScanned: 7, currentDir: 'x' })
    });
    let flow = start();
    let dialog = await scanDialog();
    expect(progress(dialog)).toBe('Scanning… 7 files so far (x)');

    await close(dialog, flow);
    expect(guard.cancelScan).not.toHaveBeenCalled();

    flow = start();
    dialog = await scanDialog();
    // The model joins the running scan; the dialog shows where it is.
    expect(guard.startScan).toHaveBeenCalledTimes(2);
    expect(progress(dialog)).toBe('Scanning… 7 files so far (x)');
    await close(dialog, flow);
  });

  it('closes with Escape', async () => {
    const flow = start();
    await scanDialog();

    await act(() => dismissDialog());
    await act(async () => {
      await flow;
    });

    expect(openDialogs()).toBe(0);
  });
});
