import { ISignal, Signal } from '@lumino/signaling';

import {
  IErrorInfo,
  InstanceLimitsChange,
  QbraidApi,
  qbraidApi,
  toErrorInfo
} from '../api';
import { IQbraidInstance } from '../tokens';

/**
 * Saving the platform's limits of an on-demand instance: whether a save is under way and
 * why the last one failed. The instance's own model shows the limits in force, read again
 * once a save is through.
 */
export class LimitsModel {
  constructor(options: LimitsModel.IOptions) {
    this._api = options.api ?? qbraidApi;
    this._instance = options.instance;
  }

  get changed(): ISignal<LimitsModel, void> {
    return this._changed;
  }

  get saving(): boolean {
    return this._saving;
  }

  get error(): IErrorInfo | null {
    return this._error;
  }

  /** True once qBraid holds `limits`; on failure `error` says why. A save under way is not doubled. */
  async save(limits: InstanceLimitsChange): Promise<boolean> {
    if (this._saving) {
      return false;
    }
    this._saving = true;
    this._error = null;
    this._changed.emit();
    try {
      await this._api.setInstanceLimits(limits);
    } catch (error) {
      this._error = toErrorInfo(error);
      return false;
    } finally {
      this._saving = false;
      this._changed.emit();
    }
    // The server asked qBraid again after the change: this reads that from its cache.
    await this._instance.refresh();
    return true;
  }

  private _api: QbraidApi;
  private _instance: IQbraidInstance;
  private _saving = false;
  private _error: IErrorInfo | null = null;
  private _changed = new Signal<LimitsModel, void>(this);
}

export namespace LimitsModel {
  export interface IOptions {
    instance: IQbraidInstance;
    api?: QbraidApi;
  }
}
