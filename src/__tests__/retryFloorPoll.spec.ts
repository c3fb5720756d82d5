import { FIRST_RETRY_MS, RetryFloorPoll } from '../account/retryFloorPoll';

const INTERVAL_MS = 15000;
const MAX_MS = 600000;

describe('RetryFloorPoll', () => {
  let poll: RetryFloorPoll;
  let random: number;

  beforeEach(() => {
    random = 0.5;
    poll = new RetryFloorPoll({
      auto: false,
      factory: () => Promise.resolve(),
      frequency: { interval: INTERVAL_MS, backoff: true, max: MAX_MS },
      random: () => random
    });
  });

  afterEach(() => poll.dispose());

  const fail = (transient: boolean, retryAfterMs = 0, interval = 0) => {
    poll.failure = { transient, retryAfterMs };
    return poll.schedule({ interval, phase: 'rejected' });
  };

  describe('after a failure a quick retry cannot mend', () => {
    it('waits at least the interval, even when backoff starts from zero', async () => {
      await fail(false);
      expect(poll.state.interval).toBe(INTERVAL_MS);
    });

    it('keeps a longer backoff as it is', async () => {
      await fail(false, 0, 40000);
      expect(poll.state.interval).toBe(40000);
    });

    it('counts as such when the factory said nothing', async () => {
      await poll.schedule({ interval: 0, phase: 'rejected' });
      expect(poll.state.interval).toBe(INTERVAL_MS);
    });
  });

  describe('after a transient failure', () => {
    it.each([0, 0.5, 0.999])(
      'retries first within 10-20 s (jitter %p), whatever backoff Lumino picked',
      async value => {
        random = value;
        await fail(true, 0, 45000);
        expect(poll.state.interval).toBe(Math.round(FIRST_RETRY_MS * (1 + value)));
        expect(poll.state.interval).toBeGreaterThanOrEqual(10000);
        expect(poll.state.interval).toBeLessThanOrEqual(20000);
      }
    );

    it('doubles the wait with each failure in a row, up to the cap', async () => {
      random = 0;
      const intervals: number[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        await fail(true);
        intervals.push(poll.state.interval);
      }
      expect(intervals).toEqual([
        10000,
        20000,
        40000,
        80000,
        160000,
        320000,
        MAX_MS,
        MAX_MS
      ]);
    });

    it('starts over after a success', async () => {
      random = 0;
      await fail(true);
      await fail(true);
      expect(poll.state.interval).toBe(20000);

      await poll.schedule({ phase: 'reconnected' });
      await fail(true);
      expect(poll.state.interval).toBe(10000);
    });

    it('starts over after a failure of another kind', async () => {
      random = 0;
      await fail(true);
      await fail(true);
      await fail(false);
      await fail(true);
      expect(poll.state.interval).toBe(10000);
    });
  });

  describe('Retry-After', () => {
    it('is a floor for the retry, once', async () => {
      await fail(true, 50000);
      expect(poll.state.interval).toBe(50000);

      random = 0;
      await fail(true);
      expect(poll.state.interval).toBe(20000);
    });

    it('does not shorten a longer wait', async () => {
      random = 0;
      await fail(true, 5000);
      expect(poll.state.interval).toBe(10000);
      await fail(false, 5000);
      expect(poll.state.interval).toBe(INTERVAL_MS);
    });

    describe('with a refresh by hand', () => {
      beforeEach(() => jest.useFakeTimers());
      afterEach(() => jest.useRealTimers());

      it('delays it until the Retry-After is over', async () => {
        await fail(true, 30000);
        jest.advanceTimersByTime(12000);

        await poll.refresh();
        expect(poll.state.phase).toBe('refreshed');
        expect(poll.state.interval).toBe(18000);
      });

      it('lets it go at once once the Retry-After is over, or after a success', async () => {
        await fail(true, 30000);
        jest.advanceTimersByTime(30000);
        await poll.refresh();
        expect(poll.state.interval).toBe(0);

        await fail(true, 30000);
        await poll.schedule({ phase: 'resolved' });
        await poll.refresh();
        expect(poll.state.interval).toBe(0);
      });
    });
  });

  it('leaves other phases alone', async () => {
    await poll.schedule({ interval: 0, phase: 'refreshed' });
    expect(poll.state.interval).toBe(0);
  });
});
