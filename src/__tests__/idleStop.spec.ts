import { nullTranslator } from '@jupyterlab/translation';

import { IdleClient } from '../instance/idleClient';
import { startIdleStop } from '../instance/idleStop';
import { IUnsavedDocument } from '../instance/unsavedDocuments';
import { NoticesModel } from '../notices/model';
import { FakeInstance } from './fixtures';
import {
  FakeSocket,
  idleState,
  lastSocket,
  socketSettings,
  warning
} from './idleSockets';

const trans = nullTranslator.load('jupyterlab_qbraid');

let instance: FakeInstance;
let notices: NoticesModel;
let unsaved: IUnsavedDocument[];
let calls: string[];
let client: IdleClient;
let socket: FakeSocket;

function document_(path: string, save?: () => Promise<void>): IUnsavedDocument {
  return {
    path,
    save: jest.fn(async () => {
      calls.push(`save ${path}`);
      await save?.();
    })
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

beforeEach(() => {
  jest.useFakeTimers();
  FakeSocket.made = [];
  instance = new FakeInstance();
  notices = new NoticesModel({ surface: 'own' });
  unsaved = [];
  calls = [];
  client = startIdleStop(instance, () => unsaved, trans, notices, socketSettings());
  socket = lastSocket();
  socket.open();
});

afterEach(() => {
  client.dispose();
  notices.dispose();
  jest.useRealTimers();
});

describe('startIdleStop', () => {
  it('gives the instance the server’s next stop', () => {
    socket.tell({ nextStopAt: '2026-11-29T11:00:00.000Z' });
    expect(instance.nextStopAt).toBe('2026-11-29T11:00:00.000Z');
    socket.tell({ idleLimitMinutes: null, nextStopAt: null });
    expect(instance.nextStopAt).toBeNull();
  });

  it('shows the server’s warning with "Keep running", for every tab', () => {
    socket.tell(warning(60));
    expect(notices.items).toHaveLength(1);
    const [countdown] = notices.items;
    expect(countdown.mustSee).toBe(true);
    expect(countdown.message).toBe(
      'Idle for 30 minutes: the qBraid instance stops in 60 s. Documents are saved first.'
    );
    notices.act(countdown.id, countdown.actions[0]);
    expect(socket.sent).toEqual([{ type: 'keep-running' }]);
  });

  it('shows the next warning after "Keep running", even with no "runs on" in between', () => {
    socket.tell(warning(60));
    const [first] = notices.items;
    notices.act(first.id, first.actions[0]);
    expect(notices.items).toEqual([]);

    socket.tell(warning(60));

    expect(notices.items).toHaveLength(1);
    expect(notices.items[0].id).not.toBe(first.id);
    expect(notices.items[0].message).toContain('stops in 60 s');
  });

  it('takes the warning away when the server says the instance runs on', () => {
    socket.tell(warning(60));
    socket.tell({ phase: 'running' });
    expect(notices.items).toEqual([]);
  });

  it('tells the server of input at once while warning', () => {
    socket.tell(warning(60));
    document.dispatchEvent(new Event('keydown'));
    document.dispatchEvent(new Event('keydown'));
    expect(socket.sent).toEqual([
      { type: 'activity', secondsAgo: 0 },
      { type: 'activity', secondsAgo: 0 }
    ]);
  });

  it('saves every unsaved document when the server asks, then says so, once', async () => {
    unsaved = [document_('work/bell.ipynb'), document_('notes.md')];
    socket.tell(warning(60));
    socket.tell({ phase: 'saving' });
    socket.tell({ phase: 'saving' });
    await settle();
    expect(calls).toEqual(['save work/bell.ipynb', 'save notes.md']);
    expect(socket.sent).toEqual([{ type: 'saved' }]);
    expect(notices.items).toEqual([]);
  });

  it('keeps the instance running when a document cannot be saved', async () => {
    unsaved = [
      document_('notes.md', () => Promise.reject(new Error('read-only file')))
    ];
    socket.tell({ phase: 'saving' });
    await settle();
    expect(socket.sent).toEqual([{ type: 'keep-running' }]);
    expect(notices.items.map(item => item.message)).toEqual([
      'notes.md could not be saved (read-only file), so the instance was not stopped.'
    ]);
  });

  it('saves again at the next idle stop', async () => {
    unsaved = [document_('notes.md')];
    socket.tell({ phase: 'saving' });
    await settle();
    socket.tell(idleState());
    socket.tell({ phase: 'saving' });
    await settle();
    expect(calls).toEqual(['save notes.md', 'save notes.md']);
  });

  it('lets go of the server once the instance has stopped', () => {
    instance.phase = 'stopped';
    instance.emit();
    expect(socket.readyState).toBe(3);
    jest.advanceTimersByTime(120000);
    expect(FakeSocket.made).toHaveLength(1);
    document.dispatchEvent(new Event('keydown'));
    expect(socket.sent).toEqual([]);
  });
});
