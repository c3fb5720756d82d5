import { PromiseDelegate } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';

import { IKernelsChange, IKernelsSnapshot, QbraidApiError } from '../api';
import { DEFAULT_KERNEL_PREFERENCES, KernelsModel } from '../kernels/model';
import {
  apiError,
  fakeApi,
  FakeAccount,
  kernelsChange,
  kernelsSnapshot,
  NOTEBOOK_KERNEL,
  ORPHAN_KERNEL,
  SHARED_KERNEL,
  rejection
} from './fixtures';

const FOLLOW_UP_MS = 1500;

/** Run due timers and the promise chains they start (the throttler waits on a timer). */
async function flush(ms = 0): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

let api: ReturnType<typeof fakeApi>;
let account: FakeAccount;
/** Stands in for Lab's `serviceManager.kernels.runningChanged`. */
let running: Signal<object, void>;
let model: KernelsModel;

beforeEach(() => {
  jest.useFakeTimers();
  api = fakeApi();
  account = new FakeAccount();
  running = new Signal<object, void>({});
  model = new KernelsModel({ account, api, kernelsChanged: running });
});

afterEach(() => {
  model.dispose();
  jest.clearAllTimers();
  jest.useRealTimers();
});

/** The account as it is once the server has answered with a key ending in `hint`. */
function answerConfigured(hint: string | null = '…abcd'): void {
  account.configured = true;
  account.key = hint === null ? null : { hint, source: 'qbraidrc' };
  account.emit();
}

function answerNotConfigured(): void {
  account.configured = false;
  account.key = null;
  account.emit();
}

/** A model on screen whose first snapshot has landed; the api's call counts are reset. */
async function visibleModel(): Promise<void> {
  model.setVisible(true);
  await flush();
  expect(api.kernels).toHaveBeenCalledTimes(1);
  expect(model.snapshot.data).toEqual(kernelsSnapshot());
  api.kernels.mockClear();
}

