import { DisposableDelegate, IDisposable } from '@lumino/disposable';

/**
 * Says when to be called next: milliseconds from now, or null for never again.
 */
export type TickerWatch = () => number | null;

/**
 * One timer for every relative time and countdown on screen. It is armed only while
 * something watches and the page is visible, for the earliest watcher due; a page that
 * comes back calls at once those that fell due while it was hidden. It asks nothing of
 * any server: it only makes views draw again.
 */
export class Ticker {
  constructor(options: Ticker.IOptions = {}) {
    // Read at each call, so that a clock replaced later (fake timers) is the one used.
    this._now = options.now ?? (() => Date.now());
  }

  /** How many watchers are registered (for tests): the timer runs only while there is one. */
  get watching(): number {
    return this._due.size;
  }

  /** Call `watch` in `delayMs`, then after each delay it returns; dispose to stop. */
  watch(delayMs: number, watch: TickerWatch): IDisposable {
    if (this._due.size === 0 && typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', this._onVisibility);
    }
    this._due.set(watch, this._now() + delayMs);
    this._arm();
    return new DisposableDelegate(() => {
      if (!this._due.delete(watch)) {
        return;
      }
      if (this._due.size === 0 && typeof document !== 'undefined') {
        document.removeEventListener('visibilitychange', this._onVisibility);
      }
      this._arm();
    });
  }

  private _arm(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    if (this._due.size === 0 || (typeof document !== 'undefined' && document.hidden)) {
      return;
    }
    const next = Math.min(...this._due.values());
    this._timer = setTimeout(() => this._fire(), Math.max(0, next - this._now()));
  }

  private _fire(): void {
    const now = this._now();
    for (const [watch, due] of [...this._due]) {
      // A watcher called earlier in this round may have removed this one.
      if (due > now || !this._due.has(watch)) {
        continue;
      }
      const delay = watch();
      if (!this._due.has(watch)) {
        continue;
      }
      if (delay === null) {
        this._due.delete(watch);
      } else {
        this._due.set(watch, now + delay);
      }
    }
    this._arm();
  }

  private _onVisibility = (): void => {
    if (document.hidden) {
      this._arm();
    } else {
      this._fire();
    }
  };

  private _now: () => number;
  private _due = new Map<TickerWatch, number>();
  private _timer: ReturnType<typeof setTimeout> | undefined = undefined;
}

export namespace Ticker {
  export interface IOptions {
    /** The clock, for tests. */
    now?: () => number;
  }
}

/** The ticker every view shares. */
export const ticker = new Ticker();
