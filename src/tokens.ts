import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import {
  IAccountInfo,
  IComputeHours,
  ICredits,
  IErrorInfo,
  IKeyInfo,
  ILinks,
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

export const PLUGIN_PREFIX = 'jupyterlab-qbraid';
export const PANEL_ID = 'jp-qbraid-panel';
