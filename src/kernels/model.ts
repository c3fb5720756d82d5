import { TranslationBundle } from '@jupyterlab/translation';
import { Throttler } from '@lumino/polling';
import { ISignal } from '@lumino/signaling';

import { IKernelsChange, IKernelsSnapshot, QbraidApi, qbraidApi } from '../api';
import { ChangingModel } from '../shared/changingModel';
import { SectionState } from '../shared/sectionState';
import { loadTranslation } from '../shared/translation';
import {
  IKernelPreferences,
  IQbraidAccount,
  IQbraidKernels,
  ISectionState
} from '../tokens';

/** How long after a key change the server's own injection is looked at again. */
const FOLLOW_UP_MS = 1500;

export const DEFAULT_KERNEL_PREFERENCES: IKernelPreferences = {
  variableName: 'QBRAID_API_KEY',
  autoInject: true
};

/**
 * The key's place in each running kernel. The server does the injecting (the secret never
 * passes through the browser); this model shows the result, and follows kernels starting
 * and stopping while a view is on screen.
 */
export class KernelsModel
  extends ChangingModel<IKernelPreferences>
  implements IQbraidKernels
{
  constructor(options: KernelsModel.IOptions) {
    super(DEFAULT_KERNEL_PREFERENCES);
    this._api = options.api ?? qbraidApi;
    this._account = options.account;
    this._restored = options.restored ?? Promise.resolve();
    this._trans = options.trans ?? loadTranslation(null);
    // Trailing: a kernel that starts while a read is running is still seen.
    this._throttler = new Throttler(
      () => {
        void this.refresh();
      },
      { limit: 500, edge: 'trailing' }
    );
    options.kernelsChanged.connect(this._onKernelsChanged, this);
    options.sessionsChanged?.connect(this._onKernelsChanged, this);
    this._account.changed.connect(this._onAccountChanged, this);
  }

  get snapshot(): ISectionState<IKernelsSnapshot> {
    return this._snapshot.value;
  }

  /**
   * The server reads the settings itself, from its start; after a change here it is asked
   * to read them at once, and the kernels are shown as they then stand.
   */
  protected preferencesChanged(before: IKernelPreferences | null): void {
    const value = this.preferences;
    if (
      before === null ||
      (before.variableName === value.variableName &&
        before.autoInject === value.autoInject)
    ) {
      return;
    }
    void this._restored.then(() =>
      this._snapshot.load(
        async () => {
          await this._api.reloadSettings();
          return this._api.kernels();
        },
        { quiet: true }
      )
    );
  }

  async refresh(): Promise<void> {
    await this._snapshot.load(() => this._api.kernels());
  }

  inject(): Promise<IKernelsChange> {
    return this._change(() => this._api.injectIntoKernels());
  }

  remove(): Promise<IKernelsChange> {
    return this._change(() => this._api.removeFromKernels());
  }

  setVisible(visible: boolean): void {
    const wasVisible = this._visible;
    this._visible = visible;
    if (!visible) {
      this._cancelFollowUp();
    }
    if (visible && !wasVisible) {
      void this.refresh();
    }
  }

  dispose(): void {
    this._cancelFollowUp();
    this._throttler.dispose();
    super.dispose();
  }

  protected busyMessage(): string {
    return this._trans.__(
      'The kernels are still being updated; try again when that is done.'
    );
  }

  private _change(call: () => Promise<IKernelsChange>): Promise<IKernelsChange> {
    return this.change(async () => {
      const result = await call();
      this._snapshot.succeed(result);
      return result;
    });
  }

  private _onKernelsChanged(): void {
    if (this._visible) {
      void this._throttler.invoke();
    }
  }

  /** A new, rotated or revoked key: the server follows it; look again once it has. */
  private _onAccountChanged(): void {
    const hint = this._account.configured ? (this._account.key?.hint ?? null) : null;
    if (this._account.configured === null || hint === this._lastHint) {
      return;
    }
    const first = this._lastHint === undefined;
    this._lastHint = hint;
    if (!first && this._visible) {
      void this.refresh();
      this._cancelFollowUp();
      this._followUp = setTimeout(() => {
        this._followUp = null;
        void this.refresh();
      }, FOLLOW_UP_MS);
    }
  }

  private _cancelFollowUp(): void {
    if (this._followUp !== null) {
      clearTimeout(this._followUp);
      this._followUp = null;
    }
  }

  private _api: QbraidApi;
  private _account: IQbraidAccount;
  private _restored: Promise<void>;
  private readonly _trans: TranslationBundle;
  private _throttler: Throttler;
  private _snapshot = new SectionState<IKernelsSnapshot>(() => this._changed.emit());
  private _visible = false;
  private _lastHint: string | null | undefined = undefined;
  private _followUp: ReturnType<typeof setTimeout> | null = null;
}

export namespace KernelsModel {
  export interface IOptions {
    account: IQbraidAccount;
    /** Lab's `kernels.runningChanged`. */
    kernelsChanged: ISignal<unknown, unknown>;
    /** Lab's `sessions.runningChanged`: a notebook renamed or reconnected. */
    sessionsChanged?: ISignal<unknown, unknown>;
    api?: QbraidApi;
    /** The language of the messages the model writes itself. */
    trans?: TranslationBundle;
    /** Lab's `restored`: nothing is requested before it. */
    restored?: Promise<void>;
  }
}
