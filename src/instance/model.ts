import { UUID } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

import {
  errorInfo,
  toErrorInfo,
  IErrorInfo,
  IInstanceInfo,
  IStopEvent,
  IStopReason,
  QbraidApi,
  QbraidApiError,
  qbraidApi
} from '../api';
import { pollUntil } from '../shared/pollUntil';
import { SectionState } from '../shared/sectionState';
import {
  HubServerState,
  InstancePhase,
  IInstancePreferences,
  IQbraidInstance,
  ISectionState,
  IStopCause,
  StopStep
} from '../tokens';

export const DEFAULT_INSTANCE_PREFERENCES: IInstancePreferences = {
  idleStopMinutes: 0
};

const STOP_CHECK_MS = 1000;
const STOP_TIMEOUT_MS = 2 * 60 * 1000;
// The hub drops its record of a server a moment after the server's process ends; past this,
// the page goes on anyway (the hub's own page then shows where the stop stands).
const HUB_CONFIRM_TIMEOUT_MS = 30 * 1000;

/**
 * This Lab instance. It is fetched when the Compute section comes on screen (the server
 * asks qBraid at most every 5 minutes for it) and by hand; it changes only when the server
 * restarts, so it is not polled. A stop is asked of the server
 * extension (which goes to qBraid's compute routes or the hub's API) or, standalone,
 * goes through Jupyter's own shutdown.
 */
export class InstanceModel implements IQbraidInstance {
  constructor(options: InstanceModel.IOptions) {
    this._api = options.api ?? qbraidApi;
    this._shutdownServer = options.shutdownServer;
    this.hubHomeUrl = options.hubHomeUrl;
    this._stopCheckMs = options.stopCheckMs ?? STOP_CHECK_MS;
    this._stopTimeoutMs = options.stopTimeoutMs ?? STOP_TIMEOUT_MS;
    this._hubServerState = options.hubServerState ?? null;
    this._hubConfirmTimeoutMs = options.hubConfirmTimeoutMs ?? HUB_CONFIRM_TIMEOUT_MS;
  }

  readonly hubHomeUrl: string | null;

  /** This tab's own id, sent with its stops so that it knows them among the events. */
  readonly origin = UUID.uuid4();

  get stopCause(): IStopCause | null {
    return this._stopCause;
  }

  get stopStep(): StopStep | null {
    return this._stopStep;
  }

  get changed(): ISignal<IQbraidInstance, void> {
    return this._changed;
  }

  get info(): ISectionState<IInstanceInfo> {
    return this._info.value;
  }

  get phase(): InstancePhase {
    return this._phase;
  }

  get stopError(): IErrorInfo | null {
    return this._stopError;
  }

  get preferences(): IInstancePreferences {
    return this._preferences;
  }

  set preferences(value: IInstancePreferences) {
    this._preferences = { ...value };
    this._changed.emit();
  }

  get nextStopAt(): string | null {
    return this._nextStopAt;
  }

  get nextStopChanged(): ISignal<IQbraidInstance, string | null> {
    return this._nextStopChanged;
  }

  setNextStopAt(value: string | null): void {
    if (value !== this._nextStopAt) {
      this._nextStopAt = value;
      this._nextStopChanged.emit(value);
    }
  }

  async refresh(fresh = false): Promise<void> {
    await this._info.load(() => this._api.instance(undefined, fresh));
  }

  /** A second call while a stop runs joins it: a double click stops once. */
  stop(reason: Omit<IStopReason, 'origin'> = { by: 'person' }): Promise<void> {
    if (!this._stopping) {
      this._stopping = this._stop(reason).finally(() => {
        this._stopping = null;
      });
    }
    return this._stopping;
  }

