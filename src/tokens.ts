import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import {
  IAccountInfo,
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
  INotice,
  ISetKeyResult
} from './api';

/** What a section shows: the last good data, and what went wrong since, if anything. */
export interface ISectionState<T> {
  data: T | null;
  /** When `data` was fetched. */
  updatedAt: Date | null;
  /** Set while the latest attempt failed; with `data` set, the data is stale. */
  error: IErrorInfo | null;
  loading: boolean;
}

export interface IAccountPreferences {
  /** Seconds between refreshes while someone is looking. */
  refreshInterval: number;
  /** Credits under which the panel and status bar warn. */
  lowCreditThreshold: number;
}

/** The qBraid account as Lab sees it; provided by `jupyterlab-qbraid:account`. */
export interface IQbraidAccount {
  readonly changed: ISignal<IQbraidAccount, void>;
  /** Null until the server extension first answers. */
  readonly configured: boolean | null;
  readonly key: IKeyInfo | null;
  readonly links: ILinks | null;
  readonly notices: INotice[];
  readonly account: ISectionState<IAccountInfo>;
  readonly credits: ISectionState<ICredits>;
  readonly compute: ISectionState<IComputeHours>;
  readonly preferences: IAccountPreferences;
  readonly isLowOnCredits: boolean;

  /** Fetch now, whatever the schedule. */
  refresh(): Promise<void>;
  /** Check a pasted key with qBraid and make it the active one. */
  setKey(apiKey: string): Promise<ISetKeyResult>;
  /** Views say when they are on screen; with none, polling stands by. */
  setViewVisible(view: string, visible: boolean): void;
}

export const IQbraidAccount = new Token<IQbraidAccount>(
  'jupyterlab-qbraid:IQbraidAccount',
  'The qBraid account: credits, compute hours and the active key.'
);

/** The account's API keys; provided by `jupyterlab-qbraid:keys`. */
export interface IQbraidKeys {
  readonly changed: ISignal<IQbraidKeys, void>;
  readonly list: ISectionState<IKeyList>;
  /** A create, rotate or revoke is running; the next one waits for it. */
  readonly busy: boolean;

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

/** The active key in running kernels; provided by `jupyterlab-qbraid:kernels`. */
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

export const PANEL_ID = 'jp-qbraid-panel';
