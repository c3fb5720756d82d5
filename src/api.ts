import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** Kinds of failure the server extension reports; see jupyterlab_qbraid/errors.py. */
export type ErrorKind =
  | 'key_rejected'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'rejected'
  | 'timeout'
  | 'unreachable'
  | 'malformed'
  | 'invalid_input'
  | 'not_configured'
  | 'busy'
  | 'hub_forbidden'
  | 'hub_unreachable'
  | 'hub_error'
  | 'not_under_hub'
  | 'server_unreachable'
  | 'server_missing'
  | 'not_permitted'
  | 'stop_unsupported'
  | 'not_on_demand';

export interface IErrorInfo {
  kind: ErrorKind;
  message: string;
  upstreamStatus: number | null;
  retryAfter: number | null;
  /** The account API's own code (e.g. `BAD_STATE`); the server already put it in `message`. */
  code: string | null;
}

export interface INotice {
  level: 'warning' | 'info';
  message: string;
}

export interface ILinks {
  account: string;
  wallet: string;
  apiKeys: string;
}

export interface IAccountInfo {
  userId: string;
  userName: string;
  email: string;
  roles: string[];
  organizationId: string;
  organizationName: string | null;
  organizationRole: string | null;
  tier: string | null;
}

export interface ICredits {
  qbraidCredits: number;
  usd: number;
  awsCredits: number;
  autoRecharge: boolean;
}

/** This month's compute hours; they renew at the start of the next month. */
export interface IComputeHours {
  used: number;
  total: number;
  remaining: number;
  /** ISO 8601 instant: the start of next month, 00:00 in `timeZone`. */
  renewsAt: string;
  /** The IANA time zone the month was counted in (the browser's, or UTC). */
  timeZone: string;
}

/**
 * One part of the summary: its data with the time the server fetched it from qBraid (it
 * serves facts from its cache), or why the API would not give it. A failed refresh of a
 * part known before keeps that value and its time, marked `stale`.
 */
export type Part<T> =
  | { ok: true; data: T; fetchedAt: string }
  | { ok: false; error: IErrorInfo; stale?: false }
  | { ok: false; error: IErrorInfo; stale: true; data: T; fetchedAt: string };

/** The parts of the summary; a request names those on screen. */
export type SummaryPart = 'account' | 'credits' | 'compute';

export interface ISummaryOptions {
  /** Only these parts (default all). */
  parts?: SummaryPart[];
  /** A refresh by hand: the server asks qBraid now instead of serving its cache. */
  fresh?: boolean;
  /** The refresh interval in seconds: how old the server may serve the credits. */
  maxAge?: number;
}

export interface IKeyInfo {
  hint: string;
  source: 'qbraidrc' | 'environment';
}

/** Where the API's base URL came from, in the order the server looks. */
export type ApiUrlSource =
  'deployment' | 'environment' | 'key' | 'qbraidrc' | 'default';

/**
 * The credential the server sends to qBraid: a platform access token wins over any API
 * key, as in qBraid's own client. Only its last four characters come to the browser.
 */
export interface ICredentialInfo {
  kind: 'accessToken' | 'apiKey';
  hint: string;
  source: 'qbraidrc' | 'environment';
}

/** GET {base}jupyterlab-qbraid/summary */
export interface IAccountSummary {
  /** A credential (token or key) exists. */
  configured: boolean;
  apiUrl: string;
  apiUrlSource: ApiUrlSource;
  credential: ICredentialInfo | null;
  links: ILinks;
  notices: INotice[];
  /** When the server answered; each part carries when its data was fetched. */
  fetchedAt: string;
  /** The server part's version, compared with the frontend's. */
  serverVersion: string;
  /** Lab's active API key (kernels, qbraidrc); may exist while a token is the credential. */
  key: IKeyInfo | null;
  account?: Part<IAccountInfo>;
  credits?: Part<ICredits>;
  compute?: Part<IComputeHours>;
}

/** POST {base}jupyterlab-qbraid/key */
export interface ISetKeyResult {
  key: IKeyInfo;
  email: string;
  savedToFile: boolean;
  configFile: string;
  notices: INotice[];
}