describe('KernelsModel snapshot', () => {
  it('starts empty, idle, with the default preferences, and calls nothing by itself', async () => {
    expect(model.snapshot).toEqual({
      data: null,
      updatedAt: null,
      error: null,
      loading: false
    });
    expect(model.busy).toBe(false);
    expect(model.preferences).toEqual(DEFAULT_KERNEL_PREFERENCES);
    expect(DEFAULT_KERNEL_PREFERENCES).toEqual({
      variableName: 'QBRAID_API_KEY',
      autoInject: true
    });

    answerConfigured();
    running.emit();
    await flush(5000);

    expect(api.kernels).not.toHaveBeenCalled();
    expect(api.reloadSettings).not.toHaveBeenCalled();
    expect(api.injectIntoKernels).not.toHaveBeenCalled();
    expect(api.removeFromKernels).not.toHaveBeenCalled();
  });

  it('is loading while the kernels are read, then holds the snapshot', async () => {
    const answer = new PromiseDelegate<IKernelsSnapshot>();
    api.kernels.mockReturnValue(answer.promise);
    const seen: boolean[] = [];
    model.changed.connect(() => seen.push(model.snapshot.loading));

    const refreshed = model.refresh();

    expect(model.snapshot.loading).toBe(true);
    expect(model.snapshot.data).toBeNull();
    expect(seen).toEqual([true]);

    const before = Date.now();
    const snapshot = kernelsSnapshot({ kernels: [ORPHAN_KERNEL] });
    answer.resolve(snapshot);
    await refreshed;

    expect(model.snapshot.data).toEqual(snapshot);
    expect(model.snapshot.error).toBeNull();
    expect(model.snapshot.loading).toBe(false);
    expect(model.snapshot.updatedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(seen).toEqual([true, false]);
    expect(api.kernels).toHaveBeenCalledTimes(1);
  });

  it('keeps the last snapshot, marked with the error, when a refresh fails', async () => {
    await model.refresh();
    const updatedAt = model.snapshot.updatedAt;
    const failure = apiError('server_error', 'The kernels could not be listed.');
    api.kernels.mockRejectedValue(new QbraidApiError(failure, 500));

    await model.refresh();

    expect(model.snapshot).toEqual({
      data: kernelsSnapshot(),
      updatedAt,
      error: failure,
      loading: false,
      retryAt: null
    });
  });

  it('shows an error without data when the first read fails', async () => {
    const failure = apiError('not_configured', 'No key is set.');
    api.kernels.mockRejectedValue(new QbraidApiError(failure, 409));

    await model.refresh();

    expect(model.snapshot).toEqual({
      data: null,
      updatedAt: null,
      error: failure,
      loading: false,
      retryAt: null
    });
  });

  it('reports an unexpected exception as a server_error', async () => {
    api.kernels.mockRejectedValue(new Error('boom'));

    await model.refresh();

    expect(model.snapshot.error).toMatchObject({
      kind: 'server_error',
      message: 'Error: boom'
    });
  });

  it('clears the error once a later refresh succeeds', async () => {
    api.kernels.mockRejectedValueOnce(
      new QbraidApiError(apiError('server_unreachable', 'Down.'), 0)
    );
    await model.refresh();
    expect(model.snapshot.error).not.toBeNull();

    const snapshot = kernelsSnapshot({ kernels: [] });
    api.kernels.mockResolvedValue(snapshot);
    await model.refresh();

    expect(model.snapshot.error).toBeNull();
    expect(model.snapshot.data).toEqual(snapshot);
  });

  describe('when answers cross', () => {
    let first: PromiseDelegate<IKernelsSnapshot>;
    let second: PromiseDelegate<IKernelsSnapshot>;
    const older = kernelsSnapshot({ kernels: [NOTEBOOK_KERNEL] });
    const newer = kernelsSnapshot({ kernels: [SHARED_KERNEL] });

    beforeEach(() => {
      first = new PromiseDelegate();
      second = new PromiseDelegate();
      api.kernels
        .mockReturnValueOnce(first.promise)
        .mockReturnValueOnce(second.promise);
    });

    it('ignores the answer to an older refresh that comes last', async () => {
      const a = model.refresh();
      const b = model.refresh();

      second.resolve(newer);
      await b;
      const changed = jest.fn();
      model.changed.connect(changed);
      first.resolve(older);
      await a;

      expect(model.snapshot.data).toEqual(newer);
      expect(changed).not.toHaveBeenCalled();
    });

    it('stays loading until the newest request has answered', async () => {
      const a = model.refresh();
      const b = model.refresh();

      first.resolve(older);
      await a;
      expect(model.snapshot.loading).toBe(true);
      expect(model.snapshot.data).toBeNull();

      second.resolve(newer);
      await b;
      expect(model.snapshot.loading).toBe(false);
      expect(model.snapshot.data).toEqual(newer);
    });

    it('ignores an older refresh that fails after a newer one answered', async () => {
      const a = model.refresh();
      const b = model.refresh();

      second.resolve(newer);
      await b;
      first.reject(new QbraidApiError(apiError('server_error', 'Old failure.'), 500));
      await a;

      expect(model.snapshot.error).toBeNull();
      expect(model.snapshot.data).toEqual(newer);
    });

    it('shows a newer failure over an older answer that comes last', async () => {
      const failure = apiError('server_error', 'New failure.');
      const a = model.refresh();
      const b = model.refresh();

      second.reject(new QbraidApiError(failure, 500));
      await b;
      first.resolve(older);
      await a;

      expect(model.snapshot.error).toEqual(failure);
      expect(model.snapshot.data).toBeNull();
    });
  });
});

describe('KernelsModel preferences', () => {
  it('takes a copy and says it changed, sending nothing for the settings Lab starts with', async () => {
    const changed = jest.fn();
    model.changed.connect(changed);
    const chosen = { variableName: 'MY_QBRAID_KEY', autoInject: false };

    model.preferences = chosen;
    chosen.variableName = 'CHANGED_AFTERWARDS';

    expect(model.preferences).toEqual({
      variableName: 'MY_QBRAID_KEY',
      autoInject: false
    });
    expect(changed).toHaveBeenCalledTimes(1);
    await flush();
    // The server read them from the settings file itself when it started.
    expect(api.reloadSettings).not.toHaveBeenCalled();
    expect(api.kernels).not.toHaveBeenCalled();
  });

  it('after a change, asks the server to read the settings now, then shows the kernels', async () => {
    model.preferences = DEFAULT_KERNEL_PREFERENCES;
    api.kernels.mockResolvedValue(
      kernelsSnapshot({ variable: 'MY_QBRAID_KEY', autoInject: false })
    );

    model.preferences = { variableName: 'MY_QBRAID_KEY', autoInject: false };
    await flush();

    expect(api.reloadSettings).toHaveBeenCalledTimes(1);
    expect(api.reloadSettings.mock.invocationCallOrder[0]).toBeLessThan(
      api.kernels.mock.invocationCallOrder[0]
    );
    expect(model.snapshot.data).toEqual(
      kernelsSnapshot({ variable: 'MY_QBRAID_KEY', autoInject: false })
    );
  });

  it('sends nothing when another preference changed', async () => {
    model.preferences = DEFAULT_KERNEL_PREFERENCES;
    model.preferences = { ...DEFAULT_KERNEL_PREFERENCES };
    await flush();

    expect(api.reloadSettings).not.toHaveBeenCalled();
  });

  it('asks only once Lab has restored', async () => {
    const restored = new PromiseDelegate<void>();
    model.dispose();
    model = new KernelsModel({
      account,
      api,
      kernelsChanged: running,
      restored: restored.promise
    });
    model.preferences = DEFAULT_KERNEL_PREFERENCES;

    model.preferences = { variableName: 'MY_QBRAID_KEY', autoInject: true };
    await flush();
    expect(api.reloadSettings).not.toHaveBeenCalled();

    restored.resolve();
    await flush();
    expect(api.reloadSettings).toHaveBeenCalledTimes(1);
  });

  it('shows a failure as the snapshot’s error, keeping the preferences', async () => {
    await model.refresh();
    model.preferences = DEFAULT_KERNEL_PREFERENCES;
    const failure = apiError('server_error', 'The settings could not be read.');
    api.reloadSettings.mockRejectedValue(new QbraidApiError(failure, 500));

    model.preferences = { variableName: 'MY_QBRAID_KEY', autoInject: true };
    await flush();

    expect(model.snapshot.error).toEqual(failure);
    expect(model.snapshot.data).toEqual(kernelsSnapshot());
    expect(model.preferences.variableName).toBe('MY_QBRAID_KEY');
  });

  it('outranks a refresh that was asked before it', async () => {
    model.preferences = DEFAULT_KERNEL_PREFERENCES;
    const read = new PromiseDelegate<IKernelsSnapshot>();
    api.kernels.mockReturnValueOnce(read.promise);
    api.kernels.mockResolvedValueOnce(kernelsSnapshot({ variable: 'MY_QBRAID_KEY' }));
    const refreshed = model.refresh();

    model.preferences = { variableName: 'MY_QBRAID_KEY', autoInject: true };
    await flush();
    read.resolve(kernelsSnapshot({ variable: 'QBRAID_API_KEY' }));
    await refreshed;

    expect(model.snapshot.data!.variable).toBe('MY_QBRAID_KEY');
  });
});

describe('KernelsModel inject and remove', () => {
  type Change = {
    name: string;
    run: () => Promise<IKernelsChange>;
    api: () => jest.Mock<Promise<IKernelsChange>, []>;
  };
  const changes: Change[] = [
    { name: 'inject', run: () => model.inject(), api: () => api.injectIntoKernels },
    { name: 'remove', run: () => model.remove(), api: () => api.removeFromKernels }
  ];

  describe.each(changes.map(change => [change.name, change] as const))(
    '%s()',
    (_, change) => {
      it('is busy while the server works, then shows and returns its result', async () => {
        const answer = new PromiseDelegate<IKernelsChange>();
        change.api().mockReturnValue(answer.promise);
        const seen: boolean[] = [];
        model.changed.connect(() => seen.push(model.busy));

        const pending = change.run();

        expect(model.busy).toBe(true);
        expect(seen).toEqual([true]);
        const result = kernelsChange({ kernels: [ORPHAN_KERNEL], durationMs: 250 });
        answer.resolve(result);

        await expect(pending).resolves.toBe(result);
        expect(model.busy).toBe(false);
        expect(seen[seen.length - 1]).toBe(false);
        expect(model.snapshot.data).toEqual(result);
        expect(model.snapshot.error).toBeNull();
        expect(model.snapshot.loading).toBe(false);
        expect(change.api()).toHaveBeenCalledTimes(1);
        expect(api.kernels).not.toHaveBeenCalled();
      });

      it('refuses a second change while one runs, without calling the server', async () => {
        const answer = new PromiseDelegate<IKernelsChange>();
        change.api().mockReturnValue(answer.promise);
        const first = change.run();

        for (const other of changes) {
          const error = await rejection(other.run());
          expect(error.kind).toBe('busy');
          expect(error.status).toBe(409);
          expect(error.message).toBe(
            'The kernels are still being updated; try again when that is done.'
          );
        }
        expect(
          api.injectIntoKernels.mock.calls.length +
            api.removeFromKernels.mock.calls.length
        ).toBe(1);
        expect(model.busy).toBe(true);

        answer.resolve(kernelsChange());
        await first;
        expect(model.busy).toBe(false);

        await change.run();
        expect(change.api()).toHaveBeenCalledTimes(2);
      });

      it('passes a failure on, keeping the snapshot, and is no longer busy', async () => {
        await model.refresh();
        const before = model.snapshot;
        const failure = new QbraidApiError(
          apiError('not_configured', 'No key is set.'),
          409
        );
        change.api().mockRejectedValue(failure);

        await expect(change.run()).rejects.toBe(failure);

        expect(model.busy).toBe(false);
        expect(model.snapshot).toBe(before);
      });
    }
  );

  it('lets the server’s result replace the shown snapshot', async () => {
    await model.refresh();
    const removed = kernelsChange({
      kernels: [{ ...NOTEBOOK_KERNEL, state: 'not_injected' }],
      durationMs: 9
    });
    api.removeFromKernels.mockResolvedValue(removed);

    await model.remove();

    expect(model.snapshot.data!.kernels.map(kernel => kernel.state)).toEqual([
      'not_injected'
    ]);
  });
});

describe('KernelsModel visibility', () => {
  it('refreshes when it comes on screen, not again while it stays there', async () => {
    model.setVisible(true);
    model.setVisible(true);
    await flush();

    expect(api.kernels).toHaveBeenCalledTimes(1);
    expect(model.snapshot.data).toEqual(kernelsSnapshot());
  });

  it('does not refresh when it goes off screen, and refreshes each time it comes back', async () => {
    model.setVisible(false);
    await flush();
    expect(api.kernels).not.toHaveBeenCalled();

    await visibleModel();
    model.setVisible(false);
    await flush();
    expect(api.kernels).not.toHaveBeenCalled();

    model.setVisible(true);
    await flush();
    expect(api.kernels).toHaveBeenCalledTimes(1);
  });

  it('ignores kernels starting and stopping while off screen', async () => {
    running.emit();
    await flush(5000);
    expect(api.kernels).not.toHaveBeenCalled();

    await visibleModel();
    model.setVisible(false);
    running.emit();
    running.emit();
    await flush(5000);

    expect(api.kernels).not.toHaveBeenCalled();
  });

  it('refreshes when kernels start or stop while on screen', async () => {
    await visibleModel();
    const next = kernelsSnapshot({
      kernels: [NOTEBOOK_KERNEL, SHARED_KERNEL, ORPHAN_KERNEL]
    });
    api.kernels.mockResolvedValue(next);

    running.emit();
    expect(api.kernels).not.toHaveBeenCalled();
    await flush(1000);

    expect(api.kernels).toHaveBeenCalledTimes(1);
    expect(model.snapshot.data).toEqual(next);
  });

  it('reads the kernels once for a burst of changes', async () => {
    await visibleModel();
    const answer = new PromiseDelegate<IKernelsSnapshot>();
    api.kernels.mockReturnValueOnce(answer.promise);

    for (let i = 0; i < 4; i++) {
      running.emit();
    }
    await flush(1000);
    expect(api.kernels).toHaveBeenCalledTimes(1);

    answer.resolve(kernelsSnapshot({ kernels: [] }));
    await flush();
    expect(model.snapshot.data!.kernels).toEqual([]);
  });

  it('reads again for a change that comes once the last read has answered', async () => {
    await visibleModel();

    running.emit();
    await flush(1000);
    running.emit();
    await flush(1000);

    expect(api.kernels).toHaveBeenCalledTimes(2);
  });
});

describe('KernelsModel key changes', () => {
  it('does not refresh for the account’s first answer', async () => {
    await visibleModel();

    answerConfigured();
    await flush(FOLLOW_UP_MS * 2);

    expect(api.kernels).not.toHaveBeenCalled();
  });

  it('refreshes at once and again 1.5 s later when the key changes on screen', async () => {
    answerConfigured('…abcd');
    await visibleModel();
    const followUp = kernelsSnapshot({ keyHint: '…6789' });
    api.kernels
      .mockResolvedValueOnce(kernelsSnapshot({ keyHint: '…abcd' }))
      .mockResolvedValueOnce(followUp);

    answerConfigured('…6789');
    expect(api.kernels).toHaveBeenCalledTimes(1);

    await flush(FOLLOW_UP_MS - 1);
    expect(api.kernels).toHaveBeenCalledTimes(1);
    expect(model.snapshot.data!.keyHint).toBe('…abcd');

    await flush(1);
    expect(api.kernels).toHaveBeenCalledTimes(2);
    expect(model.snapshot.data).toEqual(followUp);

    await flush(FOLLOW_UP_MS * 4);
    expect(api.kernels).toHaveBeenCalledTimes(2);
  });

  it('does not refresh when the account answers again with the same key', async () => {
    answerConfigured('…abcd');
    await visibleModel();

    answerConfigured('…abcd');
    account.emit();
    await flush(FOLLOW_UP_MS * 2);

    expect(api.kernels).not.toHaveBeenCalled();
  });

  it('ignores the account while it has not answered', async () => {
    answerConfigured('…abcd');
    await visibleModel();

    account.configured = null;
    account.key = null;
    account.emit();
    await flush(FOLLOW_UP_MS * 2);
    expect(api.kernels).not.toHaveBeenCalled();

    // Nor does the null hint count: the same key again is no change.
    answerConfigured('…abcd');
    await flush(FOLLOW_UP_MS * 2);
    expect(api.kernels).not.toHaveBeenCalled();
  });

  it('follows a key being removed and set again', async () => {
    answerConfigured('…abcd');
    await visibleModel();

    answerNotConfigured();
    await flush(FOLLOW_UP_MS);
    expect(api.kernels).toHaveBeenCalledTimes(2);

    answerConfigured('…wxyz');
    await flush(FOLLOW_UP_MS);
    expect(api.kernels).toHaveBeenCalledTimes(4);
  });

  it('follows the first key set after an answer without one', async () => {
    answerNotConfigured();
    await visibleModel();

    answerConfigured('…wxyz');
    await flush(FOLLOW_UP_MS);

    expect(api.kernels).toHaveBeenCalledTimes(2);
  });

  it('does not refresh for a key change off screen, but remembers the key', async () => {
    answerConfigured('…abcd');

    answerConfigured('…6789');
    await flush(FOLLOW_UP_MS * 2);
    expect(api.kernels).not.toHaveBeenCalled();

    await visibleModel();
    answerConfigured('…6789');
    await flush(FOLLOW_UP_MS * 2);
    expect(api.kernels).not.toHaveBeenCalled();
  });
});

describe('KernelsModel dispose', () => {
  it('stops following kernels and the account, and stops signalling', async () => {
    answerConfigured('…abcd');
    await visibleModel();
    const changed = jest.fn();
    model.changed.connect(changed);

    model.dispose();
    running.emit();
    answerConfigured('…6789');
    await flush(FOLLOW_UP_MS * 2);

    expect(api.kernels).not.toHaveBeenCalled();
    expect(changed).not.toHaveBeenCalled();
  });
});

describe('KernelsModel follows sessions and trailing changes', () => {
  it('looks again when a notebook session changes while on screen', async () => {
    const sessions = new Signal<object, void>({});
    model.dispose();
    model = new KernelsModel({
      account,
      api,
      kernelsChanged: running,
      sessionsChanged: sessions
    });
    model.setVisible(true);
    await flush();
    const before = api.kernels.mock.calls.length;

    sessions.emit();
    await flush(600);

    expect(api.kernels.mock.calls.length).toBe(before + 1);
  });

  it('does not lose a kernel change made while a read is running', async () => {
    const pending = new PromiseDelegate<IKernelsSnapshot>();
    model.setVisible(true);
    await flush();
    api.kernels.mockReturnValueOnce(pending.promise);
    const before = api.kernels.mock.calls.length;

    running.emit();
    await flush(600);
    expect(api.kernels.mock.calls.length).toBe(before + 1);
    // A kernel starts while that read is still out.
    running.emit();
    pending.resolve(kernelsSnapshot());
    await flush(600);

    expect(api.kernels.mock.calls.length).toBe(before + 2);
  });

  it('drops the follow-up read once the panel is hidden', async () => {
    model.setVisible(true);
    answerConfigured('…abcd');
    await flush();
    answerConfigured('…wxyz');
    await flush();
    const afterChange = api.kernels.mock.calls.length;

    model.setVisible(false);
    await flush(FOLLOW_UP_MS + 100);

    expect(api.kernels.mock.calls.length).toBe(afterChange);
  });
});
