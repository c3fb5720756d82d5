import { JSONExt } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

import { IGuardReport, IRedactResult, IScanState, QbraidApi, qbraidApi } from '../api';
import { pollUntil } from '../shared/pollUntil';
import { SectionState } from '../shared/sectionState';
import { IGuardPreferences, IQbraidGuard, ISectionState } from '../tokens';

export const DEFAULT_GUARD_PREFERENCES: IGuardPreferences = {
  redactOnSave: true,
  scanExclusions: []
};

const SCAN_CHECK_MS = 500;
const SCAN_CHECK_FAILURES = 3;

/**
 * The browser's side of the leak guard: it tells the server when the person's settings changed,
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
    return this._scan.value;
  }

  get preferences(): IGuardPreferences {
    return this._preferences;
  }

  /**
   * The server reads the settings itself, from its start; after a change here it is asked
   * to read them at once, so that the next save already follows them.
   */
  set preferences(value: IGuardPreferences) {
    const before = this._preferences;
    const first = !this._preferencesLoaded;
    this._preferencesLoaded = true;
    this._preferences = { ...value, scanExclusions: [...value.scanExclusions] };
    this._changed.emit();
    if (
      first ||
      (before.redactOnSave === value.redactOnSave &&
        JSONExt.deepEqual(before.scanExclusions, value.scanExclusions))
    ) {
      return;
    }
    this._api
      .reloadSettings()
      .catch(reason =>
        console.error('jupyterlab-qbraid: the server did not read the settings', reason)
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
    await this._scan.load(() => this._api.cancelScan());
  }

  async redact(path: string): Promise<IRedactResult> {
    const result = await this._api.redactFile(path);
    await this._scan.load(() => this._api.scanState());
    return result;
  }

  private async _runScan(): Promise<void> {
    const started = await this._scan.load(() =>
      this._api.startScan(this._preferences.scanExclusions)
    );
    if (started?.state !== 'running') {
      return;
    }
    // A failed look does not end the following at once: the scan goes on on the server.
    let failures = 0;
    await pollUntil({
      name: 'jupyterlab-qbraid:scan',
      interval: this._scanCheckMs,
      check: async () => {
        const state = await this._scan.load(() => this._api.scanState());
        // Null without an error: a cancel's answer came meanwhile, and is the one shown.
        if (state === null && this._scan.value.error) {
          return ++failures >= SCAN_CHECK_FAILURES;
        }
        failures = 0;
        return this._scan.value.data?.state !== 'running';
      }
    });
  }

  private _api: QbraidApi;
  private _scanCheckMs: number;
  private _preferences = { ...DEFAULT_GUARD_PREFERENCES };
  private _scan = new SectionState<IScanState>(() => this._changed.emit());
  private _scanning: Promise<void> | null = null;
  private _preferencesLoaded = false;
  private _changed = new Signal<IQbraidGuard, void>(this);
}

export namespace GuardModel {
  export interface IOptions {
    api?: QbraidApi;
    scanCheckMs?: number;
  }
}
