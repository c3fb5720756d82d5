import { IPoll, Poll } from '@lumino/polling';

import { RetryFloorPoll } from './retryFloorPoll';
import { ISignal, Signal } from '@lumino/signaling';

import {
  ApiUrlSource,
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
import { SectionState } from '../shared/sectionState';
import { IAccountPreferences, IQbraidAccount, ISectionState } from '../tokens';

const BACKOFF_MAX_MS = 10 * 60 * 1000;

export const DEFAULT_PREFERENCES: IAccountPreferences = {
  refreshInterval: 60,
  lowCreditThreshold: 500,
  lowHoursThreshold: 10
};

/**
 * Owns the account state; one poll feeds the panel and the status bar, and stands by
 * while the tab is hidden or no view of it is on screen.
 */
export class AccountModel implements IQbraidAccount {
  constructor(options: AccountModel.IOptions = {}) {
    this._api = options.api ?? qbraidApi;
    this._preferences = { ...DEFAULT_PREFERENCES, ...options.preferences };
    this._restored = options.restored ?? Promise.resolve();
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
    return this._account.value;
  }

  get credits(): ISectionState<ICredits> {
    return this._credits.value;
  }

  get compute(): ISectionState<IComputeHours> {
    return this._compute.value;
  }

  get preferences(): IAccountPreferences {
    return this._preferences;
  }

  get isLowOnCredits(): boolean {
    const credits = this._credits.value.data;
    return (
      credits !== null && credits.qbraidCredits < this._preferences.lowCreditThreshold
    );
  }

  get isLowOnHours(): boolean {
    const hours = this._compute.value.data;
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
      // Lab's start is not ours to lengthen: the first request waits for its restore.
      void this._restored.then(() => this._poll.start());
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
    // The three parts come in one answer, so they start and end together.
    const [isLatest] = this._sections().map(section => section.start());
    this._changed.emit();
    let summary: IAccountSummary;
    try {
      summary = await this._api.summary();
    } catch (error) {
      if (!isLatest()) {
        return; // superseded by a newer fetch, whose outcome is the one to show
      }
      const [info] = this._sections().map(section => section.fail(error));
      this._poll.retryAfterMs = (info.retryAfter ?? 0) * 1000;
      this._changed.emit();
      throw error;
    }
    if (!isLatest()) {
      return;
    }
    this._summary = summary;
    const fetchedAt = new Date(summary.fetchedAt);
    apply(this._account, summary.account, fetchedAt);
    apply(this._credits, summary.credits, fetchedAt);
    apply(this._compute, summary.compute, fetchedAt);
    if (!summary.configured) {
      this._sections().forEach(section => section.clear());
    }
    this._changed.emit();
    const failed = [summary.account, summary.credits].find(part => part && !part.ok) as
      { ok: false; error: IErrorInfo } | undefined;
    if (failed) {
      this._poll.retryAfterMs = (failed.error.retryAfter ?? 0) * 1000;
      throw new QbraidApiError(failed.error, 200);
    }
  }

  private _sections(): SectionState<unknown>[] {
    return [this._account, this._credits, this._compute];
  }

  private _api: QbraidApi;
  private _preferences: IAccountPreferences;
  private _poll: RetryFloorPoll;
  private _restored: Promise<void>;
  private _summary: IAccountSummary | null = null;
  // The model announces their changes itself, once for all three.
  private _account = new SectionState<IAccountInfo>();
  private _credits = new SectionState<ICredits>();
  private _compute = new SectionState<IComputeHours>();
  private _visibleViews = new Set<string>();
  private _started = false;
  private _lastAttempt = 0;
  private _refreshRequested = false;
  private _changed = new Signal<IQbraidAccount, void>(this);
}

function apply<T>(
  section: SectionState<T>,
  part: Part<T> | undefined,
  fetchedAt: Date
): void {
  if (!part) {
    section.settle();
  } else if (part.ok) {
    section.succeed(part.data, fetchedAt);
  } else {
    section.fail(new QbraidApiError(part.error, 200));
  }
}

export namespace AccountModel {
  export interface IOptions {
    api?: QbraidApi;
    preferences?: Partial<IAccountPreferences>;
    /** Lab's `restored`: nothing is requested before it. */
    restored?: Promise<void>;
  }
}
