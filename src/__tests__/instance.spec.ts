import { PromiseDelegate } from '@lumino/coreutils';

import { IInstanceInfo, QbraidApiError } from '../api';
import { DEFAULT_INSTANCE_PREFERENCES, InstanceModel } from '../instance/model';
import { InstancePhase } from '../tokens';
import {
  apiError,
  fakeApi,
  HUB_HOME_URL,
  instanceInfo,
  onDemandInfo,
  rejection,
  standaloneInfo,
  subscriptionInfo
} from './fixtures';

let api: ReturnType<typeof fakeApi>;
let shutdownServer: jest.Mock<Promise<void>, []>;
let model: InstanceModel;
/** Every phase the model announced, in order (one entry per `changed`). */
let phases: InstancePhase[];

function makeModel(options: Partial<InstanceModel.IOptions> = {}): InstanceModel {
  model = new InstanceModel({
    api,
    shutdownServer,
    hubHomeUrl: HUB_HOME_URL,
    stopCheckMs: 1,
    stopTimeoutMs: 5000,
    ...options
  });
  phases = [];
  model.changed.connect(() => {
    if (phases[phases.length - 1] !== model.phase) {
      phases.push(model.phase);
    }
  });
  return model;
}

const stopping = (): IInstanceInfo =>
  instanceInfo({ stop: { state: 'stopping', error: null, route: 'hub' } });

/** What a hub-proxied request throws once the server is gone. */
const unreachable = () =>
  new QbraidApiError(
    apiError('server_unreachable', 'The Jupyter server cannot be reached.'),
    0
  );

beforeEach(() => {
  api = fakeApi();
  shutdownServer = jest.fn(() => Promise.resolve());
});

afterEach(() => {
  jest.useRealTimers();
});