  /**
   * Another tab's stop, as the server's event told it: this tab follows it until the server
   * is gone and the hub says so, or back to running when it failed.
   */
  followStopEvent(event: IStopEvent): void {
    if (event.origin === this.origin || this._stopping) {
      return;
    }
    if (event.action === 'failed') {
      if (
        this._stopCause &&
        this._stopCause.by !== 'platform' &&
        this._phase === 'stopping'
      ) {
        this._stopCause = null;
        this._stopStep = null;
        this._setPhase('running', null);
      }
      return;
    }
    if (this._stopUnderWay()) {
      return;
    }
    this._stopCause =
      event.by === 'idle'
        ? { by: 'idle', idleMinutes: event.idleMinutes }
        : { by: 'other-tab', idleMinutes: null };
    // Where it starts again depends on how it runs; the server that just sent the event
    // still answers, and soon will not.
    const known = this._info.value.data ? null : this.refresh();
    void this._followElsewhere(known);
  }

  /**
   * The server stopped answering as a stopped one does (Lab's connection failure): when
   * it is gone and no tab said why, the platform (or the hub, or whoever ended the server)
   * stopped it. A hub that says the server runs means only the network failed.
   */
  async checkServerGone(): Promise<void> {
    if (this._stopUnderWay() || this._checking) {
      return;
    }
    this._checking = true;
    try {
      if (!(await this._serverGone())) {
        return;
      }
      if (this._hubServerState && (await this._hubServerState()) === 'running') {
        return;
      }
      // A tab's stop event may have come in while this looked.
      if (this._stopUnderWay()) {
        return;
      }
      this._stopCause = { by: 'platform', idleMinutes: null };
      await this._followElsewhere();
    } finally {
      this._checking = false;
    }
  }

  private _stopUnderWay(): boolean {
    return this._phase === 'stopping' || this._phase === 'stopped';
  }

  private async _followElsewhere(known: Promise<void> | null = null): Promise<void> {
    const cause = this._stopCause;
    this._stopStep = 'ending';
    this._setPhase('stopping', null);
    await known;
    const followed = () => this._stopCause === cause && this._phase === 'stopping';
    const deadline = Date.now() + this._stopTimeoutMs;
    let gone = false;
    await pollUntil({
      name: 'jupyterlab-qbraid:stop-elsewhere',
      interval: this._stopCheckMs,
      check: async () => {
        gone = followed() && (await this._serverGone());
        return gone || !followed() || Date.now() >= deadline;
      }
    });
    if (followed() && !gone) {
      // Still answering as itself long after the stop: it keeps running.
      this._stopCause = null;
      this._stopStep = null;
      this._setPhase('running', null);
      return;
    }
    if (!followed()) {
      return;
    }
    await this._confirmWithHub();
    this._stopStep = null;
    this._setPhase('stopped', null);
  }

  /** True once the server no longer answers as itself (its own errors say it runs). */
  private async _serverGone(): Promise<boolean> {
    try {
      await this._api.instance();
    } catch (error) {
      return !isOwnAnswer(error);
    }
    return false;
  }

  /**
   * Under a hub: wait until the hub itself reports the server stopped, so that the page
   * where it starts again offers the start, not "Stop My Server". Bounded in time; a hub
   * this page cannot read (another origin, no read:servers) ends the wait at once.
   */
  private async _confirmWithHub(): Promise<void> {
    const state = this._hubServerState;
    if (!state) {
      return;
    }
    this._stopStep = 'confirming';
    this._changed.emit();
    const deadline = Date.now() + this._hubConfirmTimeoutMs;
    await pollUntil({
      name: 'jupyterlab-qbraid:hub-stopped',
      interval: this._stopCheckMs,
      check: async () => {
        const reported = await state();
        return (
          reported === 'stopped' || reported === 'unknown' || Date.now() >= deadline
        );
      }
    });
  }

  private async _stop(reason: Omit<IStopReason, 'origin'>): Promise<void> {
    this._stopCause = { by: 'this-tab', idleMinutes: reason.idleMinutes ?? null };
    this._stopStep = 'asking';
    this._setPhase('stopping', null);
    try {
      if (!this._info.value.data) {
        await this.refresh();
      }
      const info = this._info.value.data;
      if (!info) {
        throw new QbraidApiError(
          this._info.value.error ??
            errorInfo('server_error', 'Lab could not tell how it runs.'),
          0
        );
      }
      if (info.kind === 'standalone') {
        await this._shutdownServer();
      } else {
        await this._stopThroughServer(info, reason);
        await this._confirmWithHub();
      }
    } catch (error) {
      this._stopCause = null;
      this._stopStep = null;
      this._setPhase('failed', toErrorInfo(error));
      throw error;
    }
    this._stopStep = null;
    this._setPhase('stopped', null);
  }

