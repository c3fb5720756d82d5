import { IStopEvent, QbraidApiError } from '../api';
import { InstanceModel } from '../instance/model';
import { HubServerState, InstancePhase } from '../tokens';
import { apiError, fakeApi, HUB_HOME_URL, instanceInfo } from './fixtures';

/**
 * Stops as the other tabs and the hub see them: the reason sent with a stop, the steps it
 * goes through, the wait for the hub's report, and stops learnt from the server's events
 * or from the server going away.
 */
let api: ReturnType<typeof fakeApi>;
let hubStates: HubServerState[];
let hubServerState: jest.Mock<Promise<HubServerState>, []>;
let model: InstanceModel;
let phases: InstancePhase[];

function makeModel(options: Partial<InstanceModel.IOptions> = {}): InstanceModel {
  model = new InstanceModel({
    api,
    shutdownServer: jest.fn(() => Promise.resolve()),
    hubHomeUrl: HUB_HOME_URL,
    hubServerState,
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

/** What a hub-proxied request throws once the server is gone. */
const unreachable = () =>
  new QbraidApiError(
    apiError('server_unreachable', 'The Jupyter server cannot be reached.'),
    0
  );

const stopping = () =>
  instanceInfo({ stop: { state: 'stopping', error: null, route: 'hub' } });

const event = (overrides: Partial<IStopEvent> = {}): IStopEvent => ({
  action: 'stopping',
  by: 'person',
  idleMinutes: null,
  origin: 'another-tab',
  ...overrides
});

/** Resolves once the model reaches `phase`. */
function reached(phase: InstancePhase): Promise<void> {
  return new Promise(resolve => {
    const check = () => {
      if (model.phase === phase) {
        model.changed.disconnect(check);
        resolve();
      }
    };
    model.changed.connect(check);
    check();
  });
}

beforeEach(() => {
  api = fakeApi();
  hubStates = [];
  // The hub's answers in turn; once they run out, it reports the server stopped.
  hubServerState = jest.fn(() => Promise.resolve(hubStates.shift() ?? 'stopped'));
});

afterEach(() => {
  jest.useRealTimers();
});

describe('InstanceModel.stop: what other tabs and the hub see', () => {
  beforeEach(async () => {
    makeModel();
    await model.refresh();
    api.instance.mockReset();
    phases = [];
  });

  it('sends who asked, with this tab’s own id', async () => {
    api.instance.mockRejectedValueOnce(unreachable());

    await model.stop({ by: 'idle', idleMinutes: 30 });

    expect(api.stopInstance).toHaveBeenCalledWith({
      by: 'idle',
      idleMinutes: 30,
      origin: model.origin
    });
    expect(model.origin).toMatch(/^[0-9a-f-]{36}$/);
    expect(model.stopCause).toEqual({ by: 'this-tab', idleMinutes: 30 });
  });

  it('asks, waits for the server to end, then for the hub to report it stopped', async () => {
    const steps: (string | null)[] = [];
    model.changed.connect(() => {
      if (steps[steps.length - 1] !== model.stopStep) {
        steps.push(model.stopStep);
      }
    });
    api.instance.mockResolvedValueOnce(stopping()).mockRejectedValueOnce(unreachable());
    hubStates = ['pending', 'pending'];

    await model.stop();

    expect(steps).toEqual(['asking', 'ending', 'confirming', null]);
    // Twice pending, then stopped: the stop ends only once the hub says so.
    expect(hubServerState).toHaveBeenCalledTimes(3);
    expect(model.phase).toBe('stopped');
    expect(api.instance.mock.invocationCallOrder[1]).toBeLessThan(
      hubServerState.mock.invocationCallOrder[0]
    );
  });

  it('goes on when the hub has not reported the stop in time', async () => {
    jest.useFakeTimers();
    makeModel({ stopCheckMs: 5, hubConfirmTimeoutMs: 20 });
    api.instance.mockResolvedValueOnce(instanceInfo());
    await model.refresh();
    api.instance.mockRejectedValue(unreachable());
    hubServerState.mockResolvedValue('pending');

    const stop = model.stop();
    await jest.advanceTimersByTimeAsync(40);
    await stop;

    expect(model.phase).toBe('stopped');
    expect(hubServerState.mock.calls.length).toBeGreaterThan(1);
  });

  it('goes on at once when the hub cannot tell', async () => {
    api.instance.mockRejectedValue(unreachable());
    hubStates = ['unknown', 'pending'];

    await model.stop();

    expect(model.phase).toBe('stopped');
    expect(hubServerState).toHaveBeenCalledTimes(1);
  });

  it('does not wait for a hub standalone', async () => {
    makeModel({ hubHomeUrl: null, hubServerState: undefined });
    api.instance.mockResolvedValue(
      instanceInfo({ mode: 'standalone', kind: 'standalone' })
    );

    await model.stop();

    expect(model.phase).toBe('stopped');
    expect(hubServerState).not.toHaveBeenCalled();
  });
});

describe('InstanceModel.followStopEvent', () => {
  beforeEach(async () => {
    makeModel();
    await model.refresh();
    api.instance.mockReset();
    phases = [];
  });

  it('follows another tab’s stop until the server is gone and the hub says so', async () => {
    api.instance.mockResolvedValueOnce(stopping()).mockRejectedValueOnce(unreachable());
    hubStates = ['pending'];

    model.followStopEvent(event());

    expect(model.phase).toBe('stopping');
    expect(model.stopCause).toEqual({ by: 'other-tab', idleMinutes: null });
    await reached('stopped');
    expect(phases).toEqual(['stopping', 'stopped']);
    expect(hubServerState).toHaveBeenCalledTimes(2);
    expect(api.stopInstance).not.toHaveBeenCalled();
  });

  it('says an idle stop came after how many minutes', async () => {
    api.instance.mockRejectedValue(unreachable());

    model.followStopEvent(event({ by: 'idle', idleMinutes: 45 }));

    expect(model.stopCause).toEqual({ by: 'idle', idleMinutes: 45 });
    await reached('stopped');
  });

  it('asks how the instance runs at once when this tab does not know yet', async () => {
    makeModel();
    api.instance
      .mockResolvedValueOnce(instanceInfo({ kind: 'on-demand' }))
      .mockRejectedValue(unreachable());

    model.followStopEvent(event({ by: 'idle', idleMinutes: 1 }));

    // Asked with the event, before the first look one interval later.
    expect(api.instance).toHaveBeenCalledTimes(1);
    await reached('stopped');
    expect(model.info.data?.kind).toBe('on-demand');
  });

  it('ignores this tab’s own stop', () => {
    model.followStopEvent(event({ origin: model.origin }));

    expect(model.phase).toBe('running');
    expect(model.stopCause).toBeNull();
    expect(api.instance).not.toHaveBeenCalled();
  });

  it('goes back to running when the other tab’s stop failed', async () => {
    api.instance.mockResolvedValue(stopping());
    model.followStopEvent(event());

    model.followStopEvent(event({ action: 'failed' }));

    expect(model.phase).toBe('running');
    expect(model.stopCause).toBeNull();
    expect(phases).toEqual(['stopping', 'running']);
  });

  it('goes back to running when the server still answers as itself at the deadline', async () => {
    jest.useFakeTimers();
    makeModel({ stopCheckMs: 5, stopTimeoutMs: 20 });
    api.instance.mockResolvedValue(instanceInfo());

    model.followStopEvent(event());
    await jest.advanceTimersByTimeAsync(40);

    expect(model.phase).toBe('running');
    expect(model.stopCause).toBeNull();
  });
});

describe('InstanceModel.checkServerGone', () => {
  beforeEach(async () => {
    makeModel();
    await model.refresh();
    api.instance.mockReset();
    phases = [];
  });

  it('does nothing while the server answers as itself', async () => {
    api.instance.mockResolvedValue(instanceInfo());

    await model.checkServerGone();

    expect(model.phase).toBe('running');
    expect(hubServerState).not.toHaveBeenCalled();
  });

  it('does nothing when the hub says the server runs: only the network failed', async () => {
    api.instance.mockRejectedValue(unreachable());
    hubStates = ['running'];

    await model.checkServerGone();

    expect(model.phase).toBe('running');
    expect(model.stopCause).toBeNull();
  });

  it('says the platform stopped it when it is gone and no tab said why', async () => {
    api.instance.mockRejectedValue(unreachable());

    await model.checkServerGone();

    expect(model.stopCause).toEqual({ by: 'platform', idleMinutes: null });
    expect(model.phase).toBe('stopped');
  });

  it('keeps the cause a tab’s event gave', async () => {
    api.instance.mockRejectedValue(unreachable());
    model.followStopEvent(event());

    await model.checkServerGone();

    expect(model.stopCause).toEqual({ by: 'other-tab', idleMinutes: null });
  });
});
