import { ServerConnection } from '@jupyterlab/services';

import { IIdleState } from '../instance/idleClient';

export const SERVER_TIME = '2026-11-29T10:00:00.000Z';

/** A WebSocket the spec drives: `open()`, `tell()` a state, `drop()`; what was sent. */
export class FakeSocket {
  static readonly OPEN = 1;
  static made: FakeSocket[] = [];

  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }

  readyState = 0;
  sent: { type: string }[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;

  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }

  tell(state: Partial<IIdleState>): void {
    this.onmessage?.({ data: JSON.stringify(idleState(state)) });
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }

  close(): void {
    this.drop();
  }
}

/** The server's state message: running under a 30-minute limit unless told otherwise. */
export function idleState(overrides: Partial<IIdleState> = {}): IIdleState {
  return {
    type: 'state',
    phase: 'running',
    idleLimitMinutes: 30,
    lastActivityAt: SERVER_TIME,
    nextStopAt: '2026-11-29T10:31:00.000Z',
    warningEndsAt: null,
    serverTime: SERVER_TIME,
    ...overrides
  };
}

/** A warning that ends `seconds` after the server's time. */
export function warning(seconds = 60): Partial<IIdleState> {
  const ends = new Date(Date.parse(SERVER_TIME) + seconds * 1000).toISOString();
  return { phase: 'warning', warningEndsAt: ends, nextStopAt: ends };
}

export function socketSettings(): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl: 'http://lab.example/user/demo/',
    wsUrl: 'ws://lab.example/user/demo/',
    token: '',
    appendToken: false,
    WebSocket: FakeSocket as unknown as typeof WebSocket
  });
}

/** The socket the client opened last. */
export function lastSocket(): FakeSocket {
  return FakeSocket.made[FakeSocket.made.length - 1];
}
