import { ISignal, Signal } from '@lumino/signaling';

import { IUsageReport, QbraidApi, QbraidApiError, qbraidApi } from '../api';
import { SectionState } from '../shared/sectionState';
import { IQbraidAccount, ISectionState } from '../tokens';

/**
 * The last 30 days of compute sessions for the Compute section's chart. Asked when the
 * section comes on screen and by its refresh; the server answers from the same cached
 * call as this month's hours, so a look costs qBraid nothing more. Only asked with a
 * credential: until the account says there is one, a request waits for it.
 */
export class UsageModel {
  constructor(options: UsageModel.IOptions) {
    this._api = options.api ?? qbraidApi;
    this._account = options.account;
    this._account.changed.connect(this._onAccountChanged, this);
  }

  get changed(): ISignal<UsageModel, void> {
    return this._changed;
  }

  get usage(): ISectionState<IUsageReport> {
    return this._state.value;
  }

  /** `fresh`: a refresh by hand, the server asks qBraid now. */
  async refresh(fresh = false): Promise<void> {
    if (this._account.configured !== true) {
      this._waiting = fresh || this._waiting === 'fresh' ? 'fresh' : 'cached';
      return;
    }
    this._waiting = null;
    const isLatest = this._state.start({ quiet: this._state.value.data !== null });
    try {
      const answer = await this._api.usage(undefined, undefined, fresh);
      if (!isLatest()) {
        return;
      }
      this._state.succeed(answer.data, new Date(answer.fetchedAt));
      if (answer.error) {
        // Its latest refresh failed: the report shown is the last good one, stale.
        this._state.fail(new QbraidApiError(answer.error, 200));
      }
    } catch (error) {
      if (isLatest()) {
        this._state.fail(error);
      }
    }
  }

  dispose(): void {
    this._account.changed.disconnect(this._onAccountChanged, this);
  }

  private _onAccountChanged(): void {
    if (this._account.configured === true && this._waiting !== null) {
      void this.refresh(this._waiting === 'fresh');
    } else if (this._account.configured === false && this._state.value.data !== null) {
      // The credential is gone: what it could read must not stay on screen.
      this._state.clear();
    }
  }

  private _api: QbraidApi;
  private _account: IQbraidAccount;
  private _changed = new Signal<UsageModel, void>(this);
  private _state = new SectionState<IUsageReport>(() => this._changed.emit());
  private _waiting: 'fresh' | 'cached' | null = null;
}

export namespace UsageModel {
  export interface IOptions {
    account: IQbraidAccount;
    api?: QbraidApi;
  }
}
