import { TranslationBundle } from '@jupyterlab/translation';
import { IPoll, Poll } from '@lumino/polling';

import { IRetryHint, RetryFloorPoll } from './retryFloorPoll';
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
  isTransient,
  INotice,
  ISetKeyResult,
  Part,
  QbraidApi,
  QbraidApiError,
  qbraidApi,
  SummaryPart
} from '../api';
import { SectionState } from '../shared/sectionState';
import { loadTranslation } from '../shared/translation';
import { IAccountPreferences, IQbraidAccount, ISectionState } from '../tokens';
import { FRONTEND_VERSION } from '../version';

const BACKOFF_MAX_MS = 10 * 60 * 1000;

/** Every part of the summary, in the order the panel shows them. */
export const ALL_PARTS: SummaryPart[] = ['account', 'credits', 'compute'];

export const DEFAULT_PREFERENCES: IAccountPreferences = {
  refreshInterval: 60,
  lowCreditThreshold: 500,
  lowHoursThreshold: 10
};

/**
 * Owns the account state; one poll feeds the panel and the status bar, and stands by
 * while the tab is hidden or no view of it is on screen. Each request names only the
 * parts the views on screen show; the server serves them from its cache, asking qBraid
 * as often as each can change, and a refresh by hand asks qBraid now.
 */
