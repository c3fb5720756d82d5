import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';

import { QbraidApiError } from '../api';
import { registerAccountCommands } from '../account/commands';
import { registerScanCommand } from '../guard/commands';
import { registerStopCommand } from '../instance/commands';
import { registerKernelCommands } from '../kernels/commands';
import { registerKeyCommands } from '../keys/commands';
import { KeyActions } from '../keys/keyActions';
import { registerPanelCommand } from '../panel/commands';
import { CommandIDs, IQbraidGuard, PANEL_ID } from '../tokens';
import {
  apiError,
  FakeAccount,
  FakeInstance,
  FakeKernels,
  FakeKeys,
  kernelsChange,
  labNotices
} from './fixtures';

// The dialogs are tested on their own (keyActions.spec.tsx); here only that the
// commands reach them, with the account and keys they were registered with.
jest.mock('../keys/keyActions');
const MockKeyActions = KeyActions as jest.MockedClass<typeof KeyActions>;

const trans = nullTranslator.load('jupyterlab_qbraid');
const notices = labNotices();

describe('the commands of each feature', () => {
  let commands: CommandRegistry;
  let activateById: jest.Mock;
  let account: FakeAccount;
  let keys: FakeKeys;
  let kernels: FakeKernels;
  let instance: FakeInstance;
  let stopInstance: jest.Mock<Promise<void>, []>;
  let notifyCommandChanged: jest.SpyInstance;
  let palette: { addItem: jest.Mock };

  beforeEach(() => {
    MockKeyActions.mockClear();
    commands = new CommandRegistry();
    activateById = jest.fn();
    account = new FakeAccount();
    keys = new FakeKeys();
    kernels = new FakeKernels();
    instance = new FakeInstance();
    stopInstance = jest.fn(() => Promise.resolve());
    notifyCommandChanged = jest.spyOn(commands, 'notifyCommandChanged');
    palette = { addItem: jest.fn() };
    // Only the parts the registrations touch, in the order the plugins activate.
    const app = { commands, shell: { activateById } } as unknown as JupyterFrontEnd;
    const withPalette = palette as unknown as ICommandPalette;
    registerAccountCommands(app, withPalette, account, trans);
    registerKeyCommands(app, withPalette, account, keys, trans, notices);
    registerKernelCommands(app, withPalette, account, kernels, trans, notices);
    registerStopCommand(app, withPalette, instance, stopInstance, trans);
    registerPanelCommand(app, withPalette, trans);
  });

  it('adds the palette commands with their labels', () => {
    expect(CommandIDs.openPanel).toBe('jupyterlab-qbraid:open-panel');
    expect(CommandIDs.refreshAccount).toBe('jupyterlab-qbraid:refresh-account');
    expect(CommandIDs.createKey).toBe('jupyterlab-qbraid:create-key');
    expect(CommandIDs.rotateKey).toBe('jupyterlab-qbraid:rotate-key');
    expect(CommandIDs.injectKey).toBe('jupyterlab-qbraid:inject-key');
    expect(CommandIDs.stopInstance).toBe('jupyterlab-qbraid:stop-instance');
    // The scan command comes with the leak guard, registered on its own; the guard
    // itself is only reached when the command runs, which this test does not do.
    registerScanCommand(
      { commands, shell: { activateById } } as unknown as JupyterFrontEnd,
      null,
      {} as IQbraidGuard,
      trans,
      notices
    );
    for (const id of Object.values(CommandIDs)) {
      expect(commands.hasCommand(id)).toBe(true);
    }
    expect(commands.label('jupyterlab-qbraid:open-panel')).toBe('Open qBraid panel');
    expect(commands.label('jupyterlab-qbraid:refresh-account')).toBe(
      'Refresh qBraid account'
    );
    expect(commands.label('jupyterlab-qbraid:create-key')).toBe(
      'Create qBraid API key'
    );
    expect(commands.label('jupyterlab-qbraid:rotate-key')).toBe(
      'Rotate active qBraid API key'
    );
    expect(commands.label('jupyterlab-qbraid:inject-key')).toBe(
      'Inject qBraid API key into kernels'
    );
    expect(commands.label('jupyterlab-qbraid:stop-instance')).toBe(
      'Stop qBraid instance'
    );
    expect(commands.caption('jupyterlab-qbraid:stop-instance')).toContain(
      'unsaved documents'
    );
    expect(commands.icon('jupyterlab-qbraid:stop-instance')).toBeTruthy();
    expect(commands.icon('jupyterlab-qbraid:open-panel')).toBeTruthy();
    expect(commands.icon('jupyterlab-qbraid:refresh-account')).toBeTruthy();
    expect(commands.icon('jupyterlab-qbraid:create-key')).toBeTruthy();
  });

  it('lists each command in the palette under qBraid', () => {
    expect(palette.addItem.mock.calls.map(([item]) => item)).toEqual(
      [
        'jupyterlab-qbraid:refresh-account',
        'jupyterlab-qbraid:create-key',
        'jupyterlab-qbraid:rotate-key',
        'jupyterlab-qbraid:inject-key',
        'jupyterlab-qbraid:stop-instance',
        'jupyterlab-qbraid:open-panel'
      ].map(command => ({ command, category: 'qBraid' }))
    );
  });

  it('opens the panel by activating its id', async () => {
    await commands.execute('jupyterlab-qbraid:open-panel');

    expect(activateById).toHaveBeenCalledWith(PANEL_ID);
    expect(account.refresh).not.toHaveBeenCalled();
  });

  it('refreshes the account and waits for it', async () => {
    let finished = false;
    account.refresh.mockImplementation(async () => {
      await Promise.resolve();
      finished = true;
    });

    await commands.execute('jupyterlab-qbraid:refresh-account');

    expect(account.refresh).toHaveBeenCalledTimes(1);
    expect(finished).toBe(true);
    expect(activateById).not.toHaveBeenCalled();
  });

  it('leaves opening and refreshing enabled whatever the account state', () => {
    for (const configured of [null, false, true]) {
      account.configured = configured;
      keys.busy = true;
      kernels.busy = true;
      expect(commands.isEnabled('jupyterlab-qbraid:open-panel')).toBe(true);
      expect(commands.isEnabled('jupyterlab-qbraid:refresh-account')).toBe(true);
    }
  });

  it.each(['jupyterlab-qbraid:create-key', 'jupyterlab-qbraid:rotate-key'])(
    'enables %s only with a configured account and no change running',
    id => {
      const cases: [boolean | null, boolean, boolean][] = [
        [null, false, false],
        [false, false, false],
        [true, false, true],
        [true, true, false],
        [false, true, false],
        [null, true, false]
      ];
      for (const [configured, busy, enabled] of cases) {
        account.configured = configured;
        keys.busy = busy;
        expect([configured, busy, commands.isEnabled(id)]).toEqual([
          configured,
          busy,
          enabled
        ]);
      }
    }
  );

  it('creates a key through KeyActions built with its account and keys', async () => {
    account.configured = true;

    await commands.execute('jupyterlab-qbraid:create-key');

    expect(MockKeyActions).toHaveBeenCalledTimes(1);
    expect(MockKeyActions).toHaveBeenCalledWith(account, keys, trans, notices);
    const actions = MockKeyActions.mock.instances[0];
    expect(actions.create).toHaveBeenCalledTimes(1);
    expect(actions.rotateActive).not.toHaveBeenCalled();
  });

  it('rotates the active key through KeyActions.rotateActive', async () => {
    account.configured = true;

    await commands.execute('jupyterlab-qbraid:rotate-key');

    expect(MockKeyActions).toHaveBeenCalledWith(account, keys, trans, notices);
    const actions = MockKeyActions.mock.instances[0];
    expect(actions.rotateActive).toHaveBeenCalledTimes(1);
    expect(actions.create).not.toHaveBeenCalled();
  });

  it('does not let a running kernel change disable the key commands', () => {
    account.configured = true;
    kernels.busy = true;

    expect(commands.isEnabled('jupyterlab-qbraid:create-key')).toBe(true);
    expect(commands.isEnabled('jupyterlab-qbraid:rotate-key')).toBe(true);
  });

  it('enables qbraid:inject-key only with a configured account and no kernel change running', () => {
    const cases: [boolean | null, boolean, boolean][] = [
      [null, false, false],
      [false, false, false],
      [true, false, true],
      [true, true, false],
      [false, true, false],
      [null, true, false]
    ];
    for (const [configured, busy, enabled] of cases) {
      account.configured = configured;
      kernels.busy = busy;
      expect([
        configured,
        busy,
        commands.isEnabled('jupyterlab-qbraid:inject-key')
      ]).toEqual([configured, busy, enabled]);
    }
  });

  it('leaves qbraid:inject-key enabled while a key change runs', () => {
    account.configured = true;
    keys.busy = true;

    expect(commands.isEnabled('jupyterlab-qbraid:inject-key')).toBe(true);
  });

  it('injects through the kernels model and resolves with its result', async () => {
    account.configured = true;
    const result = kernelsChange({ durationMs: 7 });
    kernels.inject.mockResolvedValue(result);

    await expect(commands.execute('jupyterlab-qbraid:inject-key')).resolves.toBe(
      result
    );

    expect(kernels.inject).toHaveBeenCalledTimes(1);
    expect(kernels.remove).not.toHaveBeenCalled();
    expect(MockKeyActions).not.toHaveBeenCalled();
  });

  it('tells the person why an injection failed', async () => {
    account.configured = true;
    const failure = new QbraidApiError(apiError('busy', 'Still updating.'), 409);
    kernels.inject.mockRejectedValue(failure);
    const shown = jest.spyOn(Notification, 'error');

    await expect(commands.execute('jupyterlab-qbraid:inject-key')).resolves.toBeNull();

    expect(shown).toHaveBeenCalledWith('Still updating.');
    shown.mockRestore();
  });

  describe('jupyterlab-qbraid:stop-instance', () => {
    it('is enabled while running or after a failed stop, whatever the account', () => {
      for (const configured of [null, false, true]) {
        account.configured = configured;
        for (const phase of ['running', 'failed'] as const) {
          instance.phase = phase;
          expect([
            configured,
            phase,
            commands.isEnabled('jupyterlab-qbraid:stop-instance')
          ]).toEqual([configured, phase, true]);
        }
      }
    });

    it('is disabled while a stop runs and once stopped', () => {
      instance.phase = 'stopping';
      expect(commands.isEnabled('jupyterlab-qbraid:stop-instance')).toBe(false);

      instance.phase = 'stopped';
      expect(commands.isEnabled('jupyterlab-qbraid:stop-instance')).toBe(false);
    });

    it('runs the stop flow it was given, and waits for it', async () => {
      let finished = false;
      stopInstance.mockImplementation(async () => {
        await Promise.resolve();
        finished = true;
      });

      await commands.execute('jupyterlab-qbraid:stop-instance');

      expect(stopInstance).toHaveBeenCalledTimes(1);
      expect(finished).toBe(true);
      // The flow asks and stops; the command does not stop the instance behind its back.
      expect(instance.stop).not.toHaveBeenCalled();
      expect(MockKeyActions).not.toHaveBeenCalled();
    });

    it('is notified, alone, when the instance changes, so isEnabled is read again', () => {
      const seen: boolean[] = [];
      commands.commandChanged.connect((_, args) => {
        if (args.id === 'jupyterlab-qbraid:stop-instance') {
          seen.push(commands.isEnabled('jupyterlab-qbraid:stop-instance'));
        }
      });

      instance.phase = 'stopping';
      instance.emit();
      instance.phase = 'failed';
      instance.emit();

      expect(notifyCommandChanged.mock.calls.map(([id]) => id)).toEqual([
        'jupyterlab-qbraid:stop-instance',
        'jupyterlab-qbraid:stop-instance'
      ]);
      expect(seen).toEqual([false, true]);
    });

    it('is not notified when the account, keys or kernels change', () => {
      account.emit();
      keys.emit();
      kernels.emit();

      expect(notifyCommandChanged.mock.calls.map(([id]) => id)).not.toContain(
        'jupyterlab-qbraid:stop-instance'
      );
    });
  });

  describe('tells the palette and menus to look again', () => {
    const KEY_COMMANDS = [
      'jupyterlab-qbraid:create-key',
      'jupyterlab-qbraid:rotate-key',
      'jupyterlab-qbraid:inject-key'
    ];

    /** The ids notified since the last clear, each once per emission. */
    const notified = () => notifyCommandChanged.mock.calls.map(([id]) => id);

    it('notifies nothing at registration', () => {
      expect(notifyCommandChanged).not.toHaveBeenCalled();
    });

    it.each([
      ['account', () => account.emit(), KEY_COMMANDS],
      [
        'keys',
        () => keys.emit(),
        ['jupyterlab-qbraid:create-key', 'jupyterlab-qbraid:rotate-key']
      ],
      ['kernels', () => kernels.emit(), ['jupyterlab-qbraid:inject-key']]
    ])('for the commands that depend on the %s', (_, emit, expected) => {
      emit();

      expect(notified()).toEqual(expected);
    });

    it('each time, and never for opening or refreshing', () => {
      account.emit();
      account.emit();

      expect(notified()).toEqual([...KEY_COMMANDS, ...KEY_COMMANDS]);
      expect(notified()).not.toContain('jupyterlab-qbraid:open-panel');
      expect(notified()).not.toContain('jupyterlab-qbraid:refresh-account');
    });

    it('so that isEnabled is read again with the new state', () => {
      account.configured = true;
      const seen: boolean[] = [];
      commands.commandChanged.connect((_, args) => {
        if (args.id === 'jupyterlab-qbraid:inject-key') {
          seen.push(commands.isEnabled('jupyterlab-qbraid:inject-key'));
        }
      });

      kernels.busy = true;
      kernels.emit();
      kernels.busy = false;
      kernels.emit();

      expect(seen).toEqual([false, true]);
    });
  });
});
