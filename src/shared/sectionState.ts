import { IErrorInfo, toErrorInfo } from '../api';
import { ISectionState } from '../tokens';

/**
 * One section's state as views read it, and the requests that feed it. Requests may
 * overlap: only the latest one's outcome is shown, so a slow old answer never hides a
 * newer one.
 */
export class SectionState<T> {
  /** `changed` is called after each change of `value`: the owner's signal, say. */
  constructor(changed: () => void = () => undefined) {
    this._changed = changed;
  }

  /** What views read: replaced, never changed in place, so React sees each change. */
  get value(): ISectionState<T> {
    return this._value;
  }

  /**
   * A request starts, showing `loading` unless `quiet`; the answer tells whether it is
   * still the latest when its outcome comes.
   */
  start(options: { quiet?: boolean } = {}): () => boolean {
    const ticket = ++this._latest;
    if (!options.quiet) {
      this._value = { ...this._value, loading: true };
      this._changed();
    }
    return () => ticket === this._latest;
  }

  /** Fresh data, from a request or an answer that carries it; requests in flight are out of date. */
  succeed(data: T, updatedAt: Date = new Date()): void {
    ++this._latest;
    this._value = { data, updatedAt, error: null, loading: false };
    this._changed();
  }

  /** The last good data stays, marked stale by the error; a Retry-After is kept as a time. */
  fail(error: unknown): IErrorInfo {
    const info = toErrorInfo(error);
    const retryAt =
      info.retryAfter !== null && info.retryAfter > 0
        ? new Date(Date.now() + info.retryAfter * 1000)
        : null;
    this._value = { ...this._value, error: info, loading: false, retryAt };
    this._changed();
    return info;
  }

  /** Nothing is loading any more; what was shown stays. */
  settle(): void {
    this._value = { ...this._value, loading: false };
    this._changed();
  }

  /** Back to nothing known, as when the account has no key. */
  clear(): void {
    ++this._latest;
    this._value = emptySection();
    this._changed();
  }

  /**
   * Start a request and show its outcome if it is still the latest. Resolves with the
   * data, or null when it failed (the error is in `value`) or was superseded.
   */
  async load(
    request: () => Promise<T>,
    options: { quiet?: boolean } = {}
  ): Promise<T | null> {
    const isLatest = this.start(options);
    try {
      const data = await request();
      if (!isLatest()) {
        return null;
      }
      this.succeed(data);
      return data;
    } catch (error) {
      if (isLatest()) {
        this.fail(error);
      }
      return null;
    }
  }

  private _changed: () => void;
  private _value: ISectionState<T> = emptySection();
  private _latest = 0;
}

function emptySection<T>(): ISectionState<T> {
  return { data: null, updatedAt: null, error: null, loading: false };
}

/** Data is shown but the latest attempt to renew it failed. */
export function isStale(state: ISectionState<unknown>): boolean {
  return state.data !== null && state.error !== null;
}
