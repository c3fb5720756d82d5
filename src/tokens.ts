import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import {
  ApiUrlSource,
  IAccountInfo,
  ICredentialInfo,
  IComputeHours,
  ICredits,
  IErrorInfo,
  ICreatedKey,
  IKernelsChange,
  IKernelsSnapshot,
  IKeyInfo,
  IKeyList,
  ILinks,
  IRevokedKey,
  IRotatedKey,
  IGuardReport,
  IInstanceInfo,
  INotice,
  IRedactResult,
  IScanState,
  ISetKeyResult,
  SummaryPart
} from './api';

/** What a section shows: the last good data, and what went wrong since, if anything. */
export interface ISectionState<T> {
  data: T | null;
  /** When `data` was fetched from qBraid (the server's cache says, for the account). */
  updatedAt: Date | null;
  /** Set while the latest attempt failed; with `data` set, the data is stale. */
  error: IErrorInfo | null;
  loading: boolean;
  /**
   * Until when the failure asked to wait (its Retry-After): a retry before then is not
   * sent. Absent or null when it said nothing.
   */
  retryAt?: Date | null;
}

export interface IAccountPreferences {
  /** Seconds between refreshes while someone is looking. */
  refreshInterval: number;
  /** Credits under which the panel and status bar warn. */
  lowCreditThreshold: number;
  /** Compute hours left under which the panel and status bar warn. */
  lowHoursThreshold: number;
}

/** The qBraid account as Lab sees it; provided by `jupyterlab-qbraid:account-model`. */
export interface IQbraidAccount {
  readonly changed: ISignal<IQbraidAccount, void>;
  /** Null until the server extension first answers. */
  readonly configured: boolean | null;
  /** What the server sends qBraid: an access token or an API key, and from where. */
  readonly credential: ICredentialInfo | null;
  /** The API's base URL and where it came from; null until the server first answers. */
  readonly apiUrl: { url: string; source: ApiUrlSource } | null;
  /** Lab's active API key: the one kernels get, even while a token is the credential. */
  readonly key: IKeyInfo | null;
  readonly links: ILinks | null;
  readonly notices: INotice[];
  /** The last summary found no server part of ours (Jupyter answered 404). */
  readonly serverMissing: boolean;
  readonly account: ISectionState<IAccountInfo>;
  readonly credits: ISectionState<ICredits>;
  readonly compute: ISectionState<IComputeHours>;
  readonly preferences: IAccountPreferences;
  readonly isLowOnCredits: boolean;
  readonly isLowOnHours: boolean;

  /**
   * A refresh by hand: fetch `parts` (default those on screen, or all) from qBraid now,
   * whatever the schedule and the server's cache; during a Retry-After, once it is over.
   */
  refresh(parts?: SummaryPart[]): Promise<void>;
  /** Check a pasted key with qBraid and make it the active one. */
  setKey(apiKey: string): Promise<ISetKeyResult>;
  /**
   * Views say when they are on screen and which parts they show (default all); the poll
   * asks only for those, and stands by with none on screen.
   */
  setViewVisible(view: string, visible: boolean, parts?: SummaryPart[]): void;
}

export const IQbraidAccount = new Token<IQbraidAccount>(
  'jupyterlab-qbraid:IQbraidAccount',
  'The qBraid account: credits, compute hours and the active key.'
);

export interface IKeyPreferences {
  /** Days after which the key in use gets a reminder to rotate it; 0 is off. */
  rotationReminderDays: number;
}

/** The key Lab uses is old enough to rotate. */
export interface IRotationReminder {
  hint: string;
  /** Whole days since its secret was issued (or first seen here). */
  ageDays: number;
  /** The reminder's threshold, in days. */
  afterDays: number;
  /** Lab can rotate it (it is in the key list); else it is rotated on the account page. */
  canRotate: boolean;
}

/** The account's API keys; provided by `jupyterlab-qbraid:keys-model`. */
export interface IQbraidKeys {
  readonly changed: ISignal<IQbraidKeys, void>;
  readonly list: ISectionState<IKeyList>;
  /** A create, rotate or revoke is running; the next one waits for it. */
  readonly busy: boolean;
  /** Null unless Lab's key is at least as old as the setting asks. */
  readonly rotationReminder: IRotationReminder | null;
  preferences: IKeyPreferences;

  refresh(): Promise<void>;
  create(name: string): Promise<ICreatedKey>;
  rotate(id: string): Promise<IRotatedKey>;
  revoke(id: string): Promise<IRevokedKey>;
}