describe('InstanceModel state', () => {
  it('starts running, with nothing fetched and the idle stop off', () => {
    makeModel();

    expect(model.phase).toBe('running');
    expect(model.stopError).toBeNull();
    expect(model.hubHomeUrl).toBe(HUB_HOME_URL);
    expect(model.info).toEqual({
      data: null,
      updatedAt: null,
      error: null,
      loading: false
    });
    expect(model.preferences).toEqual({ idleStopMinutes: 0 });
    expect(DEFAULT_INSTANCE_PREFERENCES).toEqual({ idleStopMinutes: 0 });
    expect(api.instance).not.toHaveBeenCalled();
  });

  it('takes new preferences as a copy and says so', () => {
    makeModel();
    const changed = jest.fn();
    model.changed.connect(changed);
    const chosen = { idleStopMinutes: 15 };

    model.preferences = chosen;
    chosen.idleStopMinutes = 99;

    expect(model.preferences).toEqual({ idleStopMinutes: 15 });
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('keeps the next automatic stop the server told, signalling only a change', () => {
    makeModel();
    const told = jest.fn();
    model.nextStopChanged.connect((_, value) => told(value));
    expect(model.nextStopAt).toBeNull();

    model.setNextStopAt('2026-11-29T11:00:00.000Z');
    model.setNextStopAt('2026-11-29T11:00:00.000Z');
    model.setNextStopAt(null);

    expect(model.nextStopAt).toBeNull();
    expect(told.mock.calls).toEqual([['2026-11-29T11:00:00.000Z'], [null]]);
  });
});

describe('InstanceModel.refresh', () => {
  it('fetches the instance, showing it loading meanwhile', async () => {
    makeModel();
    const answer = new PromiseDelegate<IInstanceInfo>();
    api.instance.mockReturnValueOnce(answer.promise);

    const done = model.refresh();
    expect(model.info.loading).toBe(true);
    expect(model.info.data).toBeNull();

    answer.resolve(instanceInfo());
    await done;

    expect(api.instance).toHaveBeenCalledTimes(1);
    expect(model.info.data).toEqual(instanceInfo());
    expect(model.info.updatedAt).toBeInstanceOf(Date);
    expect(model.info.error).toBeNull();
    expect(model.info.loading).toBe(false);
    expect(model.phase).toBe('running');
  });

  it('keeps the last data and sets the error when a refresh fails', async () => {
    makeModel();
    await model.refresh();
    const updatedAt = model.info.updatedAt;
    const failure = apiError(
      'server_unreachable',
      'The Jupyter server cannot be reached.'
    );
    api.instance.mockRejectedValueOnce(new QbraidApiError(failure, 0));

    await model.refresh();

    expect(model.info).toEqual({
      data: instanceInfo(),
      updatedAt,
      error: failure,
      loading: false,
      retryAt: null
    });
    // A failed refresh is not a failed stop.
    expect(model.phase).toBe('running');
    expect(model.stopError).toBeNull();
  });

  it('describes an error that is not the api’s as a server error', async () => {
    makeModel();
    api.instance.mockRejectedValueOnce(new TypeError('boom'));

    await model.refresh();

    expect(model.info.data).toBeNull();
    expect(model.info.error).toEqual(apiError('server_error', 'TypeError: boom'));
  });

  it('keeps the newest answer when two refreshes overlap', async () => {
    makeModel();
    const first = new PromiseDelegate<IInstanceInfo>();
    api.instance.mockReturnValueOnce(first.promise);
    api.instance.mockResolvedValueOnce(standaloneInfo());

    const older = model.refresh();
    await model.refresh();
    first.resolve(instanceInfo());
    await older;

    expect(model.info.data).toEqual(standaloneInfo());
  });
});

describe('InstanceModel.stop, standalone', () => {
  it('shuts the server down and ends stopped, without asking the hub', async () => {
    api.instance.mockResolvedValue(standaloneInfo());
    makeModel({ hubHomeUrl: null });
    await model.refresh();
    phases = [];

    await model.stop();

    expect(shutdownServer).toHaveBeenCalledTimes(1);
    expect(api.stopInstance).not.toHaveBeenCalled();
    expect(model.phase).toBe('stopped');
    expect(model.stopError).toBeNull();
    expect(phases).toEqual(['stopping', 'stopped']);
  });

  it('first learns how Lab runs when it does not know yet', async () => {
    api.instance.mockResolvedValue(standaloneInfo());
    makeModel({ hubHomeUrl: null });

    await model.stop();

    expect(api.instance).toHaveBeenCalledTimes(1);
    expect(api.instance.mock.invocationCallOrder[0]).toBeLessThan(
      shutdownServer.mock.invocationCallOrder[0]
    );
    expect(model.phase).toBe('stopped');
  });

  it('fails, keeping the instance running, when the server refuses to shut down', async () => {
    api.instance.mockResolvedValue(standaloneInfo());
    makeModel({ hubHomeUrl: null });
    const refusal = apiError(
      'rejected',
      'The Jupyter server refused to shut down (403).'
    );
    shutdownServer.mockRejectedValueOnce(new QbraidApiError(refusal, 403));

    const error = await rejection(model.stop());

    expect(error.info).toEqual(refusal);
    expect(model.phase).toBe('failed');
    expect(model.stopError).toEqual(refusal);
    expect(phases).toEqual(['stopping', 'failed']);
  });

  it('fails without stopping anything when it cannot tell how Lab runs', async () => {
    const failure = apiError(
      'server_unreachable',
      'The Jupyter server cannot be reached.'
    );
    api.instance.mockRejectedValue(new QbraidApiError(failure, 0));
    makeModel();

    const error = await rejection(model.stop());

    expect(error.info).toEqual(failure);
    expect(model.phase).toBe('failed');
    expect(model.stopError).toEqual(failure);
    expect(shutdownServer).not.toHaveBeenCalled();
    expect(api.stopInstance).not.toHaveBeenCalled();
  });
});

describe('InstanceModel.stop, under JupyterHub', () => {
  beforeEach(async () => {
    makeModel();
    await model.refresh();
    api.instance.mockClear();
    phases = [];
  });

  it('asks the server to stop, then polls until the server is gone', async () => {
    api.instance
      .mockResolvedValueOnce(stopping())
      .mockResolvedValueOnce(stopping())
      .mockRejectedValueOnce(unreachable());

    await model.stop();

    expect(api.stopInstance).toHaveBeenCalledTimes(1);
    expect(api.instance).toHaveBeenCalledTimes(3);
    expect(api.stopInstance.mock.invocationCallOrder[0]).toBeLessThan(
      api.instance.mock.invocationCallOrder[0]
    );
    expect(shutdownServer).not.toHaveBeenCalled();
    expect(model.phase).toBe('stopped');
    expect(model.stopError).toBeNull();
    expect(phases).toEqual(['stopping', 'stopped']);
    // The hub's answer to the stop is kept.
    expect(model.info.data!.stop.state).toBe('stopping');
  });

  it('fails with the server’s reason when the hub did not stop it', async () => {
    const reason = apiError(
      'rejected',
      'JupyterHub refused to stop the server (403): not your server.',
      403
    );
    api.instance
      .mockResolvedValueOnce(stopping())
      .mockResolvedValueOnce(
        instanceInfo({ stop: { state: 'failed', error: reason, route: 'hub' } })
      );

    const error = await rejection(model.stop());

    expect(error.message).toBe(reason.message);
    expect(error.info).toEqual(reason);
    expect(model.phase).toBe('failed');
    expect(model.stopError).toEqual(reason);
    expect(model.info.data!.stop).toEqual({
      state: 'failed',
      error: reason,
      route: 'hub'
    });
    expect(phases).toEqual(['stopping', 'failed']);
    expect(api.instance).toHaveBeenCalledTimes(2);
  });

  it('gives a reason of its own when the failed state carries none', async () => {
    api.instance.mockResolvedValueOnce(
      instanceInfo({ stop: { state: 'failed', error: null, route: 'hub' } })
    );

    const error = await rejection(model.stop());

    expect(error.kind).toBe('server_error');
    expect(model.stopError!.message).toBe('JupyterHub did not stop the server.');
  });

  it.each([
    ['the server cannot be reached', unreachable()],
    [
      'something not JSON answers',
      new QbraidApiError(
        apiError(
          'malformed',
          'The qBraid server extension answered with something that is not JSON.'
        ),
        200
      )
    ],
    [
      'the proxy answers an error page',
      new QbraidApiError(
        apiError('server_error', 'The qBraid server extension failed (503).'),
        503
      )
    ],
    [
      'the hub answers its 404 page',
      new QbraidApiError(
        apiError(
          'server_missing',
          'The qBraid server extension does not answer (404).'
        ),
        404
      )
    ]
  ])('counts the server as gone when %s', async (_, gone) => {
    api.instance.mockRejectedValueOnce(gone);

    await model.stop();

    expect(model.phase).toBe('stopped');
    expect(model.stopError).toBeNull();
  });

  it.each([
    [
      'a server error it relayed from upstream (502)',
      new QbraidApiError(apiError('server_error', 'qBraid answered 502.', 502), 502)
    ],
    [
      'busy (409)',
      new QbraidApiError(apiError('busy', 'A stop is already being handled.'), 409)
    ],
    [
      'the hub could not be asked (hub_unreachable, 502)',
      new QbraidApiError(
        apiError('hub_unreachable', 'JupyterHub cannot be reached.'),
        502
      )
    ]
  ])('fails on an answer of its own during polling: %s', async (_, own) => {
    api.instance.mockResolvedValueOnce(stopping()).mockRejectedValueOnce(own);

    const error = await rejection(model.stop());

    expect(error).toBe(own);
    expect(model.phase).toBe('failed');
    expect(model.stopError).toEqual(own.info);
  });

  it('fails when the stop itself is refused, without polling', async () => {
    const refusal = apiError('forbidden', 'This server may not stop itself.', 403);
    api.stopInstance.mockRejectedValueOnce(new QbraidApiError(refusal, 403));

    const error = await rejection(model.stop());

    expect(error.info).toEqual(refusal);
    expect(api.instance).not.toHaveBeenCalled();
    expect(model.phase).toBe('failed');
    expect(model.stopError).toEqual(refusal);
  });

  it('times out when the hub has not stopped the server in time', async () => {
    jest.useFakeTimers();
    makeModel({ stopCheckMs: 5, stopTimeoutMs: 40 });
    await model.refresh();
    api.instance.mockClear();
    api.instance.mockResolvedValue(stopping());
    let settled = false;
    const stop = rejection(model.stop()).finally(() => {
      settled = true;
    });

    await jest.advanceTimersByTimeAsync(39);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const error = await stop;

    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('has not stopped the server');
    expect(model.phase).toBe('failed');
    expect(model.stopError!.kind).toBe('timeout');
    // It kept asking meanwhile.
    expect(api.instance.mock.calls.length).toBeGreaterThan(1);
    expect(api.stopInstance).toHaveBeenCalledTimes(1);
  });

  it('sends one stop for a double call, and both calls settle with it', async () => {
    const accepted = new PromiseDelegate<IInstanceInfo>();
    api.stopInstance.mockReturnValueOnce(accepted.promise);
    api.instance.mockRejectedValue(unreachable());

    const first = model.stop();
    const second = model.stop();
    expect(second).toBe(first);
    accepted.resolve(stopping());
    await Promise.all([first, second]);

    expect(api.stopInstance).toHaveBeenCalledTimes(1);
    expect(model.phase).toBe('stopped');
    expect(phases).toEqual(['stopping', 'stopped']);
  });

  it('joins a double call that fails, then tries afresh on the next call', async () => {
    const refusal = new QbraidApiError(apiError('busy', 'Busy.'), 409);
    api.stopInstance.mockRejectedValueOnce(refusal);

    const first = model.stop();
    const second = model.stop();
    await expect(first).rejects.toBe(refusal);
    await expect(second).rejects.toBe(refusal);
    expect(api.stopInstance).toHaveBeenCalledTimes(1);
    expect(model.phase).toBe('failed');

    api.instance.mockRejectedValue(unreachable());
    const retry = model.stop();
    // A new attempt clears the last failure while it runs.
    expect(model.phase).toBe('stopping');
    expect(model.stopError).toBeNull();
    await retry;

    expect(api.stopInstance).toHaveBeenCalledTimes(2);
    expect(model.phase).toBe('stopped');
    expect(phases).toEqual(['stopping', 'failed', 'stopping', 'stopped']);
  });
});

describe.each([
  ['a subscription server', subscriptionInfo, 'platform', 'the hub home page'],
  ['an on-demand instance', onDemandInfo, 'on-demand', 'the account page']
] as const)('InstanceModel.stop of %s', (_, info, route, where) => {
  const stoppingHere = () => info({ stop: { state: 'stopping', error: null, route } });

  beforeEach(async () => {
    api.instance.mockResolvedValue(info());
    api.stopInstance.mockResolvedValue(stoppingHere());
  });

  it('asks the server, which asks qBraid, then waits until the server is gone', async () => {
    makeModel();
    await model.refresh();
    api.instance.mockReset();
    api.instance
      .mockResolvedValueOnce(stoppingHere())
      .mockRejectedValueOnce(unreachable());

    await model.stop();

    expect(api.stopInstance).toHaveBeenCalledTimes(1);
    expect(shutdownServer).not.toHaveBeenCalled();
    expect(model.phase).toBe('stopped');
    expect(model.info.data!.stop.route).toBe(route);
  });

  it('names qBraid and where to look when the stop takes too long', async () => {
    jest.useFakeTimers();
    makeModel({ stopCheckMs: 5, stopTimeoutMs: 20 });
    await model.refresh();
    api.instance.mockResolvedValue(stoppingHere());

    const stop = rejection(model.stop());
    await jest.advanceTimersByTimeAsync(20);
    const error = await stop;

    expect(error.message).toBe(
      `qBraid has not stopped the server after 0 s. It may still be stopping; ${where} shows its state.`
    );
  });

  it('passes on a refusal with its code, and the instance keeps running', async () => {
    const refusal = apiError(
      'stop_unsupported',
      'This on-demand instance cannot be stopped, only terminated, on the account page.',
      409,
      null,
      'BAD_STATE'
    );
    makeModel();
    await model.refresh();
    api.stopInstance.mockRejectedValueOnce(new QbraidApiError(refusal, 409));

    const error = await rejection(model.stop());

    expect(error.kind).toBe('stop_unsupported');
    expect(error.message).toBe(`${refusal.message} [BAD_STATE]`);
    expect(model.phase).toBe('failed');
    expect(model.stopError).toEqual(refusal);
  });
});