/** An API key as the service describes it; it never carries the secret. */
export interface IKeyRecord {
  id: string;
  name: string;
  hint: string;
  status: 'active' | 'inactive';
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  usage: { requestCount: number };
  /** The key Lab uses now. */
  active: boolean;
  /**
   * Since when its secret is in use: its creation (`issuedBy` "service"), or the last
   * rotation made in this Lab ("lab"), since the service keeps `createdAt` on a rotation.
   */
  issuedAt: string;
  issuedBy: 'service' | 'lab';
}

/**
 * How old the secret of Lab's active key is, for the reminder to rotate it: from the key
 * list (`service`, `lab`), or, where the service lists no keys (or not this one), from when
 * this Lab first saw the key (`firstSeen`).
 */
export interface IKeyAge {
  hint: string;
  /** ISO 8601 instant. */
  since: string;
  source: 'service' | 'lab' | 'firstSeen';
}

/** GET {base}jupyterlab-qbraid/keys; `supported` is false where the service has no key routes. */
export interface IKeyList {
  supported: boolean;
  keys: IKeyRecord[];
  /** Null when Lab has no API key of its own (e.g. only an access token). */
  activeKeyAge: IKeyAge | null;
}

/** POST {base}jupyterlab-qbraid/keys: the only answer, with rotate's, that holds a secret. */
export interface ICreatedKey {
  key: IKeyRecord;
  secret: string;
}

/** POST {base}jupyterlab-qbraid/keys/{id}/rotate */
export interface IRotatedKey extends ICreatedKey {
  wasActive: boolean;
  savedToFile: boolean | null;
  problems: string[];
}

/** DELETE {base}jupyterlab-qbraid/keys/{id} */
export interface IRevokedKey {
  id: string;
  status: 'revoked';
  wasActive: boolean;
  problems: string[];
}

/** Where the active key stands in one running kernel. */
export type KernelKeyState =
  'current' | 'previous' | 'not_injected' | 'not_supported' | 'failed';

export interface IKernelKeyInfo {
  id: string;
  name: string;
  language: string;
  executionState: string | null;
  sessions: { path: string; name: string; type: string }[];
  state: KernelKeyState;
  reason: string | null;
  /**
   * Which key its process holds, as far as the server knows: Lab's active key, another
   * one, or none. Kernels of other languages hold what they were started with.
   */
  holds: 'current' | 'previous' | null;
}

/** GET {base}jupyterlab-qbraid/kernels */
export interface IKernelsSnapshot {
  variable: string;
  autoInject: boolean;
  keyHint: string | null;
  kernels: IKernelKeyInfo[];
}

/** POST {base}jupyterlab-qbraid/kernels/inject and .../remove */
export interface IKernelsChange extends IKernelsSnapshot {
  durationMs: number;
  /** What the person should know, e.g. the key had to stay in the server's environment. */
  notices: INotice[];
}

/** Where this Lab runs: under JupyterHub, or a server of its own. */
export type InstanceMode = 'hub' | 'standalone';

/** What this Lab is to qBraid: what stopping it means and who stops it. */
export type InstanceKind = 'on-demand' | 'subscription' | 'hub' | 'standalone';

/** How the server stops this Lab; null before any stop was asked. */
export type StopRoute = 'on-demand' | 'platform' | 'hub' | 'standalone';

/** A stop asked of the server: running in the background, or failed with why. */
export interface IStopState {
  state: 'idle' | 'stopping' | 'failed';
  error: IErrorInfo | null;
  route: StopRoute | null;
}

/** The compute profile: from qBraid's compute routes, or the deployment's environment. */
export interface IComputeProfile {
  slug: string | null;
  name: string;
  vCpus: number | null;
  creditsPerMinute: number | null;
  source: 'platform' | 'environment';
}

/**
 * The platform's own limits of an on-demand instance, in minutes (0 = off), which qBraid
 * enforces even when this server cannot run; null where qBraid does not say.
 */
export interface IInstanceLimits {
  autoStopIdleMinutes: number | null;
  maxSessionMinutes: number | null;
}

/** What PATCH {base}jupyterlab-qbraid/instance/limits sets: either or both. */
export type InstanceLimitsChange = Partial<Record<keyof IInstanceLimits, number>>;

/** The largest limits qBraid takes: 7 days idle, 30 days in all. */
export const MAX_IDLE_MINUTES = 7 * 24 * 60;
export const MAX_SESSION_MINUTES = 30 * 24 * 60;

