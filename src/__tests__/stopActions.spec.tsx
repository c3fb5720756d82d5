import { Dialog, Notification } from '@jupyterlab/apputils';
import { acceptDialog, dismissDialog } from '@jupyterlab/testing';
import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';

import { QbraidApiError } from '../api';
import { formatCredits } from '../shared/format';
import { IUnsavedDocument } from '../instance/unsavedDocuments';
import { StopActions } from '../instance/stopActions';
import {
  apiError,
  FakeInstance,
  HUB_HOME_URL,
  instanceInfo,
  LINKS,
  onDemandInfo,
  section,
  standaloneInfo,
  subscriptionInfo,
  labNotices
} from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');
const TITLE = 'Stop qBraid instance?';

let instance: FakeInstance;
let unsaved: IUnsavedDocument[];
/** Every save and stop, in the order they happened. */
let calls: string[];
let actions: StopActions;
let error: jest.SpyInstance;
let assign: jest.Mock;
let locationDescriptor: PropertyDescriptor;

const started: Promise<unknown>[] = [];

/** Start a flow; if a test fails before it ends, afterEach still settles it. */
function start(flow: Promise<void>): Promise<void> {
  started.push(flow.catch(() => undefined));
  return flow;
}

/** An unsaved document whose save is recorded in `calls`. */
function document_(path: string, save?: () => Promise<void>): IUnsavedDocument {
  return {
    path,
    save: jest.fn(async () => {
      calls.push(`save ${path}`);
      await save?.();
    })
  };
}

beforeAll(() => {
  // jsdom's location cannot be spied on: put a stand-in in its place.
  locationDescriptor = Object.getOwnPropertyDescriptor(window, 'location')!;
});

beforeEach(() => {
  calls = [];
  instance = new FakeInstance();
  instance.info = section({ data: instanceInfo(), updatedAt: new Date() });
  instance.hubHomeUrl = HUB_HOME_URL;
  // Like the model: the phase moves to stopping, then stopped, each time announced.
  instance.stop.mockImplementation(async () => {
    calls.push('stop');
    instance.phase = 'stopping';
    instance.emit();
    await Promise.resolve();
    instance.phase = 'stopped';
    instance.emit();
  });
  unsaved = [];
  actions = new StopActions(
    instance,
    () => unsaved,
    trans,
    labNotices(),
    () => LINKS.account
  );
  error = jest.spyOn(Notification, 'error').mockReturnValue('');
  assign = jest.fn();
  Object.defineProperty(window, 'location', {
    configurable: true,
    value: { ...window.location, href: 'http://localhost/user/ada/lab', assign }
  });
});

afterEach(async () => {
  await act(async () => Dialog.flush());
  await Promise.all(started.splice(0));
  Object.defineProperty(window, 'location', locationDescriptor);
  for (const page of Array.from(
    document.body.querySelectorAll('.jp-qbraid-StopPage')
  )) {
    page.remove();
  }
  jest.restoreAllMocks();
});

/** The open stop dialog, once its body has rendered. */
async function stopDialog(): Promise<HTMLElement> {
  const heading = await screen.findByText(TITLE, { selector: '.jp-Dialog-header' });
  const dialog = heading.closest('.jp-Dialog') as HTMLElement;
  await waitFor(() =>
    expect(dialog.querySelector('.jp-qbraid-StopConfirmation p')).not.toBeNull()
  );
  return dialog;
}

const buttonLabels = (dialog: HTMLElement) =>
  Array.from(dialog.querySelectorAll('.jp-Dialog-footer button')).map(
    button => button.textContent
  );

async function press(dialog: HTMLElement, label: string): Promise<void> {
  const buttons = Array.from(
    dialog.querySelectorAll<HTMLButtonElement>('.jp-Dialog-footer button')
  ).filter(button => button.textContent === label);
  expect(buttons).toHaveLength(1);
  await act(async () => {
    fireEvent.click(buttons[0]);
  });
}

const openDialogs = () => document.body.querySelectorAll('.jp-Dialog').length;
const stopPage = () => document.body.querySelector<HTMLElement>('.jp-qbraid-StopPage');

async function finished(flow: Promise<void>): Promise<void> {
  await act(async () => {
    await flow;
  });
  expect(openDialogs()).toBe(0);
}

