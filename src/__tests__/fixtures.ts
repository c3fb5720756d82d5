/** Shared test data and fakes; not a spec file, so jest does not run it on its own. */

import { Signal } from '@lumino/signaling';

import {
  IAccountInfo,
  IAccountSummary,
  IComputeHours,
  ICredits,
  IErrorInfo,
  ILinks,
  ISetKeyResult,
  QbraidApi
} from '../api';
import { IAccountPreferences, IQbraidAccount, ISectionState } from '../tokens';

export const LINKS: ILinks = {
  account: 'https://account.qbraid.com',
  wallet: 'https://account.qbraid.com/billing',
  apiKeys: 'https://account.qbraid.com/api-keys'
};

export const ACCOUNT: IAccountInfo = {
  userId: 'u-1',
  userName: 'ada',
  email: 'ada@example.com',
  roles: ['member'],
  organizationId: 'org-42',
  organizationName: 'Analytical Engines',
  tier: 'pro'
};

export const CREDITS: ICredits = {
  qbraidCredits: 1234.5,
  usd: 12.35,
  awsCredits: 80,
  autoRecharge: true
};

export const COMPUTE: IComputeHours = {
  used: 3,
  quota: 10,
  remaining: 7,
  renewalDate: '2026-12-01'
};

export function apiError(
  kind: IErrorInfo['kind'],
  message: string,
  upstreamStatus: number | null = null,
  retryAfter: number | null = null
): IErrorInfo {
  return { kind, message, upstreamStatus, retryAfter };
}

/** A configured summary where every part succeeded, with overrides. */
export function summary(
  overrides: Partial<IAccountSummary> = {}
): IAccountSummary {
  return {
    configured: true,
    apiUrl: 'https://api.qbraid.com/api/v1',
    links: LINKS,
    notices: [],
    fetchedAt: '2026-11-27T12:00:00.000Z',
    key: { hint: '…abcd', source: 'qbraidrc' },
    account: { ok: true, data: ACCOUNT },
    credits: { ok: true, data: CREDITS },
    compute: { ok: true, data: COMPUTE },
    ...overrides
  };
}

/** What the server answers when no key is set: no parts at all. */
export function unconfiguredSummary(): IAccountSummary {
  return {
    configured: false,
    apiUrl: 'https://api.qbraid.com/api/v1',
    links: LINKS,
    notices: [],
    fetchedAt: '2026-11-27T12:00:00.000Z',
    key: null
  };
}

export const SET_KEY_RESULT: ISetKeyResult = {
  key: { hint: '…wxyz', source: 'qbraidrc' },
  email: ACCOUNT.email,
  savedToFile: true,
  configFile: '/home/jovyan/.qbraid/qbraidrc',
  notices: []
};

export type FakeApi = {
  summary: jest.Mock<Promise<IAccountSummary>, []>;
  setKey: jest.Mock<Promise<ISetKeyResult>, [string]>;
};

/** An api whose calls are jest mocks; `summary` answers `answer` unless told otherwise. */
export function fakeApi(answer: IAccountSummary = summary()): FakeApi & QbraidApi {
  const api: FakeApi = {
    summary: jest.fn(() => Promise.resolve(answer)),
    setKey: jest.fn((_: string) => Promise.resolve(SET_KEY_RESULT))
  };
  return api as FakeApi & QbraidApi;
}

export function section<T>(
  overrides: Partial<ISectionState<T>> = {}
): ISectionState<T> {
  return { data: null, updatedAt: null, error: null, loading: false, ...overrides };
}

/** A hand-driven IQbraidAccount for the views: set fields, then `emit()`. */
export class FakeAccount implements IQbraidAccount {
  readonly changed: Signal<IQbraidAccount, void> = new Signal<
    IQbraidAccount,
    void
  >(this);
  configured: boolean | null = null;
  key: IQbraidAccount['key'] = null;
  links: ILinks | null = LINKS;
  notices: IQbraidAccount['notices'] = [];
  account: ISectionState<IAccountInfo> = section();
  credits: ISectionState<ICredits> = section();
  compute: ISectionState<IComputeHours> = section();
  preferences: IAccountPreferences = {
    refreshInterval: 60,
    lowCreditThreshold: 500
  };
  isLowOnCredits = false;
  refresh = jest.fn(() => Promise.resolve());
  setKey = jest.fn((_: string) => Promise.resolve(SET_KEY_RESULT));
  setViewVisible = jest.fn<void, [string, boolean]>();

  emit(): void {
    this.changed.emit();
  }
}
