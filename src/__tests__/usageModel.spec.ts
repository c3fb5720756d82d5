import { LimitsModel } from '../account/limitsModel';
import { QbraidApiError } from '../api';
import { UsageModel } from '../account/usageModel';
import { apiError, FakeAccount, FakeInstance, fakeApi, usageReport } from './fixtures';

describe('UsageModel', () => {
  it('waits for a credential, then asks once', async () => {
    const api = fakeApi();
    const account = new FakeAccount();
    const model = new UsageModel({ account, api });

    await model.refresh();
    expect(api.usage).not.toHaveBeenCalled();

    const loaded = new Promise<void>(resolve =>
      model.changed.connect(() => {
        if (model.usage.data) {
          resolve();
        }
      })
    );
    account.configured = true;
    account.emit();
    await loaded;
    expect(api.usage).toHaveBeenCalledTimes(1);
    expect(api.usage.mock.calls[0][2]).toBe(false);
    expect(model.usage.data).toEqual(usageReport());
    expect(model.usage.updatedAt).toEqual(new Date('2026-11-29T10:00:00Z'));
  });

  it('asks the server to ask qBraid on a refresh by hand', async () => {
    const api = fakeApi();
    const account = new FakeAccount();
    account.configured = true;
    const model = new UsageModel({ account, api });

    await model.refresh(true);

    expect(api.usage.mock.calls[0][2]).toBe(true);
  });

  it('keeps the last report, stale, when its refresh failed', async () => {
    const api = fakeApi();
    const account = new FakeAccount();
    account.configured = true;
    const error = apiError('server_error', 'qBraid failed (503).');
    api.usage.mockResolvedValueOnce({
      data: usageReport(),
      fetchedAt: '2026-11-29T09:00:00Z',
      error
    });
    const model = new UsageModel({ account, api });

    await model.refresh();

    expect(model.usage.data).toEqual(usageReport());
    expect(model.usage.error).toEqual(error);
  });

  it('shows why when nothing could be read', async () => {
    const api = fakeApi();
    const account = new FakeAccount();
    account.configured = true;
    api.usage.mockRejectedValueOnce(
      new QbraidApiError(apiError('timeout', 'No answer.'), 504)
    );
    const model = new UsageModel({ account, api });

    await model.refresh();

    expect(model.usage.data).toBeNull();
    expect(model.usage.error!.kind).toBe('timeout');
  });

  it('forgets the report when the credential goes', async () => {
    const api = fakeApi();
    const account = new FakeAccount();
    account.configured = true;
    const model = new UsageModel({ account, api });
    await model.refresh();

    account.configured = false;
    account.emit();

    expect(model.usage.data).toBeNull();
  });
});

describe('LimitsModel', () => {
  it('saves, then reads the instance again', async () => {
    const api = fakeApi();
    const instance = new FakeInstance();
    const model = new LimitsModel({ instance, api });
    const states: boolean[] = [];
    model.changed.connect(() => states.push(model.saving));

    expect(await model.save({ autoStopIdleMinutes: 30 })).toBe(true);

    expect(api.setInstanceLimits).toHaveBeenCalledWith({ autoStopIdleMinutes: 30 });
    expect(states).toEqual([true, false]);
    expect(instance.refresh).toHaveBeenCalledTimes(1);
    expect(model.error).toBeNull();
  });

  it('keeps why a save failed, and reads nothing again', async () => {
    const api = fakeApi();
    api.setInstanceLimits.mockRejectedValueOnce(
      new QbraidApiError(apiError('rejected', 'qBraid refused (403).'), 502)
    );
    const instance = new FakeInstance();
    const model = new LimitsModel({ instance, api });

    expect(await model.save({ maxSessionMinutes: 20 })).toBe(false);

    expect(model.error!.message).toBe('qBraid refused (403).');
    expect(model.saving).toBe(false);
    expect(instance.refresh).not.toHaveBeenCalled();
  });

  it('does not send a second save while one is under way', async () => {
    const api = fakeApi();
    const model = new LimitsModel({ instance: new FakeInstance(), api });

    const first = model.save({ autoStopIdleMinutes: 5 });
    expect(await model.save({ autoStopIdleMinutes: 6 })).toBe(false);
    await first;

    expect(api.setInstanceLimits).toHaveBeenCalledTimes(1);
  });
});
