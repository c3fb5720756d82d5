import { IdleClient } from '../instance/idleClient';
import {
  FakeSocket,
  SERVER_TIME,
  idleState,
  lastSocket,
  socketSettings,
  warning
} from './idleSockets';

let client: IdleClient;

beforeEach(() => {
  jest.useFakeTimers();
  FakeSocket.made = [];
});

afterEach(() => {
  client?.dispose();
  jest.useRealTimers();
});

function connect(): FakeSocket {
  client = new IdleClient({ serverSettings: socketSettings() });
  const socket = lastSocket();
  socket.open();
  return socket;
}

describe('IdleClient', () => {
  it('opens the idle socket under the server’s base URL', () => {
    connect();
    expect(lastSocket().url).toBe(
      'ws://lab.example/user/demo/jupyterlab-qbraid/idle/socket'
    );
  });

  it('keeps what the server says, and says it changed', () => {
    const socket = connect();
    const changed = jest.fn();
    client.changed.connect(changed);
    expect(client.state).toBeNull();
    expect(client.minutes).toBe(0);

    socket.tell({ idleLimitMinutes: 45 });

    expect(client.state).toEqual(idleState({ idleLimitMinutes: 45 }));
    expect(client.minutes).toBe(45);
    expect(client.countdown).toBeNull();
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('counts a warning down by the server’s clock, whatever this machine’s says', () => {
    // This machine is an hour ahead of the server.
    jest.setSystemTime(Date.parse(SERVER_TIME) + 60 * 60 * 1000);
    const socket = connect();
    const changed = jest.fn();
    client.changed.connect(changed);

    socket.tell(warning(60));
    expect(client.countdown).toBe(60);
    jest.advanceTimersByTime(2000);
    expect(client.countdown).toBe(58);
    // It ticks each second while the warning lasts, and only then.
    expect(changed).toHaveBeenCalledTimes(3);
    socket.tell({ phase: 'running' });
    jest.advanceTimersByTime(5000);
    expect(client.countdown).toBeNull();
    expect(changed).toHaveBeenCalledTimes(4);
  });

  it('sends activity, keep-running and saved while connected, nothing otherwise', () => {
    client = new IdleClient({ serverSettings: socketSettings() });
    const socket = lastSocket();
    client.reportActivity(0);
    socket.open();
    client.reportActivity(12.5);
    client.keepRunning();
    client.saved();
    expect(socket.sent).toEqual([
      { type: 'activity', secondsAgo: 12.5 },
      { type: 'keep-running' },
      { type: 'saved' }
    ]);
  });

  it('ignores what is not a state message', () => {
    const socket = connect();
    socket.onmessage?.({ data: 'not json' });
    socket.onmessage?.({ data: JSON.stringify({ type: 'other' }) });
    expect(client.state).toBeNull();
  });

  it('reconnects after a drop, waiting longer after each failure, up to a minute', () => {
    connect().drop();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = FakeSocket.made.length;
      let waited = 0;
      while (FakeSocket.made.length === before) {
        jest.advanceTimersByTime(500);
        waited += 500;
      }
      waits.push(waited);
      lastSocket().drop();
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    // Connected again: the next drop starts from a second.
    jest.advanceTimersByTime(60000);
    lastSocket().open();
    lastSocket().drop();
    const before = FakeSocket.made.length;
    jest.advanceTimersByTime(1000);
    expect(FakeSocket.made.length).toBe(before + 1);
  });

  it('closes for good once disposed', () => {
    const socket = connect();
    client.dispose();
    expect(socket.readyState).toBe(3);
    jest.advanceTimersByTime(120000);
    expect(FakeSocket.made).toHaveLength(1);
  });
});
