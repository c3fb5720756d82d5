import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';

import {
  errorInfo,
  ICreatedKey,
  IKeyList,
  IRevokedKey,
  IRotatedKey,
  QbraidApi,
  QbraidApiError,
  qbraidApi
} from '../api';
import { SectionState } from '../shared/sectionState';
import { loadTranslation } from '../shared/translation';
import {
  IKeyPreferences,
  IQbraidAccount,
  IQbraidKeys,
  IRotationReminder,
  ISectionState
} from '../tokens';
import { rotationReminder } from './keyAge';

export const DEFAULT_KEY_PREFERENCES: IKeyPreferences = {
  // qBraid's own advice: rotate keys every 90 days.
  rotationReminderDays: 90
};

/**
 * The key list. It is not polled: it is fetched when first shown, once after the account's
 * first answer while the reminder to rotate is on (so the status bar can remind too), when
 * the active key changes, by hand, and after every change made here. Secrets pass through
 * the answers of create and rotate and are never kept.
 */
export class KeysModel implements IQbraidKeys {
  constructor(options: KeysModel.IOptions) {
    this._account = options.account;
    this._api = options.api ?? qbraidApi;
    this._now = options.now ?? Date.now;
    this._trans = options.trans ?? loadTranslation(null);
    this._account.changed.connect(this._onAccountChanged, this);
  }

  get changed(): ISignal<IQbraidKeys, void> {
    return this._changed;
  }

  get list(): ISectionState<IKeyList> {
    return this._list.value;
  }

  get busy(): boolean {
    return this._busy;
  }

  get preferences(): IKeyPreferences {
    return this._preferences;
  }

  set preferences(value: IKeyPreferences) {
    this._preferences = { ...value };
    this._changed.emit();
  }

  get rotationReminder(): IRotationReminder | null {
    return rotationReminder(
      this.list.data?.activeKeyAge ?? null,
      this._account.key?.hint ?? null,
      this._preferences.rotationReminderDays,
      this._now()
    );
  }

  async refresh(): Promise<void> {
    if (this._account.configured === false) {
      this._list.clear();
      return;
    }
    await this._list.load(() => this._api.keys());
  }

  create(name: string): Promise<ICreatedKey> {
    return this._change(() => this._api.createKey(name));
  }

  rotate(id: string): Promise<IRotatedKey> {
    return this._change(() => this._api.rotateKey(id));
  }

  revoke(id: string): Promise<IRevokedKey> {
    return this._change(() => this._api.revokeKey(id));
  }

  dispose(): void {
    Signal.clearData(this);
  }

  /** One change at a time; afterwards both the list and the account are fetched again. */
  private async _change<T>(call: () => Promise<T>): Promise<T> {
    if (this._busy) {
      throw new QbraidApiError(
        errorInfo(
          'busy',
          this._trans.__(
            'Another key change is still running; try again when it is done.'
          )
        ),
        409
      );
    }
    this._busy = true;
    this._changed.emit();
    try {
      return await call();
    } finally {
      // Still busy while the account refreshes, so its new key hint does not
      // start a second list fetch next to the one below.
      await this._account.refresh();
      this._busy = false;
      this._changed.emit();
      await this.refresh();
    }
  }

  /** The active key changed elsewhere (pasted, rotated): the "in use" mark moves. */
  private _onAccountChanged(): void {
    const hint = this._account.key?.hint ?? null;
    const configured = this._account.configured;
    if (
      configured === null ||
      (hint === this._lastHint && configured === this._lastConfigured)
    ) {
      return;
    }
    const firstAnswer = this._lastConfigured === null;
    this._lastHint = hint;
    this._lastConfigured = configured;
    const remind = configured && this._preferences.rotationReminderDays > 0;
    if ((!firstAnswer || remind) && !this._busy) {
      void this.refresh();
    }
  }

  private _account: IQbraidAccount;
  private _api: QbraidApi;
  private _now: () => number;
  private readonly _trans: TranslationBundle;
  private _preferences = { ...DEFAULT_KEY_PREFERENCES };
  private _list = new SectionState<IKeyList>(() => this._changed.emit());
  private _busy = false;
  private _lastHint: string | null = null;
  private _lastConfigured: boolean | null = null;
  private _changed = new Signal<IQbraidKeys, void>(this);
}

export namespace KeysModel {
  export interface IOptions {
    account: IQbraidAccount;
    api?: QbraidApi;
    /** The clock keys' ages are counted by. */
    now?: () => number;
    /** The language of the messages the model writes itself. */
    trans?: TranslationBundle;
  }
}
