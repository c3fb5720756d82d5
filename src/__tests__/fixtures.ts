/** Shared test data and fakes; not a spec file, so jest does not run it on its own. */

import { ServerConnection } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';

import {
  IAccountInfo,
  IAccountSummary,
  IComputeHours,
  ICreatedKey,
  ICredits,
  IErrorInfo,
  IGuardReport,
  IServerSettings,
  IInstanceInfo,
  IInstanceLimits,
  IUsageAnswer,
  IUsageReport,
  InstanceLimitsChange,
  IKernelKeyInfo,
  IKernelsChange,
  IKernelsSnapshot,
  IKeyList,
  IKeyRecord,
  ILinks,
  IRedactResult,
  IRevokedKey,
  IRotatedKey,
  IScanResult,
  IScanState,
  ISetKeyResult,
  IStopReason,
  ISummaryOptions,
  QbraidApi,
  QbraidApiError
} from '../api';
import {
  IAccountPreferences,
  IGuardPreferences,
  IInstancePreferences,
  IKernelPreferences,
  IKeyPreferences,
  InstancePhase,
  IQbraidAccount,
  IQbraidGuard,
  IQbraidInstance,
  IQbraidKernels,
  IQbraidKeys,
  IRotationReminder,
  ISectionState,
  IStopCause,
  StopStep
} from '../tokens';
import { NoticesModel } from '../notices/model';
import { FRONTEND_VERSION } from '../version';

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
  organizationRole: null,
  tier: 'pro'
};

export const CREDITS: ICredits = {
  qbraidCredits: 1234.5,
  usd: 12.35,
  awsCredits: 80,
  autoRecharge: true
};

/** Counted in Berlin: its month ends at 23:00 UTC on the last day. */
export const COMPUTE: IComputeHours = {
  used: 3,
  total: 10,
  remaining: 7,
  renewsAt: '2026-11-30T23:00:00.000Z',
  timeZone: 'Europe/Berlin'
};

export function apiError(
  kind: IErrorInfo['kind'],
  message: string,
  upstreamStatus: number | null = null,
  retryAfter: number | null = null,
  code: string | null = null
): IErrorInfo {
  return { kind, message, upstreamStatus, retryAfter, code };
}

/** A valid qBraid key as a person would paste it; never a real one. */
export const PASTED_KEY = 'qbr_' + 'a1b2c3d4'.repeat(8);

/** A configured summary where every part succeeded, with overrides. */
export function summary(overrides: Partial<IAccountSummary> = {}): IAccountSummary {
  // Each part fetched when the answer says, unless a test dates it otherwise.
  const at = overrides.fetchedAt ?? '2026-11-27T12:00:00.000Z';
  return {
    configured: true,
    apiUrl: 'https://api-v2.qbraid.com/api/v1',
    apiUrlSource: 'default',
    credential: { kind: 'apiKey', hint: 'abcd', source: 'qbraidrc' },
    links: LINKS,
    notices: [],
    fetchedAt: '2026-11-27T12:00:00.000Z',
    serverVersion: FRONTEND_VERSION,
    key: { hint: '…abcd', source: 'qbraidrc' },
    account: { ok: true, data: ACCOUNT, fetchedAt: at },
    credits: { ok: true, data: CREDITS, fetchedAt: at },
    compute: { ok: true, data: COMPUTE, fetchedAt: at },
    ...overrides
  };
}

