import { IPoll, Poll } from '@lumino/polling';

/**
 * A poll whose retry after a failure waits at least its interval, and at least what the
 * server asked for (Retry-After). Lumino's backoff grows from the last delay, which is zero
 * after a refresh by hand or the first load: the retries would then come faster than the
 * healthy rhythm.
 */
export class RetryFloorPoll<
  T = any,
  U = any,
  V extends string = 'standby'
> extends Poll<T, U, V> {
  /** Milliseconds the next retry must wait at least; used once. */
  retryAfterMs = 0;

  schedule(
    next: Partial<
      IPoll.State<T, U, V> & { cancel: (last: IPoll.State<T, U, V>) => boolean }
    > = {}
  ): Promise<void> {
    if (next.phase === 'rejected' && typeof next.interval === 'number') {
      next = {
        ...next,
        interval: Math.max(next.interval, this.frequency.interval, this.retryAfterMs)
      };
      this.retryAfterMs = 0;
    }
    return super.schedule(next);
  }
}
