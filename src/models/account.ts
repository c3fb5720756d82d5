import { IPoll, Poll } from '@lumino/polling';

import { RetryFloorPoll } from './retryFloorPoll';
import { ISignal, Signal } from '@lumino/signaling';

import {
  ApiUrlSource,
  errorInfo,
  IAccountInfo,
  IAccountSummary,
  IComputeHours,
  ICredentialInfo,
  ICredits,
  IErrorInfo,
  IKeyInfo,
  ILinks,
  INotice,
  ISetKeyResult,
  Part,
  QbraidApi,
  QbraidApiError,
  qbraidApi
} from '../api';
import { IAccountPreferences, IQbraidAccount, ISectionState } from '../tokens';

const BACKOFF_MAX_MS = 10 * 60 * 1000;

export const DEFAULT_PREFERENCES: IAccountPreferences = {
  refreshInterval: 60,
  lowCreditThreshold: 500,
  lowHoursThreshold: 10
};

function emptySection<T>(): ISectionState<T> {
  return { data: null, updatedAt: null, error: null, loading: false };
}

/**
 * Owns the account state; one poll feeds the panel and the status bar, and stands by
 * while the tab is hidden or no view of it is on screen.
 */
export class AccountModel implements IQbraidAccount {
  constructor(options: AccountModel.IOptions = {}) {
    this._api = options.api ?? qbraidApi;
    this._preferences = { ...DEFAULT_PREFERENCES, ...options.preferences };
    this._poll = new RetryFloorPoll({
      auto: false,
      factory: () => this._fetch(),
      frequency: this._frequency(),
      standby: () =>
        !this._refreshRequested &&
        ((typeof document !== 'undefined' && document.hidden) ||
          this._visibleViews.size === 0),
      name: 'jupyterlab-qbraid:account'
    });
  }

  get changed(): ISignal<IQbraidAccount, void> {
    return this._changed;
  }

  get configured(): boolean | null {
    return this._summary ? this._summary.configured : null;
  }

  get credential(): ICredentialInfo | null {
    return this._summary?.credential ?? null;
  }

  get apiUrl(): { url: string; source: ApiUrlSource } | null {
    return this._summary
      ? { url: this._summary.apiUrl, source: this._summary.apiUrlSource }
      : null;
  }

  get key(): IKeyInfo | null {
    return this._summary?.key ?? null;
  }

  get links(): ILinks | null {
    return this._summary?.links ?? null;
  }

  get notices(): INotice[] {
    return this._summary?.notices ?? [];
  }

  get account(): ISectionState<IAccountInfo> {
    return this._account;
  }

  get credits(): ISectionState<ICredits> {
    return this._credits;
  }

  get compute(): ISectionState<IComputeHours> {
    return this._compute;
  }

  get preferences(): IAccountPreferences {
    return this._preferences;
  }

  get isLowOnCredits(): boolean {
    const credits = this._credits.data;
    return (
      credits !== null && credits.qbraidCredits < this._preferences.lowCreditThreshold
    );
  }

  get isLowOnHours(): boolean {
    const hours = this._compute.data;
    return hours !== null && hours.remaining < this._preferences.lowHoursThreshold;
  }

  get isDisposed(): boolean {
    return this._poll.isDisposed;
  }

  /** The poll, for tests and benchmarks that watch its schedule. */
  get poll(): Poll {
    return this._poll;
  }

  set preferences(value: IAccountPreferences) {
    const intervalChanged = value.refreshInterval !== this._preferences.refreshInterval;
    this._preferences = { ...value };
    if (intervalChanged) {
      this._poll.frequency = this._frequency();
    }
    this._changed.emit();
  }

  /**
   * Through the poll, so a success also ends its backoff and repeated calls coalesce;
   * a request made by hand goes out even when nothing is on screen.
   */
  async refresh(): Promise<void> {
    this._started = true;
    this._refreshRequested = true;
    await this._poll.refresh();
    await this._poll.tick;
  }