describe('StopActions.confirmAndStop', () => {
  it('offers Cancel and Stop when nothing is unsaved; Stop stops', async () => {
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    expect(buttonLabels(dialog)).toEqual(['Cancel', 'Stop']);
    expect(dialog.querySelector('.jp-qbraid-UnsavedList')).toBeNull();
    expect(calls).toEqual([]);

    await press(dialog, 'Stop');
    await finished(flow);

    expect(instance.stop).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(['stop']);
    expect(error).not.toHaveBeenCalled();
  });

  it.each([
    ['a stop under the hub does', null, ['JupyterHub stops this Lab server'], []],
    [
      'a standalone stop does',
      standaloneInfo(),
      ['The Jupyter server shuts down'],
      ['JupyterHub']
    ],
    [
      'stopping a subscription server does',
      subscriptionInfo(),
      ['qBraid stops your subscription server', 'your compute hours stop counting'],
      ['storage']
    ],
    [
      'stopping an on-demand instance does: its disk keeps billing storage, at its rate',
      onDemandInfo(),
      [
        'qBraid stops this on-demand instance',
        `Its disk is kept and keeps billing storage at ${formatCredits(0.02)} credits per minute until you terminate the instance on the account page.`
      ],
      []
    ],
    [
      'stopping an on-demand instance does, even when its storage rate is unknown',
      onDemandInfo({ stoppedCreditsPerMin: null }),
      [
        'Its disk is kept and keeps billing storage until you terminate the instance on the account page.'
      ],
      []
    ]
  ])('explains what %s', async (_, info, said, unsaid) => {
    if (info) {
      instance.info = section({ data: info, updatedAt: new Date() });
    }
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    const text = dialog.querySelector('.jp-qbraid-StopConfirmation')!.textContent;
    for (const words of said) {
      expect(text).toContain(words);
    }
    for (const words of unsaid) {
      expect(text).not.toContain(words);
    }

    await press(dialog, 'Cancel');
    await finished(flow);
  });

  it('asks nothing and stops nothing where an on-demand instance cannot stop, saying why', async () => {
    const warning = jest.spyOn(Notification, 'warning').mockReturnValue('');
    instance.info = section({
      data: onDemandInfo({ supportsStop: false }),
      updatedAt: new Date()
    });

    await finished(actions.confirmAndStop());

    expect(instance.stop).not.toHaveBeenCalled();
    expect(warning).toHaveBeenCalledWith(
      'This on-demand instance cannot be stopped, only terminated, on the account page.',
      { autoClose: false }
    );
  });

  it('learns how Lab runs before asking, when it does not know yet', async () => {
    instance.info = section();
    instance.refresh.mockImplementation(async () => {
      instance.info = section({ data: standaloneInfo(), updatedAt: new Date() });
    });
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    expect(instance.refresh).toHaveBeenCalledTimes(1);
    expect(dialog.querySelector('.jp-qbraid-StopConfirmation')!.textContent).toContain(
      'The Jupyter server shuts down'
    );

    await press(dialog, 'Cancel');
    await finished(flow);
  });

  it('lists the unsaved documents by path and offers to save them', async () => {
    unsaved = [document_('work/bell.ipynb'), document_('notes.md')];
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    expect(buttonLabels(dialog)).toEqual([
      'Cancel',
      'Stop without saving',
      'Save all and stop'
    ]);
    expect(within(dialog).getByText('2 documents have unsaved changes:')).toBeTruthy();
    expect(
      Array.from(dialog.querySelectorAll('.jp-qbraid-UnsavedList li code')).map(
        code => code.textContent
      )
    ).toEqual(['work/bell.ipynb', 'notes.md']);

    await press(dialog, 'Cancel');
    await finished(flow);
  });

  it('says "One document" for a single unsaved document', async () => {
    unsaved = [document_('work/bell.ipynb')];
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    expect(within(dialog).getByText('One document has unsaved changes:')).toBeTruthy();

    await press(dialog, 'Cancel');
    await finished(flow);
  });

  it('"Save all and stop" saves each document, then stops', async () => {
    unsaved = [document_('work/bell.ipynb'), document_('notes.md')];
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    await press(dialog, 'Save all and stop');
    await finished(flow);

    expect(calls).toEqual(['save work/bell.ipynb', 'save notes.md', 'stop']);
    expect(error).not.toHaveBeenCalled();
  });

  it('"Stop without saving" stops without saving anything', async () => {
    unsaved = [document_('work/bell.ipynb'), document_('notes.md')];
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    await press(dialog, 'Stop without saving');
    await finished(flow);

    expect(calls).toEqual(['stop']);
    for (const document of unsaved) {
      expect(document.save).not.toHaveBeenCalled();
    }
  });

  it.each([
    ['Cancel', (dialog: HTMLElement) => press(dialog, 'Cancel')],
    ['Escape', () => act(() => dismissDialog())]
  ])('does nothing on %s', async (_, close) => {
    unsaved = [document_('work/bell.ipynb')];
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    await close(dialog);
    await finished(flow);

    expect(calls).toEqual([]);
    expect(instance.stop).not.toHaveBeenCalled();
    expect(stopPage()).toBeNull();
    expect(assign).not.toHaveBeenCalled();
  });

  it('does not stop on Enter when nothing is unsaved: Cancel is the default', async () => {
    const flow = start(actions.confirmAndStop());
    await stopDialog();

    await act(() => acceptDialog());
    await finished(flow);

    expect(instance.stop).not.toHaveBeenCalled();
  });

  it('neither saves nor stops on Enter when documents are unsaved', async () => {
    unsaved = [document_('notes.md')];
    const flow = start(actions.confirmAndStop());
    await stopDialog();

    await act(() => acceptDialog());
    await finished(flow);

    expect(calls).toEqual([]);
    expect(instance.stop).not.toHaveBeenCalled();
  });

  it('does not stop when a save fails, and says which document and why', async () => {
    unsaved = [
      document_('work/bell.ipynb', () => Promise.reject(new Error('disk full'))),
      document_('notes.md')
    ];
    const flow = start(actions.confirmAndStop());
    const dialog = await stopDialog();

    await press(dialog, 'Save all and stop');
    await finished(flow);

    expect(calls).toEqual(['save work/bell.ipynb']);
    expect(unsaved[1].save).not.toHaveBeenCalled();
    expect(instance.stop).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith(
      'work/bell.ipynb could not be saved (disk full), so the instance was not stopped.',
      { autoClose: false }
    );
    expect(stopPage()).toBeNull();
  });

  it('covers Lab while stopping, then says where to start again', async () => {
    let finishStop!: () => void;
    instance.stop.mockImplementation(async () => {
      instance.phase = 'stopping';
      instance.emit();
      await new Promise<void>(resolve => (finishStop = resolve));
      instance.phase = 'stopped';
      instance.emit();
    });
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');

    await waitFor(() => expect(stopPage()?.textContent).toContain('Stopping…'));
    expect(stopPage()!.getAttribute('role')).toBe('alertdialog');
    expect(assign).not.toHaveBeenCalled();

    await act(async () => finishStop());
    await finished(flow);

    await waitFor(() =>
      expect(stopPage()!.textContent).toContain('The instance is stopped')
    );
    expect(stopPage()!.querySelector('a')!.getAttribute('href')).toBe(HUB_HOME_URL);
  });

  it('under the hub, takes the person to the hub home page once stopped', async () => {
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');
    await finished(flow);

    expect(assign).toHaveBeenCalledTimes(1);
    expect(assign).toHaveBeenCalledWith(HUB_HOME_URL);
    expect(instance.stop.mock.invocationCallOrder[0]).toBeLessThan(
      assign.mock.invocationCallOrder[0]
    );
  });

  it('standalone, stays on the page and says the server is stopped', async () => {
    instance.info = section({ data: standaloneInfo(), updatedAt: new Date() });
    instance.hubHomeUrl = null;
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');
    await finished(flow);

    expect(assign).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(stopPage()!.textContent).toContain('The server is stopped')
    );
    expect(stopPage()!.textContent).toContain('jupyter lab');
  });

  it('on-demand without a hub, takes the person to the account page', async () => {
    instance.info = section({
      data: onDemandInfo({ mode: 'standalone' }),
      updatedAt: new Date()
    });
    instance.hubHomeUrl = null;
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');
    await finished(flow);

    expect(assign).toHaveBeenCalledWith(LINKS.account);
    await waitFor(() =>
      expect(stopPage()!.textContent).toContain(
        'Taking you to the account page, where you can start it again'
      )
    );
    expect(stopPage()!.querySelector('a')!.getAttribute('href')).toBe(LINKS.account);
  });

  it('on a qBraid platform pod under the hub, says from the start that the account page is where it starts again, then goes there', async () => {
    instance.info = section({ data: subscriptionInfo(), updatedAt: new Date() });
    let finishStop!: () => void;
    instance.stop.mockImplementation(async () => {
      instance.phase = 'stopping';
      instance.stopStep = 'asking';
      instance.emit();
      await new Promise<void>(resolve => (finishStop = resolve));
      instance.phase = 'stopped';
      instance.stopStep = null;
      instance.emit();
    });
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');

    await waitFor(() =>
      expect(stopPage()?.textContent).toContain(
        'Start it again afterwards from the account page'
      )
    );
    expect(stopPage()!.querySelector('a')!.getAttribute('href')).toBe(LINKS.account);
    await act(async () => finishStop());
    await finished(flow);

    expect(assign).toHaveBeenCalledTimes(1);
    expect(assign).toHaveBeenCalledWith(LINKS.account);
  });

  it('on a platform pod whose account page is unknown, goes to the hub home page', async () => {
    instance.info = section({ data: subscriptionInfo(), updatedAt: new Date() });
    actions = new StopActions(
      instance,
      () => unsaved,
      trans,
      labNotices(),
      () => null
    );
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');
    await finished(flow);

    expect(assign).toHaveBeenCalledWith(HUB_HOME_URL);
  });

  it('shows each step of the stop as it happens', async () => {
    const steps = () =>
      Array.from(stopPage()!.querySelectorAll('.jp-qbraid-StopStep')).map(step =>
        [
          step.classList.contains('jp-mod-done')
            ? 'done'
            : step.classList.contains('jp-mod-current')
              ? 'current'
              : 'pending',
          step.textContent
        ].join(': ')
      );
    const next: (() => void)[] = [];
    const step = async (name: 'asking' | 'ending' | 'confirming') => {
      instance.stopStep = name;
      instance.emit();
      await new Promise<void>(resolve => next.push(resolve));
    };
    instance.stop.mockImplementation(async () => {
      instance.phase = 'stopping';
      await step('asking');
      await step('ending');
      await step('confirming');
      instance.phase = 'stopped';
      instance.stopStep = null;
      instance.emit();
    });
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');

    await waitFor(() =>
      expect(steps()).toEqual([
        'current: Ask JupyterHub to stop this server (under way)',
        'pending: Wait for the server to end its kernels and terminals ',
        'pending: Wait for the hub to report the server stopped '
      ])
    );
    expect(stopPage()!.querySelector('[aria-current="step"]')!.textContent).toContain(
      'Ask JupyterHub'
    );
    await act(async () => next.shift()!());
    await waitFor(() =>
      expect(steps()).toEqual([
        'done: Ask JupyterHub to stop this server (done)',
        'current: Wait for the server to end its kernels and terminals (under way)',
        'pending: Wait for the hub to report the server stopped '
      ])
    );
    await act(async () => next.shift()!());
    await waitFor(() =>
      expect(steps()).toEqual([
        'done: Ask JupyterHub to stop this server (done)',
        'done: Wait for the server to end its kernels and terminals (done)',
        'current: Wait for the hub to report the server stopped (under way)'
      ])
    );
    expect(assign).not.toHaveBeenCalled();
    await act(async () => next.shift()!());
    await finished(flow);

    expect(assign).toHaveBeenCalledWith(HUB_HOME_URL);
  });

  it('tells the model a person asked for the stop', async () => {
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');
    await finished(flow);

    expect(instance.stop).toHaveBeenCalledWith({ by: 'person' });
  });

  it('shows a failed stop’s code and says it keeps running, each once', async () => {
    instance.stop.mockImplementation(async () => {
      throw new QbraidApiError(
        apiError(
          'rejected',
          'qBraid refused the request (400 BAD_STATE: Instance not running). The instance keeps running.',
          400,
          null,
          'BAD_STATE'
        ),
        200
      );
    });
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');
    await finished(flow);

    expect(error).toHaveBeenCalledWith(
      'The instance was not stopped: qBraid refused the request (400 BAD_STATE: Instance not running). The instance keeps running.',
      { autoClose: false }
    );
  });

  it('on a failed stop, removes the cover and shows why, keeping the instance', async () => {
    instance.stop.mockImplementation(async () => {
      instance.phase = 'stopping';
      instance.emit();
      instance.phase = 'failed';
      instance.emit();
      throw new QbraidApiError(
        apiError('rejected', 'JupyterHub refused to stop the server (403).', 403),
        200
      );
    });
    const flow = start(actions.confirmAndStop());
    await press(await stopDialog(), 'Stop');
    await finished(flow);

    expect(instance.stop).toHaveBeenCalledTimes(1);
    expect(stopPage()).toBeNull();
    expect(error).toHaveBeenCalledWith(
      'The instance was not stopped and keeps running: JupyterHub refused to stop the server (403).',
      { autoClose: false }
    );
    expect(assign).not.toHaveBeenCalled();
  });

  it.each(['stopping', 'stopped'] as const)(
    'asks nothing and does nothing while %s',
    async phase => {
      instance.phase = phase;

      await finished(actions.confirmAndStop());

      expect(instance.refresh).not.toHaveBeenCalled();
      expect(instance.stop).not.toHaveBeenCalled();
    }
  );
});