export const IQbraidKeys = new Token<IQbraidKeys>(
  'jupyterlab-qbraid:IQbraidKeys',
  'The API keys of the qBraid account: list, create, rotate, revoke.'
);

export interface IKernelPreferences {
  /** The environment variable that holds the key in kernels. */
  variableName: string;
  /** Put the active key into every kernel, and keep it current. */
  autoInject: boolean;
}

/** The active key in running kernels; provided by `jupyterlab-qbraid:kernels-model`. */
export interface IQbraidKernels {
  readonly changed: ISignal<IQbraidKernels, void>;
  readonly snapshot: ISectionState<IKernelsSnapshot>;
  readonly busy: boolean;
  preferences: IKernelPreferences;

  refresh(): Promise<void>;
  inject(): Promise<IKernelsChange>;
  remove(): Promise<IKernelsChange>;
  /** Views say when they are on screen; kernel changes are followed only then. */
  setVisible(visible: boolean): void;
}

export const IQbraidKernels = new Token<IQbraidKernels>(
  'jupyterlab-qbraid:IQbraidKernels',
  'Where the active qBraid key stands in each running kernel.'
);

/**
 * Where a stop stands: `failed` leaves the instance running; `stopped` means the server no
 * longer answers and the page can only send the person where to start again.
 */
export type InstancePhase = 'running' | 'stopping' | 'stopped' | 'failed';

/** Where this tab's own stop stands while the phase is `stopping`. */
export type StopStep =
  /** The platform or the hub is asked to stop the server (standalone: Lab shuts down). */
  | 'asking'
  /** Waiting for the Lab server to end. */
  | 'ending'
  /** Waiting for the hub to report the server stopped. */
  | 'confirming';

/** The server as the hub reports it: `unknown` when the hub cannot be asked. */
export type HubServerState = 'running' | 'pending' | 'stopped' | 'unknown';

/** What stopped the instance, as this tab learnt it. */
export interface IStopCause {
  /**
   * `this-tab`: a stop asked here by a person; `other-tab` and `idle`: another tab's stop,
   * or the server's idle stop, as the server's event said; `platform`: the server went away with no tab asking.
   */
  by: 'this-tab' | 'other-tab' | 'idle' | 'platform';
  /** With `idle` (or an idle stop in this tab): after how many idle minutes. */
  idleMinutes: number | null;
}

export interface IInstancePreferences {
  /**
   * Minutes with no kernel at work, no terminal in use and no input in any tab before the
   * server's idle warning; 0 is off. The server reads it itself (a deployment may pin it).
   */
  idleStopMinutes: number;
}

/** This Lab instance and stopping it; provided by `jupyterlab-qbraid:instance-model`. */
export interface IQbraidInstance {
  readonly changed: ISignal<IQbraidInstance, void>;
  readonly info: ISectionState<IInstanceInfo>;
  readonly phase: InstancePhase;
  /** Why the last stop failed; the instance keeps running. */
  readonly stopError: IErrorInfo | null;
  /** The hub's home page, where a stopped server is started again; null standalone. */
  readonly hubHomeUrl: string | null;
  /** What is stopping or stopped the instance; null while it runs. */
  readonly stopCause: IStopCause | null;
  /** This tab's own stop: the step under way. */
  readonly stopStep: StopStep | null;
  preferences: IInstancePreferences;
  /**
   * The next automatic stop (ISO time) as the server's idle clock tells it: the earliest the
   * instance stops if nothing happens; null when the idle stop is off or not yet told.
   */
  readonly nextStopAt: string | null;
  readonly nextStopChanged: ISignal<IQbraidInstance, string | null>;

  /** What the server's idle clock last told (set by the idle stop's client). */
  setNextStopAt(value: string | null): void;
  /** `fresh`: a refresh by hand, which asks qBraid now instead of the server's cache. */
  refresh(fresh?: boolean): Promise<void>;
  /**
   * Stop the instance: resolves once it is stopped (under a hub, once the hub reports it,
   * or after a bounded wait), rejects with why it was not. `reason` goes to the other tabs.
   */
  stop(reason?: { by: 'person' | 'idle'; idleMinutes?: number }): Promise<void>;
}

export const IQbraidInstance = new Token<IQbraidInstance>(
  'jupyterlab-qbraid:IQbraidInstance',
  'This Lab instance: where it runs, since when, and stopping it.'
);

