import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

/** Where the server's idle clock stands (see jupyterlab_qbraid/idle/). */
export type IdlePhase = 'running' | 'warning' | 'saving' | 'stopping';

/** The server's "state" message: sent on connect and on every change. */
export interface IIdleState {
  type: 'state';
  phase: IdlePhase;
  idleLimitMinutes: number | null;
  lastActivityAt: string;
  /** With tabs open, the earliest the instance stops if nothing happens; null when off. */
  nextStopAt: string | null;
  warningEndsAt: string | null;
  /** The server's time when it sent this, so that countdowns ignore this machine's clock. */
  serverTime: string;
}

export const IDLE_SOCKET_PATH = 'jupyterlab-qbraid/idle/socket';
const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 60 * 1000;

/**
 * This tab's connection to the server's idle clock: the state it tells, the countdown of a
 * warning, and what the tab says back (input, "Keep running", documents saved). It
 * reconnects after a drop, waiting twice as long after each failure (up to a minute).
 */
export class IdleClient implements IDisposable {
  constructor(options: IdleClient.IOptions = {}) {
    this._settings = options.serverSettings ?? ServerConnection.makeSettings();
    this._now = options.now ?? Date.now;
    this._connect();
  }

  /** The last state the server told; null before the first. */
  get state(): IIdleState | null {
    return this._state;
  }

  /** The state changed, or the countdown ticked. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Seconds left in the warning, by the server's clock; null outside a warning. */
  get countdown(): number | null {
    const ends = this._state?.phase === 'warning' ? this._state.warningEndsAt : null;
    if (ends === null) {
      return null;
    }
    const serverNow = this._now() + this._offsetMs;
    return Math.max(0, Math.ceil((Date.parse(ends) - serverNow) / 1000));
  }

  /** The idle limit in force, in minutes; 0 when off. */
  get minutes(): number {
    return this._state?.idleLimitMinutes ?? 0;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The person did something in this tab, `secondsAgo` seconds ago. */
  reportActivity(secondsAgo: number): void {
    this._send({ type: 'activity', secondsAgo });
  }

  /** Call off the warning in every tab. */
  keepRunning(): void {
    this._send({ type: 'keep-running' });
  }

  /** This tab has saved its documents, as the server asked. */
  saved(): void {
    this._send({ type: 'saved' });
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._clearTicker();
    if (this._retry !== null) {
      clearTimeout(this._retry);
    }
    this._socket?.close();
    Signal.clearData(this);
  }

  private _connect(): void {
    const { appendToken, token, WebSocket, wsUrl } = this._settings;
    let url = URLExt.join(wsUrl, IDLE_SOCKET_PATH);
    // As Lab's own sockets do: only where the page's cookie does not reach the server.
    if (appendToken && token !== '') {
      url += `?token=${encodeURIComponent(token)}`;
    }
    const socket = new WebSocket(url);
    this._socket = socket;
    socket.onopen = () => {
      this._retryMs = FIRST_RETRY_MS;
    };
    socket.onmessage = event => this._receive(event.data);
    socket.onclose = () => {
      this._socket = null;
      if (!this._isDisposed) {
        this._retry = setTimeout(() => {
          this._retry = null;
          this._connect();
        }, this._retryMs);
        this._retryMs = Math.min(this._retryMs * 2, LAST_RETRY_MS);
      }
    };
  }

  private _receive(data: unknown): void {
    let message: IIdleState;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (message?.type !== 'state') {
      return;
    }
    this._offsetMs = Date.parse(message.serverTime) - this._now();
    this._state = message;
    this._clearTicker();
    if (message.phase === 'warning') {
      this._ticker = setInterval(() => this._changed.emit(), 1000);
    }
    this._changed.emit();
  }

  private _send(message: IdleClient.Message): void {
    if (this._socket?.readyState === WebSocket.OPEN) {
      this._socket.send(JSON.stringify(message));
    }
  }

  private _clearTicker(): void {
    if (this._ticker !== null) {
      clearInterval(this._ticker);
      this._ticker = null;
    }
  }

  private _settings: ServerConnection.ISettings;
  private _now: () => number;
  private _socket: WebSocket | null = null;
  private _state: IIdleState | null = null;
  private _offsetMs = 0;
  private _ticker: ReturnType<typeof setInterval> | null = null;
  private _retry: ReturnType<typeof setTimeout> | null = null;
  private _retryMs = FIRST_RETRY_MS;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}

export namespace IdleClient {
  /** What a tab says to the server (jupyterlab_qbraid/idle/service.py reads it). */
  export type Message =
    | { type: 'activity'; secondsAgo: number }
    | { type: 'keep-running' }
    | { type: 'saved' };

  export interface IOptions {
    serverSettings?: ServerConnection.ISettings;
    now?: () => number;
  }
}
