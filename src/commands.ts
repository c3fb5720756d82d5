import { JupyterFrontEnd } from '@jupyterlab/application';
import { TranslationBundle } from '@jupyterlab/translation';
import { addIcon, refreshIcon } from '@jupyterlab/ui-components';

import { qbraidIcon } from './icons';
import { reportKernelChange } from './kernelFeedback';
import { IQbraidAccount, IQbraidKernels, IQbraidKeys, PANEL_ID } from './tokens';

export namespace CommandIDs {
  export const openPanel = 'qbraid:open-panel';
  export const refreshAccount = 'qbraid:refresh-account';
  export const createKey = 'qbraid:create-key';
  export const rotateKey = 'qbraid:rotate-key';
  export const injectKey = 'qbraid:inject-key';
}

/** The palette's commands, in the order they are listed. */
export const PALETTE_COMMANDS = [
  CommandIDs.openPanel,
  CommandIDs.refreshAccount,
  CommandIDs.createKey,
  CommandIDs.rotateKey,
  CommandIDs.injectKey
];

export const PALETTE_CATEGORY = 'qBraid';

export function registerCommands(
  app: JupyterFrontEnd,
  account: IQbraidAccount,
  keys: IQbraidKeys,
  kernels: IQbraidKernels,
  trans: TranslationBundle
): void {
  // The dialogs load with the panel's chunk, not at Lab's start.
  const keyActions = async () => {
    const { KeyActions } = await import('./widgets/keyActions');
    return new KeyActions(account, keys, trans);
  };
  app.commands.addCommand(CommandIDs.openPanel, {
    label: trans.__('Open qBraid panel'),
    icon: qbraidIcon,
    execute: () => app.shell.activateById(PANEL_ID)
  });
  app.commands.addCommand(CommandIDs.refreshAccount, {
    label: trans.__('Refresh qBraid account'),
    icon: refreshIcon,
    execute: () => account.refresh()
  });
  app.commands.addCommand(CommandIDs.createKey, {
    label: trans.__('Create qBraid API key'),
    icon: addIcon,
    isEnabled: () => account.configured === true && !keys.busy,
    execute: async () => (await keyActions()).create()
  });
  app.commands.addCommand(CommandIDs.rotateKey, {
    label: trans.__('Rotate active qBraid API key'),
    isEnabled: () => account.configured === true && !keys.busy,
    execute: async () => (await keyActions()).rotateActive()
  });
  app.commands.addCommand(CommandIDs.injectKey, {
    label: trans.__('Inject qBraid API key into kernels'),
    isEnabled: () => account.configured === true && !kernels.busy,
    execute: () =>
      reportKernelChange(
        kernels.inject(),
        trans.__('The key is in the kernels'),
        trans
      )
  });
  const keyCommandsChanged = () => {
    app.commands.notifyCommandChanged(CommandIDs.createKey);
    app.commands.notifyCommandChanged(CommandIDs.rotateKey);
    app.commands.notifyCommandChanged(CommandIDs.injectKey);
  };
  account.changed.connect(keyCommandsChanged);
  keys.changed.connect(keyCommandsChanged);
  kernels.changed.connect(keyCommandsChanged);
}
