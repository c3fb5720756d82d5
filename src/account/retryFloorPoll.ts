import { IPoll, Poll } from '@lumino/polling';

/** The first retry after a transient failure comes this long after it, up to twice as long. */
export const FIRST_RETRY_MS = 10 * 1000;

/** What the factory says of its failure, just before it rejects. */
export interface IRetryHint {
  /**
   * Whether it may be over in seconds (a 5xx, a timeout, an API or server out of reach,
   * a rate limit): then the first retry comes soon, and later ones back off.
   */
  transient: boolean;
  /** What the server asked to wait (Retry-After), 0 when it said nothing. */
  retryAfterMs: number;
}

/**
 * A poll that retries a failure as its kind deserves, and never before a Retry-After.
 *
 * - After a transient failure the first retry comes 10 to 20 s later (random, so that many
 *   tabs do not retry together), and each next one waits twice as long, up to the cap
 *   (`frequency.max`): a short blip leaves stale values for seconds, not minutes, and a
 *   long outage costs few requests.
 * - After any other failure (a refused key, a missing route, a malformed answer) retrying
 *   soon would not help: the retry waits at least the interval, then Lumino's backoff.
 *   Lumino's alone grows from the last delay, which is zero after a refresh by hand or the
 *   first load, so its retries would come faster than the healthy rhythm.
 * - A Retry-After is a floor for every tick until it has passed, a refresh by hand too: the
 *   request waits for it.
 */
export class RetryFloorPoll<
  T = any,
  U = any,
  V extends string = 'standby'
> extends Poll<T, U, V> {
  constructor(options: RetryFloorPoll.IOptions<T, U, V>) {
    super(options);
    this._random = options.random ?? (() => Math.random());
  }

  /** Set by the factory before it rejects; read once, by the retry it schedules. */
  failure: IRetryHint | null = null;

  schedule(
    next: Partial<
      IPoll.State<T, U, V> & { cancel: (last: IPoll.State<T, U, V>) => boolean }
    > = {}
  ): Promise<void> {
    const now = Date.now();
    if (next.phase === 'rejected' && typeof next.interval === 'number') {
      const failure = this.failure ?? { transient: false, retryAfterMs: 0 };
      this.failure = null;
      this._failures = failure.transient ? this._failures + 1 : 0;
      this._notBefore = failure.retryAfterMs > 0 ? now + failure.retryAfterMs : 0;
      const delay = failure.transient
        ? this._transientDelay()
        : Math.max(next.interval, this.frequency.interval);
      next = { ...next, interval: Math.max(delay, failure.retryAfterMs) };
    } else if (next.phase === 'resolved' || next.phase === 'reconnected') {
      this._failures = 0;
      this._notBefore = 0;
    } else if (
      (next.phase === 'refreshed' || next.phase === 'started') &&
      this._notBefore > now
    ) {
      next = {
        ...next,
        interval: Math.max(next.interval ?? 0, this._notBefore - now)
      };
    }
    return super.schedule(next);
  }

  /** 10-20 s after the first failure in a row, twice that after the second, ... up to the cap. */
  private _transientDelay(): number {
    const base = FIRST_RETRY_MS * 2 ** (this._failures - 1);
    return Math.round(Math.min(this.frequency.max, base * (1 + this._random())));
  }

  private _random: () => number;
  /** Transient failures in a row. */
  private _failures = 0;
  /** When the server's Retry-After is over (ms since the epoch), 0 when there is none. */
  private _notBefore = 0;
}

export namespace RetryFloorPoll {
  export interface IOptions<T, U, V extends string> extends Poll.IOptions<T, U, V> {
    /** A number in [0, 1) for the jitter, for tests; `Math.random` otherwise. */
    random?: () => number;
  }
}
