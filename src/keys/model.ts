import { TranslationBundle } from '@jupyterlab/translation';

import {
  ICreatedKey,
  IKeyList,
  IRevokedKey,
  IRotatedKey,
  QbraidApi,
  qbraidApi
} from '../api';
import { ChangingModel } from '../shared/changingModel';
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
export class KeysModel extends ChangingModel<IKeyPreferences> implements IQbraidKeys {
  constructor(options: KeysModel.IOptions) {
    super(DEFAULT_KEY_PREFERENCES);
    this._account = options.account;
    this._api = options.api ?? qbraidApi;
    this._now = options.now ?? Date.now;
    this._trans = options.trans ?? loadTranslation(null);
    this._account.changed.connect(this._onAccountChanged, this);
  }

  get list(): ISectionState<IKeyList> {
    return this._list.value;
  }

  get rotationReminder(): IRotationReminder | null {
    return rotationReminder(
      this.list.data?.activeKeyAge ?? null,
      this._account.key?.hint ?? null,
      this.preferences.rotationReminderDays,
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

  protected busyMessage(): string {
    return this._trans.__(
      'Another key change is still running; try again when it is done.'
    );
  }

  /** Afterwards both the list and the account are fetched again. */
  private _change<T>(call: () => Promise<T>): Promise<T> {
    return this.change(call, {
      // Still busy while the account refreshes, so its new key hint does not
      // start a second list fetch next to the one after.
      settle: () => this._account.refresh(),
      then: () => this.refresh()
    });
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
    const remind = configured && this.preferences.rotationReminderDays > 0;
    if ((!firstAnswer || remind) && !this.busy) {
      void this.refresh();
    }
  }

  private _account: IQbraidAccount;
  private _api: QbraidApi;
  private _now: () => number;
  private readonly _trans: TranslationBundle;
  private _list = new SectionState<IKeyList>(() => this._changed.emit());
  private _lastHint: string | null = null;
  private _lastConfigured: boolean | null = null;
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
