import { ISignal, Signal } from '@lumino/signaling';

import {
  errorInfo,
  IGuardReport,
  IRedactResult,
  IScanState,
  QbraidApi,
  QbraidApiError,
  qbraidApi
} from '../api';
import { IGuardPreferences, IQbraidGuard, ISectionState } from '../tokens';

export const DEFAULT_GUARD_PREFERENCES: IGuardPreferences = {
  redactOnSave: true,
  scanExclusions: []
};

const SCAN_CHECK_MS = 500;
const SCAN_CHECK_FAILURES = 3;

/**
 * The browser's side of the leak guard: it hands the person's settings to the server,
 * fetches what a save held, and follows a scan while it runs.
 */
export class GuardModel implements IQbraidGuard {
  constructor(options: GuardModel.IOptions = {}) {
    this._api = options.api ?? qbraidApi;
    this._scanCheckMs = options.scanCheckMs ?? SCAN_CHECK_MS;
  }

  get changed(): ISignal<IQbraidGuard, void> {
    return this._changed;
  }

  get scan(): ISectionState<IScanState> {
    return this._scan;
  }

  get preferences(): IGuardPreferences {
    return this._preferences;
  }

  /**
   * The server keeps them in memory and starts with the defaults, so Lab's start sends
   * nothing unless the person changed them.
   */
  set preferences(value: IGuardPreferences) {
    this._preferences = { ...value, scanExclusions: [...value.scanExclusions] };
    this._changed.emit();
    if (!this._sent && isDefault(value)) {
      return;
    }
    this._sent = true;
    this._api
      .configureGuard({
        redactOnSave: value.redactOnSave,
        exclusions: value.scanExclusions
      })
      .catch(reason =>
        console.error(
          'jupyterlab-qbraid: the leak guard settings were not applied',
          reason
        )
      );
  }

  takeReport(path: string): Promise<IGuardReport> {
    return this._api.guardReport(path);
  }

  /** A second call while a scan runs follows the same scan. */
  startScan(): Promise<void> {
    if (!this._scanning) {
      this._scanning = this._runScan().finally(() => {
        this._scanning = null;
      });
    }
    return this._scanning;
  }

  async cancelScan(): Promise<void> {
    await this._track(() => this._api.cancelScan());
  }

  async redact(path: string): Promise<IRedactResult> {
    const result = await this._api.redactFile(path);
    await this._track(() => this._api.scanState());
    return result;
  }

  private async _runScan(): Promise<void> {
    const started = await this._track(() =>
      this._api.startScan(this._preferences.scanExclusions)
    );
    let running = started?.state === 'running';
    // A failed look does not end the following at once: the scan goes on on the server.
    let failures = 0;
    while (running && failures < SCAN_CHECK_FAILURES) {
      await new Promise(resolve => setTimeout(resolve, this._scanCheckMs));
      const state = await this._track(() => this._api.scanState());
      if (state === null) {
        failures++;
        continue;
      }
      failures = 0;
      running = state.state === 'running';
    }
  }

  /** Keeps the scan state current; a failure is shown, not thrown. */
  private async _track(call: () => Promise<IScanState>): Promise<IScanState | null> {
    this._scan = { ...this._scan, loading: true };
    this._changed.emit();
    try {
      const data = await call();
      this._scan = { data, updatedAt: new Date(), error: null, loading: false };
      return data;
    } catch (error) {
      this._scan = {
        ...this._scan,
        error:
          error instanceof QbraidApiError
            ? error.info
            : errorInfo('server_error', String(error)),
        loading: false
      };
      return null;
    } finally {
      this._changed.emit();
    }
  }

  private _api: QbraidApi;
  private _scanCheckMs: number;
  private _preferences = { ...DEFAULT_GUARD_PREFERENCES };
  private _scan: ISectionState<IScanState> = {
    data: null,
    updatedAt: null,
    error: null,
    loading: false
  };
  private _scanning: Promise<void> | null = null;
  private _sent = false;
  private _changed = new Signal<IQbraidGuard, void>(this);
}

function isDefault(value: IGuardPreferences): boolean {
  return (
    value.redactOnSave === DEFAULT_GUARD_PREFERENCES.redactOnSave &&
    value.scanExclusions.length === 0
  );
}

export namespace GuardModel {
  export interface IOptions {
    api?: QbraidApi;
    scanCheckMs?: number;
  }
}