/** One day of compute sessions, dated in the report's time zone. */
export interface IUsageDay {
  /** YYYY-MM-DD */
  date: string;
  hours: number;
  creditsCharged: number;
  sessions: number;
}

/** The last 30 days of compute sessions, oldest first, and this month's hours. */
export interface IUsageReport {
  timeZone: string;
  hours: { used: number; total: number; remaining: number };
  summary: { sessions: number; hours: number; creditsCharged: number };
  days: IUsageDay[];
}

/**
 * GET {base}jupyterlab-qbraid/usage: the report with when the server fetched it; `error`
 * when its latest refresh failed (the report is then stale).
 */
export interface IUsageAnswer {
  data: IUsageReport;
  fetchedAt: string;
  error: IErrorInfo | null;
}

/** GET {base}jupyterlab-qbraid/instance */
export interface IInstanceInfo {
  mode: InstanceMode;
  kind: InstanceKind;
  user: string | null;
  serverName: string | null;
  clusterId: string | null;
  instanceId: string | null;
  startedAt: string;
  /** Where `startedAt` comes from: qBraid's record, the hub's, or the server itself. */
  startedAtSource: 'platform' | 'hub' | 'server';
  profile: IComputeProfile | null;
  /** On-demand only: false where the instance can only be terminated. */
  supportsStop: boolean | null;
  /** On-demand only: what its disk keeps costing once stopped. */
  stoppedCreditsPerMin: number | null;
  /** On-demand only: the platform's idle and session limits. */
  limits: IInstanceLimits | null;
  stop: IStopState;
}

/** GET and POST {base}jupyterlab-qbraid/settings: what the server reads and acts on. */
export interface IServerSettings {
  settings: Record<string, unknown>;
  pinned: Record<string, { value: unknown; by: string }>;
}

/** Who asks POST {base}jupyterlab-qbraid/instance/stop (the server's idle stop says `idle`). */
export interface IStopReason {
  by: 'person' | 'idle';
  /** With `idle`: after how many idle minutes. */
  idleMinutes?: number;
  /** The asking tab's own id, so that it knows its own stop among the events. */
  origin?: string;
}

/**
 * The server event of a stop (schema `STOP_EVENT_SCHEMA`), sent to every open tab:
 * `stopping` when the stop route accepts a stop, `failed` when it then failed.
 */
export interface IStopEvent {
  action: 'stopping' | 'failed';
  by: IStopReason['by'];
  idleMinutes: number | null;
  origin: string | null;
}

export const STOP_EVENT_SCHEMA =
  'https://events.qbraid.com/jupyterlab-qbraid/instance-stop/v1';

/** Where a key sits in one cell's source, in the source's (UTF-16) offsets. */
export interface IKeyInSource {
  cellIndex: number;
  cellId: string | null;
  ranges: [number, number][];
}

/** Where a key sits in a text file: lines counted from 1. */
export interface IKeyInLine {
  line: number;
  ranges: [number, number][];
}

/**
 * GET {base}jupyterlab-qbraid/guard/report?path=: what the last save of a file held, once. Keys are
 * named by their last four characters only.
 */
export type IGuardReport =
  | { path: string; found: false }
  | {
      path: string;
      found: true;
      redactedOutputs: number;
      /** Occurrences left in outputs because redaction is off. */
      outputsLeft: number;
      hints: string[];
      sources: IKeyInSource[];
      /** Occurrences in places neither outputs nor sources (attachments, metadata). */
      other: number;
      language: string | null;
      textLines: IKeyInLine[];
    };

/** One file the scan found a known key in. */
export interface IScanResult {
  path: string;
  kind: 'notebook' | 'text';
  outputs: number;
  sources: number;
  other: number;
  hints: string[];
}

/** GET {base}jupyterlab-qbraid/guard/scan */
export interface IScanState {
  state: 'idle' | 'running' | 'done' | 'cancelled';
  filesScanned: number;
  bytesScanned: number;
  elapsedMs: number;
  currentDir: string | null;
  truncated: boolean;
  reason?: 'time' | 'files' | 'error';
  skipped: { path: string; reason: string }[];
  results: IScanResult[];
}

/** POST {base}jupyterlab-qbraid/guard/redact */
export interface IRedactResult extends IScanResult {
  redactedOutputs: number;
}

