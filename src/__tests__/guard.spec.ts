import { PromiseDelegate } from '@lumino/coreutils';

import { IScanState, QbraidApiError } from '../api';
import { DEFAULT_GUARD_PREFERENCES, GuardModel } from '../guard/model';
import { apiError, fakeApi, SCAN_NOTEBOOK, scanState } from './fixtures';

const CHECK_MS = 250;

let api: ReturnType<typeof fakeApi>;
let model: GuardModel;
let changed: jest.Mock;
let consoleError: jest.SpyInstance;

function makeModel(options: Partial<GuardModel.IOptions> = {}): GuardModel {
  model = new GuardModel({ api, scanCheckMs: CHECK_MS, ...options });
  changed = jest.fn();
  model.changed.connect(changed);
  return model;
}

const running = (filesScanned: number, overrides: Partial<IScanState> = {}) =>
  scanState({ state: 'running', filesScanned, currentDir: 'work', ...overrides });

/** Let pending promise callbacks run, without moving fake time. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

beforeEach(() => {
  api = fakeApi();
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('GuardModel state', () => {
  it('starts with the defaults and no scan, without calling the server', () => {
    makeModel();

    expect(DEFAULT_GUARD_PREFERENCES).toEqual({
      redactOnSave: true,
      scanExclusions: []
    });
    expect(model.preferences).toEqual(DEFAULT_GUARD_PREFERENCES);
    expect(model.scan).toEqual({
      data: null,
      updatedAt: null,
      error: null,
      loading: false
    });
    expect(api.reloadSettings).not.toHaveBeenCalled();
    expect(api.scanState).not.toHaveBeenCalled();
  });

  it('uses the real api by default', () => {
    // Only that it can be built without one; no call is made.
    expect(() => new GuardModel()).not.toThrow();
  });
});

describe('GuardModel.preferences', () => {
  it('sends nothing for the settings Lab starts with, but says they changed', () => {
    makeModel();

    model.preferences = { redactOnSave: false, scanExclusions: ['*.csv'] };

    // The server read them from the settings file itself when it started.
    expect(api.reloadSettings).not.toHaveBeenCalled();
    expect(changed).toHaveBeenCalledTimes(1);
    expect(model.preferences).toEqual({
      redactOnSave: false,
      scanExclusions: ['*.csv']
    });
  });

  it('asks the server to read the settings now after each change of its own', () => {
    makeModel();
    model.preferences = { redactOnSave: true, scanExclusions: [] };

    model.preferences = { redactOnSave: false, scanExclusions: [] };
    model.preferences = { redactOnSave: false, scanExclusions: ['data/**'] };
    model.preferences = { redactOnSave: false, scanExclusions: ['data/**'] };

    expect(api.reloadSettings).toHaveBeenCalledTimes(2);
  });

  it('keeps a copy of what it was given', () => {
    makeModel();
    const chosen = { redactOnSave: true, scanExclusions: ['*.csv'] };

    model.preferences = chosen;
    chosen.scanExclusions.push('*.log');
    chosen.redactOnSave = false;

    expect(model.preferences).toEqual({
      redactOnSave: true,
      scanExclusions: ['*.csv']
    });
  });

  it('logs a failure to reach the server, and does not throw', async () => {
    makeModel();
    model.preferences = { redactOnSave: true, scanExclusions: [] };
    const failure = new QbraidApiError(apiError('server_error', 'Down.'), 500);
    api.reloadSettings.mockRejectedValueOnce(failure);

    expect(() => {
      model.preferences = { redactOnSave: true, scanExclusions: ['*.csv'] };
    }).not.toThrow();
    await settle();

    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls[0][0]).toContain(
      'the server did not read the settings'
    );
    expect(consoleError.mock.calls[0][1]).toBe(failure);
    expect(model.preferences.scanExclusions).toEqual(['*.csv']);
  });
});

describe('GuardModel.takeReport', () => {
  it('asks the server for the report of the path and hands it back', async () => {
    makeModel();
    const report = {
      path: 'work/bell.ipynb',
      found: true as const,
      redactedOutputs: 1,
      outputsLeft: 0,
      hints: ['abcd'],
      sources: [],
      other: 0,
      language: 'python',
      textLines: []
    };
    api.guardReport.mockResolvedValueOnce(report);

    await expect(model.takeReport('work/bell.ipynb')).resolves.toBe(report);

    expect(api.guardReport).toHaveBeenCalledWith('work/bell.ipynb');
  });

  it('lets a failure through to the caller', async () => {
    makeModel();
    const failure = new QbraidApiError(apiError('not_found', 'No such file.'), 404);
    api.guardReport.mockRejectedValueOnce(failure);

    await expect(model.takeReport('gone.ipynb')).rejects.toBe(failure);
  });
});

describe('GuardModel.startScan', () => {
  it('starts a scan with the exclusions and ends at once when it is done', async () => {
    makeModel();
    model.preferences = { redactOnSave: true, scanExclusions: ['*.csv'] };
    const done = scanState({ results: [SCAN_NOTEBOOK] });
    api.startScan.mockResolvedValueOnce(done);

    await model.startScan();

    expect(api.startScan).toHaveBeenCalledWith(['*.csv']);
    expect(api.scanState).not.toHaveBeenCalled();
    expect(model.scan.data).toEqual(done);
    expect(model.scan.error).toBeNull();
    expect(model.scan.loading).toBe(false);
    expect(model.scan.updatedAt).toBeInstanceOf(Date);
  });

  it('shows itself loading while the server answers', async () => {
    makeModel();
    const answer = new PromiseDelegate<IScanState>();
    api.startScan.mockReturnValueOnce(answer.promise);

    const scan = model.startScan();
    expect(model.scan.loading).toBe(true);
    expect(changed).toHaveBeenCalledTimes(1);

    answer.resolve(scanState());
    await scan;

    expect(model.scan.loading).toBe(false);
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('checks the state every scanCheckMs while the scan runs, then stops', async () => {
    jest.useFakeTimers();
    makeModel();
    const done = scanState({ filesScanned: 300, results: [SCAN_NOTEBOOK] });
    api.startScan.mockResolvedValueOnce(running(0));
    api.scanState
      .mockResolvedValueOnce(running(100))
      .mockResolvedValueOnce(running(200))
      .mockResolvedValueOnce(done);
    let ended = false;

    const scan = model.startScan().then(() => {
      ended = true;
    });
    await settle();
    expect(model.scan.data!.state).toBe('running');
    expect(api.scanState).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(CHECK_MS - 1);
    expect(api.scanState).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(api.scanState).toHaveBeenCalledTimes(1);
    expect(model.scan.data!.filesScanned).toBe(100);

    await jest.advanceTimersByTimeAsync(CHECK_MS);
    expect(api.scanState).toHaveBeenCalledTimes(2);
    expect(model.scan.data!.filesScanned).toBe(200);
    expect(ended).toBe(false);

    await jest.advanceTimersByTimeAsync(CHECK_MS);
    await scan;
    expect(ended).toBe(true);
    expect(api.scanState).toHaveBeenCalledTimes(3);
    expect(model.scan.data).toEqual(done);

    // Nothing more is asked once the scan is over.
    await jest.advanceTimersByTimeAsync(10 * CHECK_MS);
    expect(api.scanState).toHaveBeenCalledTimes(3);
    expect(api.startScan).toHaveBeenCalledTimes(1);
  });

  it('checks every 500 ms unless told otherwise', async () => {
    jest.useFakeTimers();
    model = new GuardModel({ api });
    api.startScan.mockResolvedValueOnce(running(0));

    const scan = model.startScan();
    await settle();
    await jest.advanceTimersByTimeAsync(499);
    expect(api.scanState).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(api.scanState).toHaveBeenCalledTimes(1);
    await scan;
  });

  it('joins the running scan on a second call', async () => {
    makeModel({ scanCheckMs: 1 });
    api.startScan.mockResolvedValueOnce(running(0));
    api.scanState.mockResolvedValueOnce(running(50)).mockResolvedValueOnce(scanState());

    const first = model.startScan();
    await settle();
    const second = model.startScan();
    expect(second).toBe(first);
    await Promise.all([first, second]);

    expect(api.startScan).toHaveBeenCalledTimes(1);
    expect(api.scanState).toHaveBeenCalledTimes(2);
  });

  it('starts afresh once the last scan is over', async () => {
    makeModel({ scanCheckMs: 1 });

    await model.startScan();
    await model.startScan();

    expect(api.startScan).toHaveBeenCalledTimes(2);
  });

  it('keeps a failure to start in scan.error, without throwing', async () => {
    makeModel();
    const busy = apiError('busy', 'A scan is already running.');
    api.startScan.mockRejectedValueOnce(new QbraidApiError(busy, 409));

    await expect(model.startScan()).resolves.toBeUndefined();

    expect(model.scan).toEqual({
      data: null,
      updatedAt: null,
      error: busy,
      loading: false,
      retryAt: null
    });
    expect(api.scanState).not.toHaveBeenCalled();
  });

  it('keeps the last state and the error when checks fail, and stops after three', async () => {
    makeModel({ scanCheckMs: 1 });
    const gone = apiError(
      'server_unreachable',
      'The Jupyter server cannot be reached.'
    );
    api.startScan.mockResolvedValueOnce(running(10));
    api.scanState.mockRejectedValue(new QbraidApiError(gone, 0));

    await model.startScan();

    expect(api.scanState).toHaveBeenCalledTimes(3);
    expect(model.scan.data).toEqual(running(10));
    expect(model.scan.error).toEqual(gone);
    expect(model.scan.loading).toBe(false);
  });

  it('goes on following the scan after one failed check', async () => {
    makeModel({ scanCheckMs: 1 });
    const gone = apiError(
      'server_unreachable',
      'The Jupyter server cannot be reached.'
    );
    api.startScan.mockResolvedValueOnce(running(10));
    api.scanState
      .mockRejectedValueOnce(new QbraidApiError(gone, 0))
      .mockResolvedValueOnce({ ...running(20), state: 'done' });

    await model.startScan();

    expect(api.scanState).toHaveBeenCalledTimes(2);
    expect(model.scan.data?.state).toBe('done');
    expect(model.scan.error).toBeNull();
  });

  it('describes an error that is not the api’s as a server error', async () => {
    makeModel();
    api.startScan.mockRejectedValueOnce(new TypeError('boom'));

    await model.startScan();

    expect(model.scan.error).toEqual(apiError('server_error', 'TypeError: boom'));
  });

  it('clears the last error once a call succeeds', async () => {
    makeModel();
    api.startScan.mockRejectedValueOnce(
      new QbraidApiError(apiError('busy', 'Busy.'), 409)
    );
    await model.startScan();
    expect(model.scan.error).not.toBeNull();

    await model.startScan();

    expect(model.scan.error).toBeNull();
    expect(model.scan.data).toEqual(scanState());
  });
});

describe('GuardModel.cancelScan', () => {
  it('cancels and shows the cancelled state', async () => {
    makeModel();
    const cancelled = scanState({ state: 'cancelled', filesScanned: 40 });
    api.cancelScan.mockResolvedValueOnce(cancelled);

    await model.cancelScan();

    expect(api.cancelScan).toHaveBeenCalledTimes(1);
    expect(model.scan.data).toEqual(cancelled);
    expect(model.scan.error).toBeNull();
  });

  it('ends a running scan’s checks once the server says it is cancelled', async () => {
    jest.useFakeTimers();
    makeModel();
    api.startScan.mockResolvedValueOnce(running(0));
    api.scanState
      .mockResolvedValueOnce(running(20))
      .mockResolvedValue(scanState({ state: 'cancelled', filesScanned: 25 }));
    const scan = model.startScan();
    await jest.advanceTimersByTimeAsync(CHECK_MS);
    expect(model.scan.data!.state).toBe('running');

    await model.cancelScan();
    expect(model.scan.data!.state).toBe('cancelled');
    await jest.advanceTimersByTimeAsync(CHECK_MS);
    await scan;

    expect(api.scanState).toHaveBeenCalledTimes(2);
    expect(model.scan.data!.state).toBe('cancelled');
  });

  it('keeps a failure in scan.error, without throwing', async () => {
    makeModel();
    const failure = apiError(
      'server_error',
      'The qBraid server extension failed (500).'
    );
    api.cancelScan.mockRejectedValueOnce(new QbraidApiError(failure, 500));

    await expect(model.cancelScan()).resolves.toBeUndefined();

    expect(model.scan.error).toEqual(failure);
  });
});

describe('GuardModel.redact', () => {
  it('redacts the file, then fetches the scan state again', async () => {
    makeModel();
    const after = scanState({ results: [{ ...SCAN_NOTEBOOK, outputs: 0 }] });
    api.scanState.mockResolvedValueOnce(after);

    const result = await model.redact('work/bell.ipynb');

    expect(api.redactFile).toHaveBeenCalledWith('work/bell.ipynb');
    expect(result.redactedOutputs).toBe(2);
    expect(result.path).toBe('work/bell.ipynb');
    expect(api.redactFile.mock.invocationCallOrder[0]).toBeLessThan(
      api.scanState.mock.invocationCallOrder[0]
    );
    expect(model.scan.data).toEqual(after);
  });

  it('throws when the file was not redacted, and leaves the scan as it was', async () => {
    makeModel();
    const failure = new QbraidApiError(apiError('not_found', 'No such file.'), 404);
    api.redactFile.mockRejectedValueOnce(failure);

    await expect(model.redact('gone.ipynb')).rejects.toBe(failure);

    expect(api.scanState).not.toHaveBeenCalled();
    expect(model.scan.error).toBeNull();
  });

  it('still hands back the redaction when the state cannot be fetched after it', async () => {
    makeModel();
    const gone = apiError(
      'server_unreachable',
      'The Jupyter server cannot be reached.'
    );
    api.scanState.mockRejectedValueOnce(new QbraidApiError(gone, 0));

    const result = await model.redact('work/bell.ipynb');

    expect(result.redactedOutputs).toBe(2);
    expect(model.scan.error).toEqual(gone);
  });
});
