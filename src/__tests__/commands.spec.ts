import { JupyterFrontEnd } from '@jupyterlab/application';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';

import { CommandIDs, registerCommands } from '../commands';
import { PANEL_ID } from '../tokens';
import { FakeAccount } from './fixtures';

describe('registerCommands', () => {
  let commands: CommandRegistry;
  let activateById: jest.Mock;
  let account: FakeAccount;

  beforeEach(() => {
    commands = new CommandRegistry();
    activateById = jest.fn();
    account = new FakeAccount();
    // Only the parts registerCommands touches.
    const app = { commands, shell: { activateById } } as unknown as JupyterFrontEnd;
    registerCommands(app, account, nullTranslator.load('jupyterlab_qbraid'));
  });

  it('adds the two commands with their labels and icons', () => {
    expect(CommandIDs.openPanel).toBe('qbraid:open-panel');
    expect(CommandIDs.refreshAccount).toBe('qbraid:refresh-account');
    expect(commands.hasCommand('qbraid:open-panel')).toBe(true);
    expect(commands.hasCommand('qbraid:refresh-account')).toBe(true);
    expect(commands.label('qbraid:open-panel')).toBe('Open qBraid panel');
    expect(commands.label('qbraid:refresh-account')).toBe('Refresh qBraid account');
    expect(commands.icon('qbraid:open-panel')).toBeTruthy();
    expect(commands.icon('qbraid:refresh-account')).toBeTruthy();
  });

  it('opens the panel by activating its id', async () => {
    await commands.execute('qbraid:open-panel');

    expect(activateById).toHaveBeenCalledWith(PANEL_ID);
    expect(account.refresh).not.toHaveBeenCalled();
  });

  it('refreshes the account and waits for it', async () => {
    let finished = false;
    account.refresh.mockImplementation(async () => {
      await Promise.resolve();
      finished = true;
    });

    await commands.execute('qbraid:refresh-account');

    expect(account.refresh).toHaveBeenCalledTimes(1);
    expect(finished).toBe(true);
    expect(activateById).not.toHaveBeenCalled();
  });
});
