import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

/** Seconds the person has to keep the instance running once it is found idle. */
export const COUNTDOWN_SECONDS = 60;
const IDLE_CHECK_MS = 5000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'];

/**
 * Watches for idleness: no user input and no busy kernel for the set minutes. Then it
 * counts down; any input or "Keep running" cancels, and at zero it says `expired`.
 */
export class IdleStopWatch implements IDisposable {
  constructor(options: IdleStopWatch.IOptions) {
    this._isKernelBusy = options.isKernelBusy;
    this._now = options.now ?? Date.now;
    this._target = options.inputTarget ?? document;
    this._lastActivity = this._now();
    for (const type of INPUT_EVENTS) {
      this._target.addEventListener(type, this._onInput, { passive: true });
    }
  }

  /** Seconds left before the stop, or null when not counting down. */
  get countdown(): number | null {
    return this._countdown;
  }

  /** The countdown started, ticked or ended. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The countdown reached zero: time to stop. */
  get expired(): ISignal<this, void> {
    return this._expired;
  }

  get minutes(): number {
    return this._minutes;
  }

  /** 0 turns the watch off. */
  set minutes(value: number) {
    this._minutes = value > 0 ? value : 0;
    this._lastActivity = this._now();
    this._cancelCountdown();
    this._schedule();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  keepRunning(): void {
    this._lastActivity = this._now();
    this._cancelCountdown();
    this._schedule();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    for (const type of INPUT_EVENTS) {
      this._target.removeEventListener(type, this._onInput);
    }
    this._clearTimer();
    Signal.clearData(this);
  }

  private _onInput = (): void => {
    this._lastActivity = this._now();
    if (this._countdown !== null) {
      this.keepRunning();
    }
  };

  private _schedule(): void {
    this._clearTimer();
    if (this._minutes === 0 || this._isDisposed) {
      return;
    }
    const counting = this._countdown !== null;
    this._timer = setTimeout(
      () => (counting ? this._tick() : this._check()),
      counting ? 1000 : IDLE_CHECK_MS
    );
  }

  private _check(): void {
    if (this._isKernelBusy()) {
      this._lastActivity = this._now();
    }
    if (this._now() - this._lastActivity >= this._minutes * 60 * 1000) {
      this._countdown = COUNTDOWN_SECONDS;
      this._changed.emit();
    }
    this._schedule();
  }

  private _tick(): void {
    if (this._isKernelBusy()) {
      // A kernel started working (a scheduled job, say): that is activity too.
      this.keepRunning();
      return;
    }
    this._countdown = Math.max(0, (this._countdown ?? 0) - 1);
    this._changed.emit();
    if (this._countdown === 0) {
      this._countdown = null;
      this._clearTimer();
      this._changed.emit();
      this._expired.emit();
      return;
    }
    this._schedule();
  }

  private _cancelCountdown(): void {
    if (this._countdown !== null) {
      this._countdown = null;
      this._changed.emit();
    }
  }

  private _clearTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _isKernelBusy: () => boolean;
  private _now: () => number;
  private _target: EventTarget;
  private _minutes = 0;
  private _lastActivity: number;
  private _countdown: number | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
  private _expired = new Signal<this, void>(this);
}

export namespace IdleStopWatch {
  export interface IOptions {
    /** Whether any kernel is running code now. */
    isKernelBusy: () => boolean;
    /** Where input is listened for; the document by default. */
    inputTarget?: EventTarget;
    now?: () => number;
  }
}
