import { Dialog } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';

import { IdleClient } from '../instance/idleClient';
import { showIdleCountdown } from '../instance/idleCountdown';
import { NoticeBanner } from '../notices/NoticeBanner';
import { NoticesModel } from '../notices/model';
import { showMustSeeDialog } from '../notices/mustSeeDialog';
import { INoticeItem } from '../tokens';
import { FakeSocket, lastSocket, socketSettings, warning } from './idleSockets';

const trans = nullTranslator.load('jupyterlab_qbraid');

function item(overrides: Partial<INoticeItem> = {}): INoticeItem {
  return {
    id: 'n-1',
    level: 'warning',
    message: 'qBraid key …abcd is in the code of cell 1',
    actions: [],
    mustSee: false,
    ...overrides
  };
}

describe('NoticeBanner', () => {
  it('draws nothing without notices', () => {
    const { container } = render(
      <NoticeBanner items={[]} onAct={jest.fn()} onDismiss={jest.fn()} trans={trans} />
    );
    expect(container.innerHTML).toBe('');
  });

  it('shows each notice with its actions; an action and Dismiss name their notice', () => {
    const onAct = jest.fn();
    const onDismiss = jest.fn();
    const replace = {
      label: 'Replace with environment variable',
      caption: 'Read the key from QBRAID_API_KEY',
      callback: jest.fn()
    };
    render(
      <NoticeBanner
        items={[
          item({ actions: [replace] }),
          item({ id: 'n-2', level: 'error', message: 'Not saved' })
        ]}
        onAct={onAct}
        onDismiss={onDismiss}
        trans={trans}
      />
    );

    expect(screen.getByRole('list', { name: 'qBraid notices' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Not saved');
    const action = screen.getByRole('button', { name: replace.label });
    expect(action.getAttribute('title')).toBe(replace.caption);
    fireEvent.click(action);
    expect(onAct).toHaveBeenCalledWith('n-1', replace);
    expect(replace.callback).not.toHaveBeenCalled();

    fireEvent.click(screen.getAllByRole('button', { name: 'Dismiss' })[1]);
    expect(onDismiss).toHaveBeenCalledWith('n-2');
  });
});

describe('the idle countdown without Lab’s notifications', () => {
  let watch: IdleClient;
  let socket: FakeSocket;
  let notices: NoticesModel;

  beforeEach(() => {
    jest.useFakeTimers();
    FakeSocket.made = [];
    watch = new IdleClient({ serverSettings: socketSettings() });
    socket = lastSocket();
    socket.open();
    notices = new NoticesModel({ surface: 'own' });
  });

  afterEach(async () => {
    watch.dispose();
    notices.dispose();
    await act(async () => Dialog.flush());
    jest.useRealTimers();
  });

  it('is one must-see notice with "Keep running", updated as it ticks', () => {
    showIdleCountdown(watch, trans, notices);
    socket.tell({ ...warning(60), idleLimitMinutes: 1 });

    jest.advanceTimersByTime(2_000);

    expect(notices.items).toHaveLength(1);
    const [countdown] = notices.items;
    expect(countdown.mustSee).toBe(true);
    expect(countdown.message).toContain('Idle for 1 minute: ');
    expect(countdown.message).toContain('stops in 58 s');
    expect(countdown.actions.map(action => action.label)).toEqual(['Keep running']);

    notices.act(countdown.id, countdown.actions[0]);
    expect(socket.sent).toEqual([{ type: 'keep-running' }]);
    expect(notices.items).toEqual([]);
  });

  it('shows as a dialog that ticks, and "Keep running" in it asks the server', async () => {
    showIdleCountdown(watch, trans, notices);
    socket.tell(warning(60));

    const shown = showMustSeeDialog(notices, notices.items[0], trans);
    await act(async () => {
      await Promise.resolve();
    });
    const dialog = document.querySelector('.jp-qbraid-MustSee') as HTMLElement;
    expect(dialog).toBeTruthy();
    // No close button: only its action or the notice going away closes it.
    expect(dialog.querySelector('.jp-Dialog-close-button')).toBeNull();
    await act(async () => {
      jest.advanceTimersByTime(1_000);
    });
    expect(dialog.textContent).toContain('stops in 59 s');

    const keep = Array.from(dialog.querySelectorAll('button')).find(
      button => button.textContent === 'Keep running'
    )!;
    await act(async () => {
      fireEvent.click(keep);
      await shown;
    });

    expect(socket.sent).toEqual([{ type: 'keep-running' }]);
    expect(notices.items).toEqual([]);
    expect(document.querySelector('.jp-qbraid-MustSee')).toBeNull();
  });

  it('the dialog goes when another tab keeps the instance running', async () => {
    showIdleCountdown(watch, trans, notices);
    socket.tell(warning(60));
    const shown = showMustSeeDialog(notices, notices.items[0], trans);
    await act(async () => {
      await Promise.resolve();
    });
    expect(document.querySelector('.jp-qbraid-MustSee')).toBeTruthy();

    await act(async () => {
      socket.tell({ phase: 'running' });
      await shown;
    });

    expect(document.querySelector('.jp-qbraid-MustSee')).toBeNull();
  });
});