/** A failed call to the server extension, carrying what it said. */
export class QbraidApiError extends Error {
  constructor(
    readonly info: IErrorInfo,
    readonly status: number
  ) {
    super(describeError(info));
    this.name = 'QbraidApiError';
  }

  get kind(): ErrorKind {
    return this.info.kind;
  }
}

/**
 * What to show of an error: its message, with the account API's code when the message
 * does not already carry it (the server writes "(400 BAD_STATE: ...)" into most).
 */
export function describeError(info: IErrorInfo): string {
  return info.code && !info.message.includes(info.code)
    ? `${info.message} [${info.code}]`
    : info.message;
}

/** Failures that may be over in seconds: a retry soon may succeed. */
const TRANSIENT: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'server_error',
  'timeout',
  'unreachable',
  'rate_limited',
  'server_unreachable'
]);

export function isTransient(info: IErrorInfo): boolean {
  return TRANSIENT.has(info.kind);
}

export function errorInfo(kind: ErrorKind, message: string): IErrorInfo {
  return { kind, message, upstreamStatus: null, retryAfter: null, code: null };
}

/** What any failure says: the server's own account of it, or a server error. */
export function toErrorInfo(error: unknown): IErrorInfo {
  return error instanceof QbraidApiError
    ? error.info
    : errorInfo('server_error', String(error));
}

/** The browser's IANA time zone, which the server counts this month's hours in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A failure that Jupyter itself answered, not our handlers (they always say why): no route
 * (the server part is missing, disabled or older than this page), or the deployment's
 * authorizer. `message` is what Jupyter said, if anything.
 */
function jupyterRefusal(status: number, message: unknown): IErrorInfo {
  if (status === 404) {
    return errorInfo(
      'server_missing',
      'The qBraid server extension on this Jupyter server does not answer (404): it is not ' +
        'installed, not enabled, or older than this page. Install or upgrade it with "pip ' +
        'install --upgrade jupyterlab-qbraid" (and enable it with "jupyter server extension ' +
        'enable jupyterlab_qbraid"), then restart Jupyter.'
    );
  }
  const said = typeof message === 'string' && message ? message : null;
  if (status === 403 && said && /not authorized/i.test(said)) {
    return errorInfo(
      'not_permitted',
      'This Jupyter server does not let you do this (403): ask whoever runs it for the ' +
        'permission.'
    );
  }
  return errorInfo(
    'server_error',
    said
      ? `The Jupyter server refused the request (${status}: ${said}).`
      : `The qBraid server extension failed (${status}).`
  );
}

async function request<T>(
  path: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, 'jupyterlab-qbraid', path);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new QbraidApiError(
      errorInfo('server_unreachable', 'The Jupyter server cannot be reached.'),
      0
    );
  }
  let body: any = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = body?.error;
    throw new QbraidApiError(
      error && typeof error.message === 'string'
        ? { ...error, code: typeof error.code === 'string' ? error.code : null }
        : jupyterRefusal(response.status, body?.message),
      response.status
    );
  }
  if (body === null || typeof body !== 'object') {
    throw new QbraidApiError(
      errorInfo(
        'malformed',
        'The qBraid server extension answered with something that is not JSON.'
      ),
      response.status
    );
  }
  return body as T;
}

/** A request whose body is `body` as JSON. */
function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH',
  path: string,
  body: unknown,
  settings?: ServerConnection.ISettings
): Promise<T> {
  return request<T>(
    path,
    {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    },
    settings
  );
}