export interface IGuardPreferences {
  /** Replace known keys in notebook outputs when a file is saved. */
  redactOnSave: boolean;
  /** Glob patterns the scan skips, matched against paths and names. */
  scanExclusions: string[];
}

/**
 * The key leak guard; provided by `jupyterlab-qbraid:guard-model`. The server does the
 * matching: no key ever comes to the browser for it.
 */
export interface IQbraidGuard {
  readonly changed: ISignal<IQbraidGuard, void>;
  readonly scan: ISectionState<IScanState>;
  preferences: IGuardPreferences;

  /** What the last save of `path` held, once. */
  takeReport(path: string): Promise<IGuardReport>;
  /** Start a scan of Lab's folder; resolves when it ends. */
  startScan(): Promise<void>;
  cancelScan(): Promise<void>;
  /** Redact the outputs of one notebook the scan found. */
  redact(path: string): Promise<IRedactResult>;
}

export const IQbraidGuard = new Token<IQbraidGuard>(
  'jupyterlab-qbraid:IQbraidGuard',
  'Keeps known qBraid keys out of saved files: redaction on save and the folder scan.'
);

/** How much a notice matters; the same levels as Lab's notifications. */
export type NoticeLevel = 'info' | 'success' | 'warning' | 'error';

/** Where notices reach the person: Lab's notifications, or the extension's own surfaces. */
export type NoticeSurface = 'lab' | 'own';

/** A button on a notice; the notice goes once it is pressed, as Lab's does. */
export interface INoticeAction {
  label: string;
  caption?: string;
  callback: () => void;
}

export interface INoticeOptions {
  /** Milliseconds before it goes by itself; 0 or false keeps it until dismissed. */
  autoClose?: number | false;
  actions?: INoticeAction[];
  /**
   * It must not be missed (the idle countdown): without Lab's notifications it also
   * shows as a dialog.
   */
  mustSee?: boolean;
}

/** A notice shown in the extension's own surfaces. */
export interface INoticeItem {
  readonly id: string;
  readonly level: NoticeLevel;
  readonly message: string;
  readonly actions: readonly INoticeAction[];
  readonly mustSee: boolean;
}

/**
 * Every notice of the extension goes through here; provided by `jupyterlab-qbraid:notices`.
 * Where Lab's notification plugin is active, notices are Lab's notifications; where it is
 * not (qBraid Lab disables it), they are kept here for the panel's banner, the status
 * item and, for a notice that must not be missed, a dialog.
 */
export interface IQbraidNotices {
  /** The list of notices in the extension's own surfaces changed. */
  readonly changed: ISignal<IQbraidNotices, void>;
  /** A notice came into the extension's own surfaces (never where Lab shows them). */
  readonly raised: ISignal<IQbraidNotices, INoticeItem>;
  readonly surface: NoticeSurface;
  /** The notices in the extension's own surfaces, newest first; empty with Lab's. */
  readonly items: readonly INoticeItem[];

  /** Raise a notice; returns its id, for `update` and `dismiss`. */
  notify(level: NoticeLevel, message: string, options?: INoticeOptions): string;
  info(message: string, options?: INoticeOptions): string;
  success(message: string, options?: INoticeOptions): string;
  warning(message: string, options?: INoticeOptions): string;
  error(message: string, options?: INoticeOptions): string;
  /** Change a notice's text (its level and options as given); false if it is gone. */
  update(
    id: string,
    level: NoticeLevel,
    message: string,
    options?: INoticeOptions
  ): boolean;
  dismiss(id: string): void;
  /** Press one of an own-surface notice's actions: it runs, and the notice goes. */
  act(id: string, action: INoticeAction): void;
}

export const IQbraidNotices = new Token<IQbraidNotices>(
  'jupyterlab-qbraid:IQbraidNotices',
  "The extension's notices: Lab's notifications where active, else its own surfaces."
);

export const PANEL_ID = 'jp-qbraid-panel';

/** Our commands; each is registered by the plugin of its feature. */
export namespace CommandIDs {
  export const openPanel = 'jupyterlab-qbraid:open-panel';
  export const refreshAccount = 'jupyterlab-qbraid:refresh-account';
  export const createKey = 'jupyterlab-qbraid:create-key';
  export const rotateKey = 'jupyterlab-qbraid:rotate-key';
  export const injectKey = 'jupyterlab-qbraid:inject-key';
  export const stopInstance = 'jupyterlab-qbraid:stop-instance';
  export const scanFiles = 'jupyterlab-qbraid:scan-files';
}
