import { ISignal, Signal } from '@lumino/signaling';

import {
  errorInfo,
  toErrorInfo,
  IErrorInfo,
  IInstanceInfo,
  QbraidApi,
  QbraidApiError,
  qbraidApi
} from '../api';
import { pollUntil } from '../shared/pollUntil';
import { SectionState } from '../shared/sectionState';
import {
  InstancePhase,
  IInstancePreferences,
  IQbraidInstance,
  ISectionState
} from '../tokens';

export const DEFAULT_INSTANCE_PREFERENCES: IInstancePreferences = {
  idleStopMinutes: 0
};

const STOP_CHECK_MS = 1000;
const STOP_TIMEOUT_MS = 2 * 60 * 1000;

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
  }

  readonly hubHomeUrl: string | null;

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

  async refresh(fresh = false): Promise<void> {
    await this._info.load(() => this._api.instance(undefined, fresh));
  }

  /** A second call while a stop runs joins it: a double click stops once. */
  stop(): Promise<void> {
    if (!this._stopping) {
      this._stopping = this._stop().finally(() => {
        this._stopping = null;
      });
    }
    return this._stopping;
  }

  private async _stop(): Promise<void> {
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
        await this._stopThroughServer(info);
      }
    } catch (error) {
      this._setPhase('failed', toErrorInfo(error));
      throw error;
    }
    this._setPhase('stopped', null);
  }

  /**
   * The server answers before qBraid or the hub ends it; from then on, its own answers
   * say a stop failed, and any answer that is not its own says it is gone.
   */
  private async _stopThroughServer(before: IInstanceInfo): Promise<void> {
    const who = before.kind === 'hub' ? 'JupyterHub' : 'qBraid';
    const where =
      before.kind === 'hub' || (before.kind === 'subscription' && this.hubHomeUrl)
        ? 'the hub home page'
        : 'the account page';
    this._info.succeed(await this._api.stopInstance());
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
  private _shutdownServer: () => Promise<void>;
  private _stopCheckMs: number;
  private _stopTimeoutMs: number;
  private _preferences = { ...DEFAULT_INSTANCE_PREFERENCES };
  private _info = new SectionState<IInstanceInfo>(() => this._changed.emit());
  private _phase: InstancePhase = 'running';
  private _stopError: IErrorInfo | null = null;
  private _stopping: Promise<void> | null = null;
  private _changed = new Signal<IQbraidInstance, void>(this);
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
    stopCheckMs?: number;
    stopTimeoutMs?: number;
  }
}
