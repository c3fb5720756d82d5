import { IDisposable } from '@lumino/disposable';

/** A person's input is told to the server at most this often. */
export const INPUT_REPORT_MS = 60 * 1000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'];

/**
 * Tells the server of a person's input in this tab at most once a minute: the first input
 * at once, later ones once the minute is up (so the last input is never lost), with how long
 * ago the last one was, so that a late report does not count as input now. While
 * `urgent()` (a warning is on screen) any input is told at once.
 */
export class InputReporter implements IDisposable {
  constructor(options: InputReporter.IOptions) {
    this._report = options.report;
    this._urgent = options.urgent;
    this._now = options.now ?? Date.now;
    this._target = options.target ?? document;
    for (const type of INPUT_EVENTS) {
      this._target.addEventListener(type, this._onInput, { passive: true });
    }
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    for (const type of INPUT_EVENTS) {
      this._target.removeEventListener(type, this._onInput);
    }
    this._clearPending();
  }

  private _onInput = (): void => {
    this._lastInput = this._now();
    const since = this._lastInput - this._lastReport;
    if (this._urgent() || since >= INPUT_REPORT_MS) {
      this._clearPending();
      this._send();
    } else if (this._pending === null) {
      this._pending = setTimeout(() => {
        this._pending = null;
        this._send();
      }, INPUT_REPORT_MS - since);
    }
  };

  private _send(): void {
    this._lastReport = this._now();
    this._report((this._lastReport - this._lastInput) / 1000);
  }

  private _clearPending(): void {
    if (this._pending !== null) {
      clearTimeout(this._pending);
      this._pending = null;
    }
  }

  private _report: (secondsAgo: number) => void;
  private _urgent: () => boolean;
  private _now: () => number;
  private _target: EventTarget;
  private _lastReport = -Infinity;
  private _lastInput = -Infinity;
  private _pending: ReturnType<typeof setTimeout> | null = null;
  private _isDisposed = false;
}

export namespace InputReporter {
  export interface IOptions {
    /** Tell the server of input `secondsAgo` seconds ago (0: just now). */
    report: (secondsAgo: number) => void;
    /** Whether input must be told at once (a warning is on screen). */
    urgent: () => boolean;
    /** Where input is listened for; the document by default. */
    target?: EventTarget;
    now?: () => number;
  }
}
