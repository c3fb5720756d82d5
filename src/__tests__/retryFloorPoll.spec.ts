import { RetryFloorPoll } from '../account/retryFloorPoll';

describe('RetryFloorPoll', () => {
  let poll: RetryFloorPoll;

  beforeEach(() => {
    poll = new RetryFloorPoll({
      auto: false,
      factory: () => Promise.resolve(),
      frequency: { interval: 15000, backoff: true, max: 600000 }
    });
  });

  afterEach(() => poll.dispose());

  it('waits at least the interval after a failure, even when backoff starts from zero', async () => {
    await poll.schedule({ interval: 0, phase: 'rejected' });
    expect(poll.state.interval).toBe(15000);
  });

  it('keeps a longer backoff as it is', async () => {
    await poll.schedule({ interval: 40000, phase: 'rejected' });
    expect(poll.state.interval).toBe(40000);
  });

  it('waits what the server asked for once, then the usual floor again', async () => {
    poll.retryAfterMs = 50000;
    await poll.schedule({ interval: 20000, phase: 'rejected' });
    expect(poll.state.interval).toBe(50000);

    await poll.schedule({ interval: 0, phase: 'rejected' });
    expect(poll.state.interval).toBe(15000);
  });

  it('leaves other phases alone', async () => {
    await poll.schedule({ interval: 0, phase: 'refreshed' });
    expect(poll.state.interval).toBe(0);
  });
});
