import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { act, waitFor } from '@testing-library/react';

import { QbraidStatusItem } from '../account/statusItem';
import { NoticesModel } from '../notices/model';
import { QbraidPanel } from '../panel/panel';
import { FakeAccount, FakeInstance, FakeKernels, FakeKeys } from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

async function inAct(change: () => void): Promise<void> {
  await act(async () => {
    change();
  });
}

function panelWith(notices: NoticesModel): QbraidPanel {
  return new QbraidPanel(
    trans,
    Promise.resolve({
      account: new FakeAccount(),
      keys: new FakeKeys(),
      kernels: new FakeKernels(),
      instance: new FakeInstance(),
      notices,
      stopInstance: jest.fn(),
      scanFiles: jest.fn(),
      accountUrl: () => null,
      state: null,
      trans
    })
  );
}

describe('the panel’s banner', () => {
  it('shows the notices above the sections, with their actions, where Lab’s are off', async () => {
    const notices = new NoticesModel({ surface: 'own' });
    const panel = panelWith(notices);
    await inAct(() => Widget.attach(panel, document.body));
    const callback = jest.fn();

    await inAct(() => {
      notices.warning('qBraid key …abcd is in the code of cell 1', {
        actions: [{ label: 'Replace with environment variable', callback }]
      });
    });

    await waitFor(() =>
      expect(panel.header.node.textContent).toContain('is in the code of cell 1')
    );
    const button = Array.from(panel.header.node.querySelectorAll('button')).find(
      node => node.textContent === 'Replace with environment variable'
    )!;
    await inAct(() => button.click());
    expect(callback).toHaveBeenCalledTimes(1);
    expect(panel.header.node.textContent).not.toContain('is in the code of cell 1');
    await inAct(() => panel.dispose());
  });

  it('is not there where Lab’s notifications show the notices', async () => {
    const panel = panelWith(new NoticesModel({ surface: 'lab' }));
    await inAct(() => Widget.attach(panel, document.body));
    await inAct(() => panel.ready);

    // The title and the overview, no banner.
    expect(panel.header.widgets).toHaveLength(2);
    expect(panel.header.node.querySelector('.jp-qbraid-NoticeBanner')).toBeNull();
    await inAct(() => panel.dispose());
  });
});

describe('the status item with notices in its own surfaces', () => {
  it('counts them by their most pressing level and gives the newest in its title', async () => {
    const notices = new NoticesModel({ surface: 'own' });
    const item = new QbraidStatusItem(
      new FakeAccount(),
      trans,
      jest.fn(),
      null,
      notices
    );
    await inAct(() => Widget.attach(item, document.body));
    const count = () => item.node.querySelector('.jp-qbraid-StatusItem-notices');
    expect(count()).toBeNull();

    await inAct(() => {
      notices.warning('Key in cell 1');
      notices.info('Injected');
    });

    expect(count()!.textContent).toBe('2 notices');
    expect(count()!.classList).toContain('jp-qbraid-mod-warning');
    expect(item.node.querySelector('button')!.title).toContain(
      '2 qBraid notices in the panel; the newest: Injected'
    );
    await inAct(() => item.dispose());
    notices.dispose();
  });
});