/** The typed routes of the server extension. */
export const qbraidApi = {
  summary(
    settings?: ServerConnection.ISettings,
    timeZone: string = browserTimeZone(),
    options: ISummaryOptions = {}
  ): Promise<IAccountSummary> {
    const query = new URLSearchParams({ timezone: timeZone });
    if (options.parts) {
      query.set('parts', options.parts.join(','));
    }
    if (options.fresh) {
      query.set('fresh', '1');
    }
    if (options.maxAge) {
      query.set('maxAge', String(options.maxAge));
    }
    return request<IAccountSummary>(`summary?${query.toString()}`, {}, settings);
  },

  setKey(
    apiKey: string,
    settings?: ServerConnection.ISettings
  ): Promise<ISetKeyResult> {
    return sendJson<ISetKeyResult>('POST', 'key', { apiKey }, settings);
  },

  keys(settings?: ServerConnection.ISettings): Promise<IKeyList> {
    return request<IKeyList>('keys', {}, settings);
  },

  createKey(name: string, settings?: ServerConnection.ISettings): Promise<ICreatedKey> {
    return sendJson<ICreatedKey>('POST', 'keys', { name }, settings);
  },

  rotateKey(id: string, settings?: ServerConnection.ISettings): Promise<IRotatedKey> {
    return request<IRotatedKey>(
      `keys/${encodeURIComponent(id)}/rotate`,
      { method: 'POST' },
      settings
    );
  },

  /**
   * The server reads the person's settings files itself; this asks it to read them now,
   * after the Settings Editor saved, rather than at its next look.
   */
  reloadSettings(settings?: ServerConnection.ISettings): Promise<IServerSettings> {
    return request<IServerSettings>('settings', { method: 'POST' }, settings);
  },

  kernels(settings?: ServerConnection.ISettings): Promise<IKernelsSnapshot> {
    return request<IKernelsSnapshot>('kernels', {}, settings);
  },

  injectIntoKernels(settings?: ServerConnection.ISettings): Promise<IKernelsChange> {
    return request<IKernelsChange>('kernels/inject', { method: 'POST' }, settings);
  },

  removeFromKernels(settings?: ServerConnection.ISettings): Promise<IKernelsChange> {
    return request<IKernelsChange>('kernels/remove', { method: 'POST' }, settings);
  },

  /** `fresh`: a refresh by hand, the server asks qBraid now. */
  instance(
    settings?: ServerConnection.ISettings,
    fresh = false
  ): Promise<IInstanceInfo> {
    return request<IInstanceInfo>(
      fresh ? 'instance?fresh=1' : 'instance',
      {},
      settings
    );
  },

  /** Not standalone: the server answers at once, then stops this Lab in the background. */
  /** `reason`: who asks, told to every other open tab with the stop. */
  stopInstance(
    reason: IStopReason = { by: 'person' },
    settings?: ServerConnection.ISettings
  ): Promise<IInstanceInfo> {
    return sendJson<IInstanceInfo>('POST', 'instance/stop', reason, settings);
  },

  /** The last 30 days in the browser's time zone; `fresh`: the server asks qBraid now. */
  usage(
    settings?: ServerConnection.ISettings,
    timeZone: string = browserTimeZone(),
    fresh = false
  ): Promise<IUsageAnswer> {
    const query = new URLSearchParams({ timezone: timeZone });
    if (fresh) {
      query.set('fresh', '1');
    }
    return request<IUsageAnswer>(`usage?${query.toString()}`, {}, settings);
  },

  /** Set the on-demand instance's platform limits; answers the instance as qBraid now says. */
  setInstanceLimits(
    limits: InstanceLimitsChange,
    settings?: ServerConnection.ISettings
  ): Promise<IInstanceInfo> {
    return sendJson<IInstanceInfo>('PATCH', 'instance/limits', limits, settings);
  },

  guardReport(
    path: string,
    settings?: ServerConnection.ISettings
  ): Promise<IGuardReport> {
    return request<IGuardReport>(
      `guard/report?path=${encodeURIComponent(path)}`,
      {},
      settings
    );
  },

  startScan(
    exclusions: string[],
    settings?: ServerConnection.ISettings
  ): Promise<IScanState> {
    return sendJson<IScanState>('POST', 'guard/scan', { exclusions }, settings);
  },

  scanState(settings?: ServerConnection.ISettings): Promise<IScanState> {
    return request<IScanState>('guard/scan', {}, settings);
  },

  cancelScan(settings?: ServerConnection.ISettings): Promise<IScanState> {
    return request<IScanState>('guard/scan', { method: 'DELETE' }, settings);
  },

  redactFile(
    path: string,
    settings?: ServerConnection.ISettings
  ): Promise<IRedactResult> {
    return sendJson<IRedactResult>('POST', 'guard/redact', { path }, settings);
  },

  revokeKey(id: string, settings?: ServerConnection.ISettings): Promise<IRevokedKey> {
    return request<IRevokedKey>(
      `keys/${encodeURIComponent(id)}`,
      { method: 'DELETE' },
      settings
    );
  }
};

export type QbraidApi = typeof qbraidApi;