export class AccountModel implements IQbraidAccount {
  constructor(options: AccountModel.IOptions = {}) {
    this._api = options.api ?? qbraidApi;
    this._preferences = { ...DEFAULT_PREFERENCES, ...options.preferences };
    this._restored = options.restored ?? Promise.resolve();
    this._trans = options.trans ?? loadTranslation(null);
    this._poll = new RetryFloorPoll({
      auto: false,
      factory: () => this._fetch(),
      frequency: this._frequency(),
      standby: () =>
        this._byHand === null &&
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
    const notices = this._summary?.notices ?? [];
    const serverVersion = this._summary?.serverVersion;
    return serverVersion && serverVersion !== FRONTEND_VERSION
      ? [...notices, versionNotice(serverVersion, this._trans)]
      : notices;
  }

  get serverMissing(): boolean {
    return this._serverMissing;
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
   * A refresh by hand of `parts` (default: those on screen, or all): the server asks
   * qBraid now (during a Retry-After, once it is over). Through the poll, so a success also
   * ends its backoff, repeated calls coalesce and the Retry-After holds; it goes out even
   * when nothing is on screen.
   */
  async refresh(parts?: SummaryPart[]): Promise<void> {
    this._started = true;
    const asked = new Set([...(this._byHand ?? []), ...(parts ?? this._wanted())]);
    this._byHand = ALL_PARTS.filter(part => asked.has(part));
    await this._poll.refresh();
    await this._poll.tick;
    if (this._byHand !== null && !this.isDisposed) {
      // It joined a request of the poll's own already under way, which the server may
      // have answered from its cache: one more, by hand.
      await this._poll.refresh();
      await this._poll.tick;
    }
  }

  async setKey(apiKey: string): Promise<ISetKeyResult> {
    const result = await this._api.setKey(apiKey);
    await this.refresh();
    return result;
  }

  setViewVisible(
    view: string,
    visible: boolean,
    parts: SummaryPart[] = ALL_PARTS
  ): void {
    const wasIdle = this._visibleViews.size === 0;
    if (visible) {
      this._visibleViews.set(view, parts);
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
    } else if ((wasIdle && this._isDue()) || this._lacksData(parts)) {
      // Not by hand: the server answers from its cache what it has.
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

  /** The parts the views on screen show; all when none is (a refresh from the palette). */
  private _wanted(): SummaryPart[] {
    const shown = new Set([...this._visibleViews.values()].flat());
    return shown.size ? ALL_PARTS.filter(part => shown.has(part)) : ALL_PARTS;
  }

  /**
   * A view shows a part never loaded nor being loaded: the poll's rhythm has not covered
   * it yet. Also while the first answer is under way (configured not known yet), which
   * carries only the parts of the views on screen when it was asked; not after a first
   * request failed, whose backoff stands.
   */
  private _lacksData(parts: SummaryPart[]): boolean {
    const firstUnderWay =
      this.configured === null &&
      this._sections().some(section => section.value.loading);
    return (
      (this.configured === true || firstUnderWay) &&
      parts.some(
        part =>
          this._section(part).value.data === null && !this._section(part).value.loading
      )
    );
  }

  private _section(part: SummaryPart): SectionState<unknown> {
    return part === 'account'
      ? this._account
      : part === 'credits'
        ? this._credits
        : this._compute;
  }

  private _isDue(): boolean {
    return (
      this._lastAttempt === 0 ||
      Date.now() - this._lastAttempt >= this._preferences.refreshInterval * 1000
    );
  }

  /** One round trip; rejects when any part failed, so that the poll backs off. */
  private async _fetch(): Promise<void> {
    const byHand = this._byHand;
    this._byHand = null;
    const parts = byHand ?? this._wanted();
    this._lastAttempt = Date.now();
    // The parts asked come in one answer, so they start and end together.
    const sections = parts.map(part => this._section(part));
    const latest = sections.map(section => section.start());
    // A newer request for the same parts supersedes this one: its outcome is the one to show.
    const isLatest = () => latest.some(check => check());
    this._changed.emit();
    let summary: IAccountSummary;
    try {
      summary = await this._api.summary(undefined, undefined, {
        parts: parts.length === ALL_PARTS.length ? undefined : parts,
        fresh: byHand !== null,
        maxAge: this._preferences.refreshInterval
      });
    } catch (error) {
      if (!isLatest()) {
        return; // superseded by a newer fetch, whose outcome is the one to show
      }
      this._serverMissing =
        error instanceof QbraidApiError && error.kind === 'server_missing';
      const [info] = sections
        .filter((_, index) => latest[index]())
        .map(section => section.fail(error));
      this._poll.failure = retryHint(info);
      this._changed.emit();
      throw error;
    }
    if (!isLatest()) {
      return;
    }
    this._summary = summary;
    this._serverMissing = false;
    parts.forEach((part, index) => {
      if (latest[index]()) {
        apply(sections[index], summary[part]);
      }
    });
    if (!summary.configured) {
      this._sections().forEach(section => section.clear());
    }
    this._changed.emit();
    const failed = [summary.account, summary.credits].find(part => part && !part.ok) as
      { ok: false; error: IErrorInfo } | undefined;
    if (failed) {
      this._poll.failure = retryHint(failed.error);
      throw new QbraidApiError(failed.error, 200);
    }
  }

  private _sections(): SectionState<unknown>[] {
    return ALL_PARTS.map(part => this._section(part));
  }

  private _api: QbraidApi;
  private _preferences: IAccountPreferences;
  private _poll: RetryFloorPoll;
  private _restored: Promise<void>;
  private readonly _trans: TranslationBundle;
  private _summary: IAccountSummary | null = null;
  private _serverMissing = false;
  // The model announces their changes itself, once for all three.
  private _account = new SectionState<IAccountInfo>();
  private _credits = new SectionState<ICredits>();
  private _compute = new SectionState<IComputeHours>();
  /** The views on screen and the parts each shows. */
  private _visibleViews = new Map<string, SummaryPart[]>();
  private _started = false;
  private _lastAttempt = 0;
  /** The parts of a refresh by hand waiting for the poll's next tick. */
  private _byHand: SummaryPart[] | null = null;
  private _changed = new Signal<IQbraidAccount, void>(this);
}

/** How the poll retries a failure: soon when it may be a blip, never before a Retry-After. */
function retryHint(error: IErrorInfo): IRetryHint {
  return {
    transient: isTransient(error),
    retryAfterMs: (error.retryAfter ?? 0) * 1000
  };
}

/** A part as the server served it: its data dated when the server fetched it. */
function apply<T>(section: SectionState<T>, part: Part<T> | undefined): void {
  if (!part) {
    section.settle();
  } else if (part.ok) {
    section.succeed(part.data, new Date(part.fetchedAt));
  } else {
    if (part.stale) {
      // The server's last good value, which this tab may not have had yet.
      section.succeed(part.data, new Date(part.fetchedAt));
    }
    section.fail(new QbraidApiError(part.error, 200));
  }
}

export namespace AccountModel {
  export interface IOptions {
    api?: QbraidApi;
    preferences?: Partial<IAccountPreferences>;
    /** Lab's `restored`: nothing is requested before it. */
    restored?: Promise<void>;
    /** The language of the messages the model writes itself. */
    trans?: TranslationBundle;
  }
}

function versionNotice(serverVersion: string, trans: TranslationBundle): INotice {
  return {
    level: 'warning',
    message: trans.__(
      'The qBraid server extension is version %1 and this page\'s is %2: run "pip install --upgrade jupyterlab-qbraid", then restart Jupyter and reload this page.',
      serverVersion,
      FRONTEND_VERSION
    )
  };
}