  /**
   * The server answers before qBraid or the hub ends it; from then on, its own answers
   * say a stop failed, and any answer that is not its own says it is gone.
   */
  private async _stopThroughServer(
    before: IInstanceInfo,
    reason: Omit<IStopReason, 'origin'>
  ): Promise<void> {
    const who = before.kind === 'hub' ? 'JupyterHub' : 'qBraid';
    const where =
      before.kind === 'hub' || (before.kind === 'subscription' && this.hubHomeUrl)
        ? 'the hub home page'
        : 'the account page';
    this._info.succeed(
      await this._api.stopInstance({ ...reason, origin: this.origin })
    );
    this._stopStep = 'ending';
    this._changed.emit();
    const deadline = Date.now() + this._stopTimeoutMs;
    await pollUntil({
      name: 'jupyterlab-qbraid:stop',
      interval: this._stopCheckMs,
      check: async () => {
        let info: IInstanceInfo;
        try {
          info = await this._api.instance();
        } catch (error) {
          if (isOwnAnswer(error)) {
            throw error;
          }
          return true;
        }
        if (info.stop.state === 'failed') {
          this._info.succeed(info);
          throw new QbraidApiError(
            info.stop.error ??
              errorInfo('server_error', `${who} did not stop the server.`),
            200
          );
        }
        if (Date.now() >= deadline) {
          throw new QbraidApiError(
            errorInfo(
              'timeout',
              `${who} has not stopped the server after ${Math.round(this._stopTimeoutMs / 1000)} s. It may still be stopping; ${where} shows its state.`
            ),
            0
          );
        }
        return false;
      }
    });
  }

  private _setPhase(phase: InstancePhase, error: IErrorInfo | null): void {
    this._phase = phase;
    this._stopError = error;
    this._changed.emit();
  }

  private _api: QbraidApi;
  private _hubServerState: (() => Promise<HubServerState>) | null;
  private _hubConfirmTimeoutMs: number;
  private _stopCause: IStopCause | null = null;
  private _stopStep: StopStep | null = null;
  private _checking = false;
  private _shutdownServer: () => Promise<void>;
  private _stopCheckMs: number;
  private _stopTimeoutMs: number;
  private _preferences = { ...DEFAULT_INSTANCE_PREFERENCES };
  private _info = new SectionState<IInstanceInfo>(() => this._changed.emit());
  private _phase: InstancePhase = 'running';
  private _stopError: IErrorInfo | null = null;
  private _stopping: Promise<void> | null = null;
  private _changed = new Signal<IQbraidInstance, void>(this);
  private _nextStopAt: string | null = null;
  private _nextStopChanged = new Signal<IQbraidInstance, string | null>(this);
}

/** An error our server extension wrote itself (JSON with a kind), not the hub or proxy. */
function isOwnAnswer(error: unknown): boolean {
  if (!(error instanceof QbraidApiError) || error.status === 0) {
    return false;
  }
  // A 500 is the server failing in our handler; the hub and proxy answer 424, 503 or a page
  // (a 404 page once the server is gone).
  const notOurs = error.kind === 'server_error' || error.kind === 'server_missing';
  return (
    error.status === 500 ||
    (error.kind !== 'malformed' && !(notOurs && error.info.upstreamStatus === null))
  );
}

export namespace InstanceModel {
  export interface IOptions {
    api?: QbraidApi;
    /** Standalone: shut down sessions and terminals, then the server. */
    shutdownServer: () => Promise<void>;
    hubHomeUrl: string | null;
    /** Under a hub: the server as the hub reports it (see `hubServer.ts`). */
    hubServerState?: () => Promise<HubServerState>;
    stopCheckMs?: number;
    stopTimeoutMs?: number;
    /** How long a stop waits for the hub to report the server stopped. */
    hubConfirmTimeoutMs?: number;
  }
}
