import { ISignal, Signal } from '@lumino/signaling';

import { errorInfo, QbraidApiError } from '../api';

/**
 * What the keys and kernels models share: a `changed` signal, preferences that the
 * plugin's settings set, and changes made one at a time.
 */
export abstract class ChangingModel<P extends object> {
  constructor(defaults: P) {
    this._preferences = { ...defaults };
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** While a change runs; the views disable what would start another. */
  get busy(): boolean {
    return this._busy;
  }

  get preferences(): P {
    return this._preferences;
  }

  set preferences(value: P) {
    const before = this._preferencesSet ? this._preferences : null;
    this._preferencesSet = true;
    this._preferences = { ...value };
    this._changed.emit();
    this.preferencesChanged(before);
  }

  dispose(): void {
    Signal.clearData(this);
  }

  /** After the settings set the preferences; `before` is null the first time. */
  protected preferencesChanged(before: P | null): void {
    // Most models only show their preferences, which `changed` has redrawn.
  }

  /** The message of a change refused because another is running. */
  protected abstract busyMessage(): string;

  /**
   * Runs `call` as the one change: a second one while it runs is refused with a 409 the
   * section shows, rather than queued behind it. `settle` runs still busy, `then` after.
   */
  protected async change<T>(
    call: () => Promise<T>,
    options: { settle?: () => Promise<void>; then?: () => Promise<void> } = {}
  ): Promise<T> {
    if (this._busy) {
      throw new QbraidApiError(errorInfo('busy', this.busyMessage()), 409);
    }
    this._busy = true;
    this._changed.emit();
    try {
      return await call();
    } finally {
      await options.settle?.();
      this._busy = false;
      this._changed.emit();
      await options.then?.();
    }
  }

  protected readonly _changed = new Signal<this, void>(this);
  private _preferences: P;
  private _preferencesSet = false;
  private _busy = false;
}