  async setKey(apiKey: string): Promise<ISetKeyResult> {
    const result = await this._api.setKey(apiKey);
    await this.refresh();
    return result;
  }

  setViewVisible(view: string, visible: boolean): void {
    const wasIdle = this._visibleViews.size === 0;
    if (visible) {
      this._visibleViews.add(view);
    } else {
      this._visibleViews.delete(view);
    }
    if (!visible || this.isDisposed) {
      return;
    }
    if (!this._started) {
      this._started = true;
      void this._poll.start();
    } else if (wasIdle && this._isDue()) {
      void this._poll.refresh();
    }
  }

  dispose(): void {
    this._poll.dispose();
    Signal.clearData(this);
  }

  private _frequency(): IPoll.Frequency {
    const interval = this._preferences.refreshInterval * 1000;
    return { interval, backoff: true, max: Math.max(BACKOFF_MAX_MS, interval) };
  }

  private _isDue(): boolean {
    return (
      this._lastAttempt === 0 ||
      Date.now() - this._lastAttempt >= this._preferences.refreshInterval * 1000
    );
  }

  /** One round trip; rejects when any part failed, so that the poll backs off. */
  private async _fetch(): Promise<void> {
    this._refreshRequested = false;
    this._lastAttempt = Date.now();
    const ticket = ++this._latestFetch;
    this._setLoading(true);
    let summary: IAccountSummary;
    try {
      summary = await this._api.summary();
    } catch (error) {
      if (ticket !== this._latestFetch) {
        return; // superseded by a newer fetch, whose outcome is the one to show
      }
      const info =
        error instanceof QbraidApiError
          ? error.info
          : errorInfo('server_error', String(error));
      this._poll.retryAfterMs = (info.retryAfter ?? 0) * 1000;
      this._account = { ...this._account, error: info, loading: false };
      this._credits = { ...this._credits, error: info, loading: false };
      this._compute = { ...this._compute, error: info, loading: false };
      this._changed.emit();
      throw error;
    }
    if (ticket !== this._latestFetch) {
      return;
    }
    this._summary = summary;
    const fetchedAt = new Date(summary.fetchedAt);
    this._account = apply(this._account, summary.account, fetchedAt);
    this._credits = apply(this._credits, summary.credits, fetchedAt);
    this._compute = apply(this._compute, summary.compute, fetchedAt);
    if (!summary.configured) {
      this._account = emptySection();
      this._credits = emptySection();
      this._compute = emptySection();
    }
    this._changed.emit();
    const failed = [summary.account, summary.credits].find(part => part && !part.ok) as
      { ok: false; error: IErrorInfo } | undefined;
    if (failed) {
      this._poll.retryAfterMs = (failed.error.retryAfter ?? 0) * 1000;
      throw new QbraidApiError(failed.error, 200);
    }
  }

  private _setLoading(loading: boolean): void {
    this._account = { ...this._account, loading };
    this._credits = { ...this._credits, loading };
    this._compute = { ...this._compute, loading };
    this._changed.emit();
  }

  private _api: QbraidApi;
  private _preferences: IAccountPreferences;
  private _poll: RetryFloorPoll;
  private _summary: IAccountSummary | null = null;
  private _account = emptySection<IAccountInfo>();
  private _credits = emptySection<ICredits>();
  private _compute = emptySection<IComputeHours>();
  private _visibleViews = new Set<string>();
  private _started = false;
  private _lastAttempt = 0;
  private _latestFetch = 0;
  private _refreshRequested = false;
  private _changed = new Signal<IQbraidAccount, void>(this);
}

function apply<T>(
  previous: ISectionState<T>,
  part: Part<T> | undefined,
  fetchedAt: Date
): ISectionState<T> {
  if (!part) {
    return { ...previous, loading: false };
  }
  if (part.ok) {
    return { data: part.data, updatedAt: fetchedAt, error: null, loading: false };
  }
  return { ...previous, error: part.error, loading: false };
}

export namespace AccountModel {
  export interface IOptions {
    api?: QbraidApi;
    preferences?: Partial<IAccountPreferences>;
  }
}
