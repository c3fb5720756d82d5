import { PromiseDelegate } from '@lumino/coreutils';

import { IAccountSummary, QbraidApiError } from '../api';
import { AccountModel, DEFAULT_PREFERENCES } from '../account/model';
import {
  ACCOUNT,
  apiError,
  COMPUTE,
  CREDITS,
  fakeApi,
  LINKS,
  SET_KEY_RESULT,
  summary,
  unconfiguredSummary
} from './fixtures';

const AT = '2026-11-27T12:00:00.000Z';
const INTERVAL_MS = DEFAULT_PREFERENCES.refreshInterval * 1000;
const BACKOFF_MAX_MS = 10 * 60 * 1000;

/** Run due timers and the promise chains they start (the poll awaits between steps). */
async function flush(ms = 0): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

/** `model.refresh()` waits on a timer, so drive the fake clock until it settles. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  await flush();
  return promise;
}

let hidden = false;
let model: AccountModel;
let api: ReturnType<typeof fakeApi>;

function makeModel(
  theApi: ReturnType<typeof fakeApi>,
  preferences: Partial<typeof DEFAULT_PREFERENCES> = {}
): AccountModel {
  model = new AccountModel({ api: theApi, preferences });
  return model;
}

/** A model whose first fetch has landed, with one view on screen. */
async function readyModel(answer: IAccountSummary = summary()) {
  api = fakeApi(answer);
  makeModel(api);
  model.setViewVisible('panel', true);
  await flush();
  expect(api.summary).toHaveBeenCalledTimes(1);
  return model;
}

beforeAll(() => {
  // The model's standby reads document.hidden, which jsdom fixes at false.
  Object.defineProperty(document, 'hidden', {
    configurable: true,
    get: () => hidden
  });
});

afterAll(() => {
  delete (document as any).hidden;
});

beforeEach(() => {
  jest.useFakeTimers();
  hidden = false;
});