/** What the server answers when no key is set: no parts at all. */
export function unconfiguredSummary(): IAccountSummary {
  return {
    configured: false,
    apiUrl: 'https://api-v2.qbraid.com/api/v1',
    apiUrlSource: 'default',
    credential: null,
    links: LINKS,
    notices: [],
    fetchedAt: '2026-11-27T12:00:00.000Z',
    serverVersion: FRONTEND_VERSION,
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

/** The key Lab uses now (its hint matches `summary()`'s key). */
export const ACTIVE_KEY: IKeyRecord = {
  id: 'key-1',
  name: 'Laptop',
  hint: 'abcd',
  status: 'active',
  scopes: ['account:read', 'jobs:write'],
  createdAt: '2026-01-15T09:30:00.000Z',
  lastUsedAt: '2026-11-27T11:00:00.000Z',
  usage: { requestCount: 12345 },
  active: true,
  issuedAt: '2026-01-15T09:30:00.000Z',
  issuedBy: 'service'
};

/** A key of the account that Lab does not use, never used anywhere. */
export const OTHER_KEY: IKeyRecord = {
  id: 'key-2',
  name: 'CI runner',
  hint: 'wxyz',
  status: 'active',
  scopes: ['jobs:read'],
  createdAt: '2026-06-01T08:00:00.000Z',
  lastUsedAt: null,
  usage: { requestCount: 0 },
  active: false,
  issuedAt: '2026-06-01T08:00:00.000Z',
  issuedBy: 'service'
};

export function keyList(keys: IKeyRecord[] = [ACTIVE_KEY, OTHER_KEY]): IKeyList {
  const active = keys.find(key => key.active);
  return {
    supported: true,
    keys,
    activeKeyAge: active
      ? { hint: active.hint, since: active.issuedAt, source: active.issuedBy }
      : null
  };
}

export const NEW_SECRET = 'qbr_live_NEW-SECRET-0123456789';

export const CREATED_KEY: ICreatedKey = {
  key: {
    ...OTHER_KEY,
    id: 'key-3',
    name: 'Notebook jobs',
    hint: '6789',
    createdAt: '2026-11-27T12:00:00.000Z',
    issuedAt: '2026-11-27T12:00:00.000Z',
    scopes: []
  },
  secret: NEW_SECRET
};

export const ROTATED_KEY: IRotatedKey = {
  key: { ...ACTIVE_KEY, hint: '6789' },
  secret: NEW_SECRET,
  wasActive: true,
  savedToFile: true,
  problems: []
};

export const REVOKED_KEY: IRevokedKey = {
  id: OTHER_KEY.id,
  status: 'revoked',
  wasActive: false,
  problems: []
};

/** A notebook's Python kernel that holds the active key. */
export const NOTEBOOK_KERNEL: IKernelKeyInfo = {
  id: 'kernel-1',
  name: 'python3',
  language: 'python',
  executionState: 'idle',
  sessions: [{ path: 'work/bell.ipynb', name: 'bell.ipynb', type: 'notebook' }],
  state: 'current',
  reason: null,
  holds: 'current'
};

/** A kernel used by a notebook and a console, still holding the key before rotation. */
export const SHARED_KERNEL: IKernelKeyInfo = {
  id: 'kernel-2',
  name: 'python3',
  language: 'python',
  executionState: 'busy',
  sessions: [
    { path: 'ghz.ipynb', name: 'ghz.ipynb', type: 'notebook' },
    {
      path: 'console-1-d4bdd09c-ee71-4c1e-9a4b-0d3c2f1e5a77',
      name: 'Console 1',
      type: 'console'
    }
  ],
  state: 'previous',
  reason: null,
  holds: 'previous'
};

/** A kernel no notebook or console uses, in a language the server cannot inject into. */
export const ORPHAN_KERNEL: IKernelKeyInfo = {
  id: 'kernel-3',
  name: 'ir',
  language: 'R',
  executionState: null,
  sessions: [],
  state: 'not_supported',
  reason: 'it cannot be changed while it runs, and it holds no key.',
  holds: null
};

export function kernelsSnapshot(
  overrides: Partial<IKernelsSnapshot> = {}
): IKernelsSnapshot {
  return {
    variable: 'QBRAID_API_KEY',
    autoInject: true,
    keyHint: '…abcd',
    kernels: [NOTEBOOK_KERNEL, SHARED_KERNEL],
    ...overrides
  };
}

export function kernelsChange(overrides: Partial<IKernelsChange> = {}): IKernelsChange {
  return { ...kernelsSnapshot(), durationMs: 41.6, notices: [], ...overrides };
}

/**
 * This Lab under a JupyterHub that is not qBraid's, started 90 minutes before
 * `SESSION_NOW`, on a profile the deployment prices.
 */
export function instanceInfo(overrides: Partial<IInstanceInfo> = {}): IInstanceInfo {
  return {
    mode: 'hub',
    kind: 'hub',
    user: 'ada',
    serverName: null,
    clusterId: null,
    instanceId: null,
    startedAt: '2026-11-27T10:30:00.000Z',
    startedAtSource: 'hub',
    profile: {
      slug: null,
      name: 'GPU small',
      vCpus: null,
      creditsPerMinute: 0.23,
      source: 'environment'
    },
    supportsStop: null,
    stoppedCreditsPerMin: null,
    limits: null,
    stop: { state: 'idle', error: null, route: null },
    ...overrides
  };
}

/** The same Lab on a server of its own: no hub, no profile. */
export function standaloneInfo(overrides: Partial<IInstanceInfo> = {}): IInstanceInfo {
  return instanceInfo({
    mode: 'standalone',
    kind: 'standalone',
    user: null,
    startedAtSource: 'server',
    profile: null,
    ...overrides
  });
}

/** The account's subscription server on qBraid's hub, as the emulator's demo seeds it. */
export function subscriptionInfo(
  overrides: Partial<IInstanceInfo> = {}
): IInstanceInfo {
  return instanceInfo({
    kind: 'subscription',
    clusterId: 'qbraid-demo-cluster',
    startedAtSource: 'platform',
    profile: {
      slug: 'cpu-2-4',
      name: '2 vCPU, 4 GB',
      vCpus: 2,
      creditsPerMinute: 0.23,
      source: 'platform'
    },
    ...overrides
  });
}

/** The demo's running on-demand instance's platform limits. */
export const LIMITS: IInstanceLimits = {
  autoStopIdleMinutes: 60,
  maxSessionMinutes: 480
};

/** An on-demand instance that can be stopped; its disk bills 0.02 credits a minute then. */
export function onDemandInfo(overrides: Partial<IInstanceInfo> = {}): IInstanceInfo {
  return instanceInfo({
    kind: 'on-demand',
    instanceId: 'inst-7',
    startedAtSource: 'platform',
    profile: {
      slug: 'gpu-t4',
      name: 'GPU T4',
      vCpus: 4,
      creditsPerMinute: 1.5,
      source: 'platform'
    },
    supportsStop: true,
    stoppedCreditsPerMin: 0.02,
    limits: LIMITS,
    ...overrides
  });
}

/** "Now" for the session views: 90 minutes after `instanceInfo().startedAt`. */
export const SESSION_NOW = Date.parse('2026-11-27T12:00:00.000Z');

export const HUB_HOME_URL = 'https://hub.example.com/hub/home';

export type FakeApi = {
  summary: jest.Mock<
    Promise<IAccountSummary>,
    [ServerConnection.ISettings?, string?, ISummaryOptions?]
  >;
  setKey: jest.Mock<Promise<ISetKeyResult>, [string]>;
  keys: jest.Mock<Promise<IKeyList>, []>;
  createKey: jest.Mock<Promise<ICreatedKey>, [string]>;
  rotateKey: jest.Mock<Promise<IRotatedKey>, [string]>;
  revokeKey: jest.Mock<Promise<IRevokedKey>, [string]>;
  kernels: jest.Mock<Promise<IKernelsSnapshot>, []>;
  reloadSettings: jest.Mock<Promise<IServerSettings>, []>;
  injectIntoKernels: jest.Mock<Promise<IKernelsChange>, []>;
  removeFromKernels: jest.Mock<Promise<IKernelsChange>, []>;
  instance: jest.Mock<Promise<IInstanceInfo>, []>;
  stopInstance: jest.Mock<Promise<IInstanceInfo>, [IStopReason?]>;
  guardReport: jest.Mock<Promise<IGuardReport>, [string]>;
  startScan: jest.Mock<Promise<IScanState>, [string[]]>;
  scanState: jest.Mock<Promise<IScanState>, []>;
  cancelScan: jest.Mock<Promise<IScanState>, []>;
  redactFile: jest.Mock<Promise<IRedactResult>, [string]>;
  usage: jest.Mock<
    Promise<IUsageAnswer>,
    [ServerConnection.ISettings?, string?, boolean?]
  >;
  setInstanceLimits: jest.Mock<Promise<IInstanceInfo>, [InstanceLimitsChange]>;
};

/**
 * An api whose calls are jest mocks; `summary` answers `answer`, `keys` answers
 * `keyList()`, the kernel routes answer `kernelsSnapshot()` / `kernelsChange()` unless told
 * otherwise, `reloadSettings` the defaults with nothing pinned;
 * `instance` answers `instanceInfo()`, and `stopInstance` the same with the stop under way.
 * The leak guard's routes: `guardReport` finds
 * nothing, `startScan` / `scanState` answer a finished scan without results, `cancelScan`
 * a cancelled one, `redactFile` the redaction of `SCAN_NOTEBOOK`; `usage` answers
 * `usageReport()`, `setInstanceLimits` `onDemandInfo()` with the change.
 */
export function fakeApi(answer: IAccountSummary = summary()): FakeApi & QbraidApi {
  const api: FakeApi = {
    summary: jest.fn(() => Promise.resolve(answer)),
    setKey: jest.fn((_: string) => Promise.resolve(SET_KEY_RESULT)),
    keys: jest.fn(() => Promise.resolve(keyList())),
    createKey: jest.fn((_: string) => Promise.resolve(CREATED_KEY)),
    rotateKey: jest.fn((_: string) => Promise.resolve(ROTATED_KEY)),
    revokeKey: jest.fn((_: string) => Promise.resolve(REVOKED_KEY)),
    kernels: jest.fn(() => Promise.resolve(kernelsSnapshot())),
    reloadSettings: jest.fn(() =>
      Promise.resolve({
        settings: { variableName: 'QBRAID_API_KEY', autoInject: true },
        pinned: {}
      })
    ),
    injectIntoKernels: jest.fn(() => Promise.resolve(kernelsChange())),
    removeFromKernels: jest.fn(() =>
      Promise.resolve(
        kernelsChange({
          kernels: [
            { ...NOTEBOOK_KERNEL, state: 'not_injected' },
            { ...SHARED_KERNEL, state: 'not_injected' }
          ]
        })
      )
    ),
    instance: jest.fn(() => Promise.resolve(instanceInfo())),
    stopInstance: jest.fn(() =>
      Promise.resolve(
        instanceInfo({ stop: { state: 'stopping', error: null, route: 'hub' } })
      )
    ),
    guardReport: jest.fn((path: string) =>
      Promise.resolve<IGuardReport>({ path, found: false })
    ),
    startScan: jest.fn((_: string[]) => Promise.resolve(scanState())),
    scanState: jest.fn(() => Promise.resolve(scanState())),
    cancelScan: jest.fn(() => Promise.resolve(scanState({ state: 'cancelled' }))),
    redactFile: jest.fn((path: string) =>
      Promise.resolve({ ...SCAN_NOTEBOOK, path, outputs: 0, redactedOutputs: 2 })
    ),
    usage: jest.fn(() =>
      Promise.resolve({
        data: usageReport(),
        fetchedAt: '2026-11-29T10:00:00Z',
        error: null
      })
    ),
    setInstanceLimits: jest.fn((change: InstanceLimitsChange) =>
      Promise.resolve(onDemandInfo({ limits: { ...LIMITS, ...change } }))
    )
  };
  return api as FakeApi & QbraidApi;
}

/**
 * A made-up key for the leak guard's views. It is never a real one; the views must never
 * show it whole, only its last four characters (`FAKE_KEY_HINT`).
 */
export const FAKE_KEY = 'qbr_live_FAKE-KEY-FOR-TESTS-0000abcd';
export const FAKE_KEY_HINT = 'abcd';
export const OTHER_FAKE_KEY = 'qbr_live_ANOTHER-FAKE-KEY-1111wxyz';

/** A notebook the scan found the key in: two outputs and one cell. */
export const SCAN_NOTEBOOK: IScanResult = {
  path: 'work/bell.ipynb',
  kind: 'notebook',
  outputs: 2,
  sources: 1,
  other: 0,
  hints: [FAKE_KEY_HINT]
};

/** A text file the scan found the key in, on one line. */
export const SCAN_TEXT: IScanResult = {
  path: 'scripts/run.py',
  kind: 'text',
  outputs: 0,
  sources: 1,
  other: 0,
  hints: [FAKE_KEY_HINT]
};

/** A finished scan without results, with overrides. */
export function scanState(overrides: Partial<IScanState> = {}): IScanState {
  return {
    state: 'done',
    filesScanned: 120,
    bytesScanned: 4567890,
    elapsedMs: 1234,
    currentDir: null,
    truncated: false,
    skipped: [],
    results: [],
    ...overrides
  };
}

export function section<T>(
  overrides: Partial<ISectionState<T>> = {}
): ISectionState<T> {
  return { data: null, updatedAt: null, error: null, loading: false, ...overrides };
}

/** A hand-driven IQbraidAccount for the views: set fields, then `emit()`. */
export class FakeAccount implements IQbraidAccount {
  readonly changed: Signal<IQbraidAccount, void> = new Signal<IQbraidAccount, void>(
    this
  );
  configured: boolean | null = null;
  credential: IQbraidAccount['credential'] = null;
  apiUrl: IQbraidAccount['apiUrl'] = null;
  key: IQbraidAccount['key'] = null;
  links: ILinks | null = LINKS;
  notices: IQbraidAccount['notices'] = [];
  serverMissing = false;
  account: ISectionState<IAccountInfo> = section();
  credits: ISectionState<ICredits> = section();
  compute: ISectionState<IComputeHours> = section();
  preferences: IAccountPreferences = {
    refreshInterval: 60,
    lowCreditThreshold: 500,
    lowHoursThreshold: 10
  };
  isLowOnCredits = false;
  isLowOnHours = false;
  refresh = jest.fn(() => Promise.resolve());
  setKey = jest.fn((_: string) => Promise.resolve(SET_KEY_RESULT));
  setViewVisible = jest.fn<void, [string, boolean]>();

  emit(): void {
    this.changed.emit();
  }
}

/** A hand-driven IQbraidKeys for the views and commands: set fields, then `emit()`. */
export class FakeKeys implements IQbraidKeys {
  readonly changed: Signal<IQbraidKeys, void> = new Signal<IQbraidKeys, void>(this);
  list: ISectionState<IKeyList> = section();
  busy = false;
  rotationReminder: IRotationReminder | null = null;
  preferences: IKeyPreferences = { rotationReminderDays: 90 };
  refresh = jest.fn(() => Promise.resolve());
  create = jest.fn((_: string) => Promise.resolve(CREATED_KEY));
  rotate = jest.fn((_: string) => Promise.resolve(ROTATED_KEY));
  revoke = jest.fn((_: string) => Promise.resolve(REVOKED_KEY));

  emit(): void {
    this.changed.emit();
  }
}

/** A hand-driven IQbraidKernels for the views and commands: set fields, then `emit()`. */
export class FakeKernels implements IQbraidKernels {
  readonly changed: Signal<IQbraidKernels, void> = new Signal<IQbraidKernels, void>(
    this
  );
  snapshot: ISectionState<IKernelsSnapshot> = section();
  busy = false;
  preferences: IKernelPreferences = {
    variableName: 'QBRAID_API_KEY',
    autoInject: true
  };
  refresh = jest.fn(() => Promise.resolve());
  inject = jest.fn(() => Promise.resolve(kernelsChange()));
  remove = jest.fn(() => Promise.resolve(kernelsChange()));
  setVisible = jest.fn<void, [boolean]>();

  emit(): void {
    this.changed.emit();
  }
}

/** A hand-driven IQbraidInstance for the views and commands: set fields, then `emit()`. */
export class FakeInstance implements IQbraidInstance {
  readonly changed: Signal<IQbraidInstance, void> = new Signal<IQbraidInstance, void>(
    this
  );
  info: ISectionState<IInstanceInfo> = section();
  phase: InstancePhase = 'running';
  stopError: IErrorInfo | null = null;
  hubHomeUrl: string | null = null;
  stopCause: IStopCause | null = null;
  stopStep: StopStep | null = null;
  preferences: IInstancePreferences = { idleStopMinutes: 0 };
  nextStopAt: string | null = null;
  readonly nextStopChanged: Signal<IQbraidInstance, string | null> = new Signal<
    IQbraidInstance,
    string | null
  >(this);
  setNextStopAt = jest.fn((value: string | null) => {
    this.nextStopAt = value;
    this.nextStopChanged.emit(value);
  });
  refresh = jest.fn(() => Promise.resolve());
  stop = jest.fn((_?: Parameters<IQbraidInstance['stop']>[0]) => Promise.resolve());

  emit(): void {
    this.changed.emit();
  }
}

/** The error a call rejected with, failing the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<QbraidApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(QbraidApiError);
    return error as QbraidApiError;
  }
  throw new Error('expected the call to reject');
}

/** A hand-driven IQbraidGuard for the views and commands: set fields, then `emit()`. */
export class FakeGuard implements IQbraidGuard {
  readonly changed: Signal<IQbraidGuard, void> = new Signal<IQbraidGuard, void>(this);
  scan: ISectionState<IScanState> = section();
  preferences: IGuardPreferences = { redactOnSave: true, scanExclusions: [] };
  takeReport = jest.fn((path: string) =>
    Promise.resolve<IGuardReport>({ path, found: false })
  );
  startScan = jest.fn(() => Promise.resolve());
  cancelScan = jest.fn(() => Promise.resolve());
  redact = jest.fn((path: string) =>
    Promise.resolve<IRedactResult>({
      ...SCAN_NOTEBOOK,
      path,
      outputs: 0,
      redactedOutputs: 2
    })
  );

  emit(): void {
    this.changed.emit();
  }
}

/**
 * The notices as they are where Lab's notification plugin is active: each one goes to
 * `Notification`, which the specs spy on.
 */
export function labNotices(): NoticesModel {
  return new NoticesModel({ surface: 'lab' });
}

/** 30 days up to 2026-11-29 with three sessions on two days; 7 compute hours left. */
export function usageReport(overrides: Partial<IUsageReport> = {}): IUsageReport {
  const days = Array.from({ length: 30 }, (_, index) => ({
    date: new Date(Date.UTC(2026, 9, 31 + index)).toISOString().slice(0, 10),
    hours: 0,
    creditsCharged: 0,
    sessions: 0
  }));
  days[20] = { ...days[20], hours: 3, creditsCharged: 0, sessions: 2 };
  days[28] = { ...days[28], hours: 1.5, creditsCharged: 132, sessions: 1 };
  return {
    timeZone: 'UTC',
    hours: { used: 3, total: 10, remaining: 7 },
    summary: { sessions: 3, hours: 4.5, creditsCharged: 132 },
    days,
    ...overrides
  };
}