afterEach(() => {
  model?.dispose();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('AccountModel state', () => {
  it('starts with nothing known and does not call the api by itself', async () => {
    api = fakeApi();
    makeModel(api);

    expect(model.configured).toBeNull();
    expect(model.credential).toBeNull();
    expect(model.apiUrl).toBeNull();
    expect(model.key).toBeNull();
    expect(model.links).toBeNull();
    expect(model.notices).toEqual([]);
    for (const state of [model.account, model.credits, model.compute]) {
      expect(state).toEqual({
        data: null,
        updatedAt: null,
        error: null,
        loading: false
      });
    }
    expect(model.isLowOnCredits).toBe(false);

    await flush(10 * INTERVAL_MS);
    expect(api.summary).not.toHaveBeenCalled();
  });

  it('asks for nothing before Lab has restored, even with a view on screen', async () => {
    const restored = new PromiseDelegate<void>();
    api = fakeApi(summary());
    model = new AccountModel({ api, restored: restored.promise });

    model.setViewVisible('status', true);
    await flush();
    expect(api.summary).not.toHaveBeenCalled();

    restored.resolve();
    await flush();
    expect(api.summary).toHaveBeenCalledTimes(1);
  });

  it('marks every section loading while the first request is in flight', async () => {
    const answer = new PromiseDelegate<IAccountSummary>();
    api = fakeApi();
    api.summary.mockReturnValue(answer.promise);
    makeModel(api);

    model.setViewVisible('panel', true);
    await flush();

    expect(api.summary).toHaveBeenCalledTimes(1);
    for (const state of [model.account, model.credits, model.compute]) {
      expect(state.loading).toBe(true);
      expect(state.data).toBeNull();
    }

    answer.resolve(summary());
    await flush();
    for (const state of [model.account, model.credits, model.compute]) {
      expect(state.loading).toBe(false);
    }
  });

  it('holds the data of each section once the summary arrives', async () => {
    const notices = [{ level: 'warning' as const, message: 'qbraidrc is corrupt' }];
    await readyModel(summary({ notices }));

    const fetchedAt = new Date('2026-11-27T12:00:00.000Z');
    expect(model.configured).toBe(true);
    expect(model.key).toEqual({ hint: '…abcd', source: 'qbraidrc' });
    expect(model.links).toEqual(LINKS);
    expect(model.notices).toEqual(notices);
    expect(model.account).toEqual({
      data: ACCOUNT,
      updatedAt: fetchedAt,
      error: null,
      loading: false
    });
    expect(model.credits).toEqual({
      data: CREDITS,
      updatedAt: fetchedAt,
      error: null,
      loading: false
    });
    expect(model.compute).toEqual({
      data: COMPUTE,
      updatedAt: fetchedAt,
      error: null,
      loading: false
    });
    expect(model.poll.state.phase).toBe('resolved');
  });

  it('tells which credential and which API the server uses', async () => {
    await readyModel(
      summary({
        apiUrl: 'https://api.equal1.com/api/v1',
        apiUrlSource: 'key',
        credential: { kind: 'accessToken', hint: 'tok1', source: 'environment' },
        key: { hint: 'wxyz', source: 'qbraidrc' }
      })
    );

    expect(model.credential).toEqual({
      kind: 'accessToken',
      hint: 'tok1',
      source: 'environment'
    });
    expect(model.apiUrl).toEqual({
      url: 'https://api.equal1.com/api/v1',
      source: 'key'
    });
    // Lab's active key is still there: kernels get it while the token signs in.
    expect(model.key).toEqual({ hint: 'wxyz', source: 'qbraidrc' });
  });

  it('keeps the last good data of a part that failed, and marks it with the error', async () => {
    await readyModel();
    const firstUpdate = model.credits.updatedAt;
    const failure = apiError('rate_limited', 'Too many requests.', 429, 30);
    api.summary.mockResolvedValue(
      summary({
        fetchedAt: '2026-11-27T12:05:00.000Z',
        credits: { ok: false, error: failure }
      })
    );

    await settle(model.refresh());

    expect(api.summary).toHaveBeenCalledTimes(2);
    expect(model.credits.data).toEqual(CREDITS);
    expect(model.credits.updatedAt).toEqual(firstUpdate);
    expect(model.credits.error).toEqual(failure);
    // The other parts came back fine and moved on.
    expect(model.account.error).toBeNull();
    expect(model.account.updatedAt).toEqual(new Date('2026-11-27T12:05:00.000Z'));
    // A failed account or credits part counts as a failed poll, so it backs off.
    expect(model.poll.state.phase).toBe('rejected');
  });

  it('does not back off for a failed compute part alone', async () => {
    await readyModel();
    const failure = apiError('forbidden', 'Compute hours are not available.', 403);
    api.summary.mockResolvedValue(summary({ compute: { ok: false, error: failure } }));

    await settle(model.refresh());

    expect(model.compute.error).toEqual(failure);
    expect(model.compute.data).toEqual(COMPUTE);
    expect(model.poll.state.phase).toBe('resolved');
  });

  it('knows when Jupyter has no server part of ours, and forgets it once one answers', async () => {
    await readyModel();
    api.summary.mockRejectedValue(
      new QbraidApiError(apiError('server_missing', 'No server part.'), 404)
    );

    await settle(model.refresh());
    expect(model.serverMissing).toBe(true);

    api.summary.mockResolvedValue(summary());
    await settle(model.refresh());
    expect(model.serverMissing).toBe(false);
  });

  it('warns when the server part is another version than this page', async () => {
    await readyModel(summary({ serverVersion: '0.0.9' }));

    expect(model.notices).toEqual([
      {
        level: 'warning',
        message: expect.stringContaining('version 0.0.9 and this page')
      }
    ]);
  });

  it('adds no notice when the versions match', async () => {
    await readyModel();

    expect(model.notices).toEqual([]);
  });

  it('puts a whole-request failure on every section and keeps their data', async () => {
    await readyModel();
    const failure = apiError(
      'server_unreachable',
      'The Jupyter server cannot be reached.'
    );
    api.summary.mockRejectedValue(new QbraidApiError(failure, 0));

    await settle(model.refresh());

    expect(model.account).toMatchObject({
      data: ACCOUNT,
      error: failure,
      loading: false
    });
    expect(model.credits).toMatchObject({
      data: CREDITS,
      error: failure,
      loading: false
    });
    expect(model.compute).toMatchObject({
      data: COMPUTE,
      error: failure,
      loading: false
    });
    expect(model.configured).toBe(true);
    expect(model.poll.state.phase).toBe('rejected');
  });

  it('reports an unexpected exception as a server_error', async () => {
    await readyModel();
    api.summary.mockRejectedValue(new Error('boom'));

    await settle(model.refresh());

    expect(model.credits.error).toMatchObject({
      kind: 'server_error',
      message: 'Error: boom'
    });
  });

  it('clears the errors when a later request succeeds', async () => {
    await readyModel();
    api.summary.mockRejectedValue(
      new QbraidApiError(apiError('timeout', 'Timed out.'), 504)
    );
    await settle(model.refresh());
    expect(model.credits.error).not.toBeNull();

    api.summary.mockResolvedValue(summary());
    await settle(model.refresh());

    for (const state of [model.account, model.credits, model.compute]) {
      expect(state.error).toBeNull();
      expect(state.data).not.toBeNull();
    }
    // refresh() replaces the rejected tick, so this success counts as a plain one.
    expect(model.poll.state.phase).toBe('resolved');
    expect(model.poll.state.interval).toBe(INTERVAL_MS);
  });

  it('empties every section when no key is configured', async () => {
    await readyModel();
    api.summary.mockResolvedValue(unconfiguredSummary());

    await settle(model.refresh());

    expect(model.configured).toBe(false);
    expect(model.key).toBeNull();
    expect(model.links).toEqual(LINKS);
    for (const state of [model.account, model.credits, model.compute]) {
      expect(state).toEqual({
        data: null,
        updatedAt: null,
        error: null,
        loading: false
      });
    }
    expect(model.isLowOnCredits).toBe(false);
    // "No key" is an answer, not a failure: no backoff.
    expect(model.poll.state.phase).toBe('resolved');
  });

  it('emits changed when loading starts and when the answer lands', async () => {
    api = fakeApi();
    makeModel(api);
    const loadingSeen: boolean[] = [];
    model.changed.connect(() => loadingSeen.push(model.credits.loading));

    model.setViewVisible('panel', true);
    await flush();

    expect(loadingSeen[0]).toBe(true);
    expect(loadingSeen[loadingSeen.length - 1]).toBe(false);
  });
});

describe('AccountModel.isLowOnCredits', () => {
  it('compares the credits with the low-credit threshold', async () => {
    await readyModel(
      summary({
        credits: { ok: true, data: { ...CREDITS, qbraidCredits: 499 }, fetchedAt: AT }
      })
    );
    expect(model.isLowOnCredits).toBe(true);

    const changed = jest.fn();
    model.changed.connect(changed);
    model.preferences = { ...model.preferences, lowCreditThreshold: 499 };

    // Strictly under the threshold counts as low.
    expect(model.isLowOnCredits).toBe(false);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('takes the threshold from the constructor preferences', async () => {
    api = fakeApi();
    model = new AccountModel({ api, preferences: { lowCreditThreshold: 5000 } });
    model.setViewVisible('panel', true);
    await flush();

    expect(model.preferences).toEqual({
      refreshInterval: 60,
      lowCreditThreshold: 5000,
      lowHoursThreshold: 10
    });
    expect(model.isLowOnCredits).toBe(true);
  });
});

describe('AccountModel.isLowOnHours', () => {
  it('is false while the compute hours are unknown', () => {
    api = fakeApi();
    makeModel(api, { lowHoursThreshold: 1000 });

    expect(model.isLowOnHours).toBe(false);
  });

  it('compares the hours left with the low-hours threshold, strictly under', async () => {
    await readyModel(
      summary({
        compute: { ok: true, data: { ...COMPUTE, remaining: 9.5 }, fetchedAt: AT }
      })
    );
    expect(DEFAULT_PREFERENCES.lowHoursThreshold).toBe(10);
    expect(model.isLowOnHours).toBe(true);
    // Hours and credits are judged apart.
    expect(model.isLowOnCredits).toBe(false);

    const changed = jest.fn();
    model.changed.connect(changed);
    model.preferences = { ...model.preferences, lowHoursThreshold: 9.5 };

    expect(model.isLowOnHours).toBe(false);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('is not low with the default fixture (7 h left) under a threshold of 5', async () => {
    api = fakeApi();
    makeModel(api, { lowHoursThreshold: 5 });
    model.setViewVisible('panel', true);
    await flush();

    expect(model.compute.data).toEqual(COMPUTE);
    expect(model.isLowOnHours).toBe(false);
    expect(model.preferences.lowHoursThreshold).toBe(5);
  });
});

describe('AccountModel.setKey', () => {
  it('hands the key to the api, then refreshes', async () => {
    await readyModel();

    const result = await settle(model.setKey('a-new-key'));

    expect(result).toEqual(SET_KEY_RESULT);
    expect(api.setKey).toHaveBeenCalledWith('a-new-key');
    expect(api.summary).toHaveBeenCalledTimes(2);
    expect(api.setKey.mock.invocationCallOrder[0]).toBeLessThan(
      api.summary.mock.invocationCallOrder[1]
    );
  });

  it('rejects without refreshing when the api refuses the key', async () => {
    await readyModel();
    const refused = new QbraidApiError(
      apiError('key_rejected', 'Not accepted.', 401),
      400
    );
    api.setKey.mockRejectedValue(refused);

    await expect(model.setKey('bad')).rejects.toBe(refused);
    await flush();

    expect(api.summary).toHaveBeenCalledTimes(1);
  });
});

describe('AccountModel: what it asks the server', () => {
  /** The options of the summary request `index` (0-based). */
  const asked = (index: number) => api.summary.mock.calls[index][2] ?? {};

  it('asks only for what the views on screen show, with the interval as max age', async () => {
    api = fakeApi(summary({ account: undefined }));
    makeModel(api);

    model.setViewVisible('jp-qbraid-status', true, ['credits', 'compute']);
    await flush();
    expect(asked(0)).toEqual({
      parts: ['credits', 'compute'],
      fresh: false,
      maxAge: DEFAULT_PREFERENCES.refreshInterval
    });
    // The panel shows the account too, which was never loaded: asked at once.
    api.summary.mockResolvedValue(summary());
    model.setViewVisible('panel', true);
    await flush();
    expect(api.summary).toHaveBeenCalledTimes(2);
    expect(asked(1)).toEqual({
      parts: undefined,
      fresh: false,
      maxAge: DEFAULT_PREFERENCES.refreshInterval
    });
    // The panel gone, the poll asks only for the status bar's parts again.
    model.setViewVisible('panel', false);
    await flush(INTERVAL_MS);
    expect(asked(2).parts).toEqual(['credits', 'compute']);
  });

  it('asks for the account when the panel comes while the first answer, without it, is under way', async () => {
    api = fakeApi(summary());
    const first = new PromiseDelegate<IAccountSummary>();
    api.summary.mockReturnValueOnce(first.promise);
    makeModel(api);
    model.setViewVisible('jp-qbraid-status', true, ['credits', 'compute']);
    await flush();
    expect(asked(0).parts).toEqual(['credits', 'compute']);

    model.setViewVisible('panel', true);
    first.resolve(summary({ account: undefined }));
    await flush();

    expect(api.summary).toHaveBeenCalledTimes(2);
    expect(asked(1).parts).toBeUndefined();
    expect(model.account.data).not.toBeNull();
  });

  it('leaves the parts it did not ask for as they are', async () => {
    await readyModel();
    const accountBefore = model.account;
    api.summary.mockResolvedValue(
      summary({ account: undefined, fetchedAt: '2026-11-27T12:01:00.000Z' })
    );
    await settle(model.refresh(['credits']));

    expect(model.account).toBe(accountBefore);
    expect(model.credits.updatedAt).toEqual(new Date('2026-11-27T12:01:00.000Z'));
  });

  it('asks by hand for fresh values of the parts given, or those on screen', async () => {
    await readyModel();
    await settle(model.refresh(['compute']));
    expect(asked(1)).toMatchObject({ parts: ['compute'], fresh: true });

    await settle(model.refresh());
    // The panel is on screen: all of it.
    expect(asked(2)).toMatchObject({ parts: undefined, fresh: true });
  });

  it('asks again by hand when a refresh joins a request of the poll under way', async () => {
    api = fakeApi(summary({ account: undefined }));
    makeModel(api);
    model.setViewVisible('jp-qbraid-status', true, ['credits', 'compute']);
    await flush();
    // The panel comes on screen: the poll asks at once for the account it lacks...
    const pollAnswer = new PromiseDelegate<IAccountSummary>();
    api.summary.mockReturnValueOnce(pollAnswer.promise);
    model.setViewVisible('panel', true);
    await flush();
    expect(asked(1).fresh).toBe(false);

    // ...and a refresh by hand while that is under way is not served by it alone.
    const refreshed = model.refresh();
    await flush();
    pollAnswer.resolve(summary());
    await settle(refreshed);

    expect(api.summary).toHaveBeenCalledTimes(3);
    expect(asked(2).fresh).toBe(true);
  });

  it('dates each part when the server fetched it, not when the page asked', async () => {
    api = fakeApi(
      summary({
        fetchedAt: '2026-11-27T12:10:00.000Z',
        account: { ok: true, data: ACCOUNT, fetchedAt: '2026-11-27T09:00:00.000Z' },
        compute: { ok: true, data: COMPUTE, fetchedAt: '2026-11-27T12:06:00.000Z' }
      })
    );
    makeModel(api);
    model.setViewVisible('panel', true);
    await flush();

    expect(model.account.updatedAt).toEqual(new Date('2026-11-27T09:00:00.000Z'));
    expect(model.credits.updatedAt).toEqual(new Date('2026-11-27T12:10:00.000Z'));
    expect(model.compute.updatedAt).toEqual(new Date('2026-11-27T12:06:00.000Z'));
  });

  it('shows a stale part the server kept, with its age and the error', async () => {
    const failure = apiError('server_error', 'The qBraid API failed (500).', 500);
    api = fakeApi(
      summary({
        compute: {
          ok: false,
          error: failure,
          stale: true,
          data: COMPUTE,
          fetchedAt: '2026-11-27T11:50:00.000Z'
        }
      })
    );
    makeModel(api);
    model.setViewVisible('panel', true);
    await flush();

    // This page never had the hours: the server's last good ones are shown, stale.
    expect(model.compute).toEqual({
      data: COMPUTE,
      updatedAt: new Date('2026-11-27T11:50:00.000Z'),
      error: failure,
      loading: false,
      retryAt: null
    });
  });
});

describe('AccountModel polling', () => {
  it('does not poll while no view is visible', async () => {
    api = fakeApi();
    makeModel(api);
    model.setViewVisible('panel', false);

    await flush(5 * INTERVAL_MS);

    expect(api.summary).not.toHaveBeenCalled();
  });

  it('fetches at once when a view becomes visible, then every refresh interval', async () => {
    api = fakeApi();
    makeModel(api);

    model.setViewVisible('panel', true);
    await flush();
    expect(api.summary).toHaveBeenCalledTimes(1);

    await flush(INTERVAL_MS - 1);
    expect(api.summary).toHaveBeenCalledTimes(1);
    await flush(1);
    expect(api.summary).toHaveBeenCalledTimes(2);
    await flush(INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(3);
  });

  it('stops calling the api once every view is hidden', async () => {
    await readyModel();
    model.setViewVisible('status', true);

    model.setViewVisible('panel', false);
    await flush(INTERVAL_MS);
    // One view left on screen: still polling.
    expect(api.summary).toHaveBeenCalledTimes(2);

    model.setViewVisible('status', false);
    await flush(5 * INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(2);
    expect(model.poll.state.phase).toBe('standby');
  });

  it('fetches at once when a view comes back after the interval has passed', async () => {
    await readyModel();
    model.setViewVisible('panel', false);
    await flush(2 * INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(1);

    model.setViewVisible('panel', true);
    await flush();

    expect(api.summary).toHaveBeenCalledTimes(2);
  });

  it('waits for the schedule when a view comes back before the data is due', async () => {
    await readyModel();
    model.setViewVisible('panel', false);
    await flush(INTERVAL_MS / 4);

    model.setViewVisible('panel', true);
    await flush();
    expect(api.summary).toHaveBeenCalledTimes(1);

    // The tick scheduled after the first fetch still fires one interval after it.
    await flush(INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(2);
  });

  it('stands by while the browser tab is hidden', async () => {
    await readyModel();

    hidden = true;
    await flush(5 * INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(1);

    hidden = false;
    await flush(INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['qBraid unreachable', apiError('unreachable', 'qBraid is down.')],
    ['a 5xx', apiError('server_error', 'The qBraid API failed (500).', 500)],
    ['a timeout', apiError('timeout', 'The qBraid API did not answer within 10 s.')],
    ['the Jupyter server unreachable', apiError('server_unreachable', 'Gone.')]
  ])(
    'after %s retries first within 10-20 s, then backs off to ten minutes, and recovers',
    async (_, failure) => {
      await readyModel();
      api.summary.mockRejectedValue(new QbraidApiError(failure, 0));

      // The jitter's extremes: the earliest and the latest first retry.
      for (const random of [0, 0.999]) {
        jest.spyOn(Math, 'random').mockReturnValue(random);
        await settle(model.refresh());
        expect(model.poll.state.phase).toBe('rejected');
        const first = model.poll.state.interval;
        expect(first).toBeGreaterThanOrEqual(10_000);
        expect(first).toBeLessThanOrEqual(20_000);

        // Nothing before it, the retry at it.
        const calls = api.summary.mock.calls.length;
        await flush(first - 1);
        expect(api.summary).toHaveBeenCalledTimes(calls);
        await flush(1);
        expect(api.summary).toHaveBeenCalledTimes(calls + 1);

        // Each next retry waits twice as long, then ten minutes at most.
        const intervals = [model.poll.state.interval];
        for (let attempt = 0; attempt < 6; attempt++) {
          await flush(model.poll.state.interval);
          intervals.push(model.poll.state.interval);
        }
        const base = Math.round(10_000 * (1 + random));
        expect(intervals).toEqual(
          [2, 4, 8, 16, 32, 64]
            .map(times => Math.min(BACKOFF_MAX_MS, Math.round(base * times)))
            .concat([BACKOFF_MAX_MS])
        );

        // A success ends it: the healthy rhythm, and the next blip starts over.
        api.summary.mockResolvedValue(summary());
        await flush(model.poll.state.interval);
        expect(model.poll.state.phase).toBe('reconnected');
        expect(model.poll.state.interval).toBe(INTERVAL_MS);
        api.summary.mockRejectedValue(new QbraidApiError(failure, 0));
      }
    }
  );

  it('backs off from the interval after a failure a quick retry cannot mend', async () => {
    // Poll picks each backoff at random between the interval and 3× the last one.
    jest.spyOn(Math, 'random').mockReturnValue(0.999);
    await readyModel();
    expect(model.poll.state.interval).toBe(INTERVAL_MS);
    api.summary.mockRejectedValue(
      new QbraidApiError(apiError('malformed', 'Not JSON.'), 200)
    );

    const intervals: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      await flush(model.poll.state.interval);
      expect(model.poll.state.phase).toBe('rejected');
      intervals.push(model.poll.state.interval);
    }

    expect(api.summary).toHaveBeenCalledTimes(5);
    expect(intervals[0]).toBeGreaterThan(INTERVAL_MS);
    expect(intervals[1]).toBeGreaterThan(intervals[0]);
    expect(intervals[2]).toBe(BACKOFF_MAX_MS);
    expect(intervals[3]).toBe(BACKOFF_MAX_MS);

    api.summary.mockResolvedValue(summary());
    await flush(model.poll.state.interval);
    expect(model.poll.state.phase).toBe('reconnected');
    expect(model.poll.state.interval).toBe(INTERVAL_MS);
  });

  it.each([
    [
      'the whole request',
      (error: QbraidApiError) => api.summary.mockRejectedValue(error)
    ],
    [
      'the credits part',
      (error: QbraidApiError) =>
        api.summary.mockResolvedValue(
          summary({ credits: { ok: false, error: error.info } })
        )
    ]
  ])(
    'hands the Retry-After of a 429 on %s to the poll, so it waits no less',
    async (_, fail) => {
      jest.spyOn(Math, 'random').mockReturnValue(0);
      await readyModel();
      fail(new QbraidApiError(apiError('rate_limited', 'Slow down.', 429, 150), 429));

      await flush(INTERVAL_MS);
      expect(model.poll.state.phase).toBe('rejected');
      expect(model.poll.state.interval).toBeGreaterThanOrEqual(150_000);

      const calls = api.summary.mock.calls.length;
      await flush(150_000 - 1);
      expect(api.summary).toHaveBeenCalledTimes(calls);
    }
  );

  it('sends a refresh by hand during a Retry-After only once it is over', async () => {
    await readyModel();
    api.summary.mockResolvedValue(
      summary({
        credits: {
          ok: false,
          error: apiError('rate_limited', 'Slow down.', 429, 30)
        }
      })
    );
    await settle(model.refresh(['credits']));
    expect(model.credits.retryAt).toEqual(new Date(Date.now() + 30_000));
    const calls = api.summary.mock.calls.length;

    api.summary.mockResolvedValue(summary());
    await flush(10_000);
    const byHand = model.refresh(['credits']);
    await flush(20_000 - 1);
    expect(api.summary).toHaveBeenCalledTimes(calls);

    await flush(1);
    await byHand;
    expect(api.summary).toHaveBeenCalledTimes(calls + 1);
    expect(api.summary.mock.calls[calls][2]).toMatchObject({ fresh: true });
    expect(model.credits.error).toBeNull();
  });

  it('follows a change of the refresh interval', async () => {
    await readyModel();

    model.preferences = {
      refreshInterval: 120,
      lowCreditThreshold: 500,
      lowHoursThreshold: 10
    };

    expect(model.poll.frequency).toEqual({
      interval: 120_000,
      backoff: true,
      max: BACKOFF_MAX_MS
    });
    // The tick already scheduled keeps its time; the ones after use the new interval.
    await flush(INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(2);
    await flush(INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(2);
    await flush(INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(3);
  });

  // Regression: the schema allows refreshInterval up to 3600 s, and Poll's frequency
  // setter throws when interval > max, so the backoff max grows with the interval.
  it('accepts any refresh interval the settings schema allows (up to 3600 s)', async () => {
    await readyModel();

    model.preferences = {
      refreshInterval: 900,
      lowCreditThreshold: 500,
      lowHoursThreshold: 10
    };

    expect(model.poll.frequency.interval).toBe(900_000);
    expect(model.poll.frequency.max).toBe(900_000);

    model.preferences = {
      refreshInterval: 3600,
      lowCreditThreshold: 500,
      lowHoursThreshold: 10
    };

    expect(model.poll.frequency).toEqual({
      interval: 3_600_000,
      backoff: true,
      max: 3_600_000
    });
  });

  it('keeps the ten-minute backoff cap for intervals under it', () => {
    api = fakeApi();
    makeModel(api, { refreshInterval: 30 });

    expect(model.poll.frequency).toEqual({
      interval: 30_000,
      backoff: true,
      max: BACKOFF_MAX_MS
    });
  });

  it('starts with a large refresh interval from the constructor', async () => {
    api = fakeApi();
    makeModel(api, { refreshInterval: 1800 });

    expect(model.poll.frequency.max).toBe(1_800_000);
    model.setViewVisible('panel', true);
    await flush();
    expect(api.summary).toHaveBeenCalledTimes(1);
    await flush(1_800_000);
    expect(api.summary).toHaveBeenCalledTimes(2);
  });

  it('coalesces concurrent refresh() calls into one request', async () => {
    await readyModel();
    const answer = new PromiseDelegate<IAccountSummary>();
    api.summary.mockReturnValue(answer.promise);

    const first = model.refresh();
    const second = model.refresh();
    await flush();
    expect(api.summary).toHaveBeenCalledTimes(2);

    let settled = 0;
    void first.then(() => settled++);
    void second.then(() => settled++);
    await flush();
    // Both wait for the request they share.
    expect(settled).toBe(0);

    answer.resolve(summary({ fetchedAt: '2026-11-27T12:30:00.000Z' }));
    await Promise.all([first, second]);
    expect(api.summary).toHaveBeenCalledTimes(2);
    expect(model.credits.updatedAt).toEqual(new Date('2026-11-27T12:30:00.000Z'));
  });

  it('resolves refresh() after a failed request, leaving the error on the model', async () => {
    await readyModel();
    api.summary.mockRejectedValue(
      new QbraidApiError(apiError('timeout', 'Timed out.'), 504)
    );

    await expect(settle(model.refresh())).resolves.toBeUndefined();

    expect(model.credits.error?.kind).toBe('timeout');
  });

  // Regression (src/tokens.ts: "Fetch now, whatever the schedule"): the poll's standby
  // check used to swallow a refresh() made while no view was visible.
  it('fetches on refresh() even when no view is visible', async () => {
    api = fakeApi();
    makeModel(api);

    await settle(model.refresh());

    expect(api.summary).toHaveBeenCalledTimes(1);
    expect(model.configured).toBe(true);
  });

  it('fetches on refresh() while the browser tab is hidden, then stands by again', async () => {
    await readyModel();
    hidden = true;

    await settle(model.refresh());
    expect(api.summary).toHaveBeenCalledTimes(2);

    // The request by hand does not restart the schedule while hidden.
    await flush(5 * INTERVAL_MS);
    expect(api.summary).toHaveBeenCalledTimes(2);
  });

  // Regression: a refresh() while a scheduled fetch is in flight starts a second request;
  // the poll ignores the first one's outcome, and so must the model.
  it('does not let an older answer overwrite a newer one', async () => {
    await readyModel();
    const older = new PromiseDelegate<IAccountSummary>();
    const newer = new PromiseDelegate<IAccountSummary>();
    api.summary.mockReturnValueOnce(older.promise).mockReturnValueOnce(newer.promise);

    await flush(INTERVAL_MS); // the scheduled fetch starts and hangs
    expect(api.summary).toHaveBeenCalledTimes(2);
    const refreshed = model.refresh();
    await flush();
    expect(api.summary).toHaveBeenCalledTimes(3);

    const newCredits = { ...CREDITS, qbraidCredits: 10 };
    newer.resolve(summary({ credits: { ok: true, data: newCredits, fetchedAt: AT } }));
    await refreshed;
    older.resolve(
      summary({
        credits: { ok: true, data: { ...CREDITS, qbraidCredits: 99999 }, fetchedAt: AT }
      })
    );
    await flush();

    expect(model.credits.data).toEqual(newCredits);
  });

  it('does not let an older failure mark newer data as stale', async () => {
    await readyModel();
    const older = new PromiseDelegate<IAccountSummary>();
    const newer = new PromiseDelegate<IAccountSummary>();
    api.summary.mockReturnValueOnce(older.promise).mockReturnValueOnce(newer.promise);

    await flush(INTERVAL_MS);
    const refreshed = model.refresh();
    await flush();
    expect(api.summary).toHaveBeenCalledTimes(3);

    newer.resolve(summary({ fetchedAt: '2026-11-27T12:10:00.000Z' }));
    await refreshed;
    older.reject(new QbraidApiError(apiError('timeout', 'Timed out.'), 504));
    await flush();

    for (const state of [model.account, model.credits, model.compute]) {
      expect(state.error).toBeNull();
      expect(state.loading).toBe(false);
    }
    expect(model.credits.updatedAt).toEqual(new Date('2026-11-27T12:10:00.000Z'));
  });

  it('stops polling for good once disposed', async () => {
    await readyModel();

    model.dispose();
    model.setViewVisible('other', true);
    await flush(5 * INTERVAL_MS);

    expect(model.isDisposed).toBe(true);
    expect(api.summary).toHaveBeenCalledTimes(1);
  });
});
