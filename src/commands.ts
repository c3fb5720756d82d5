import { JupyterFrontEnd } from '@jupyterlab/application';
import { TranslationBundle } from '@jupyterlab/translation';
import { addIcon, refreshIcon, searchIcon, stopIcon } from '@jupyterlab/ui-components';

import { qbraidIcon } from './icons';
import { reportKernelChange } from './kernelFeedback';
import {
  IQbraidAccount,
  IQbraidGuard,
  IQbraidInstance,
  IQbraidKernels,
  IQbraidKeys,
  PANEL_ID
} from './tokens';

export namespace CommandIDs {
  export const openPanel = 'qbraid:open-panel';
  export const refreshAccount = 'qbraid:refresh-account';
  export const createKey = 'qbraid:create-key';
  export const rotateKey = 'qbraid:rotate-key';
  export const injectKey = 'qbraid:inject-key';
  export const stopInstance = 'qbraid:stop-instance';
  export const scanFiles = 'qbraid:scan-files';
}

/** The palette's commands, in the order they are listed. */
export const PALETTE_COMMANDS = [
  CommandIDs.openPanel,
  CommandIDs.refreshAccount,
  CommandIDs.createKey,
  CommandIDs.rotateKey,
  CommandIDs.injectKey,
  CommandIDs.stopInstance,
  CommandIDs.scanFiles
];

export const PALETTE_CATEGORY = 'qBraid';

/** Every command acts on the current account and instance and takes no arguments. */
const NO_ARGUMENTS = { args: { type: 'object', properties: {} } } as const;

export function registerCommands(
  app: JupyterFrontEnd,
  account: IQbraidAccount,
  keys: IQbraidKeys,
  kernels: IQbraidKernels,
  instance: IQbraidInstance,
  stopInstance: () => Promise<void>,
  trans: TranslationBundle
): void {
  // The dialogs load with the panel's chunk, not at Lab's start.
  const keyActions = async () => {
    const { KeyActions } = await import('./widgets/keyActions');
    return new KeyActions(account, keys, trans);
  };
  app.commands.addCommand(CommandIDs.openPanel, {
    describedBy: NO_ARGUMENTS,
    label: trans.__('Open qBraid panel'),
    icon: qbraidIcon,
    execute: () => app.shell.activateById(PANEL_ID)
  });
  app.commands.addCommand(CommandIDs.refreshAccount, {
    describedBy: NO_ARGUMENTS,
    label: trans.__('Refresh qBraid account'),
    icon: refreshIcon,
    execute: () => account.refresh()
  });
  app.commands.addCommand(CommandIDs.createKey, {
    describedBy: NO_ARGUMENTS,
    label: trans.__('Create qBraid API key'),
    icon: addIcon,
    isEnabled: () => account.configured === true && !keys.busy,
    execute: async () => (await keyActions()).create()
  });
  app.commands.addCommand(CommandIDs.rotateKey, {
    describedBy: NO_ARGUMENTS,
    label: trans.__('Rotate active qBraid API key'),
    isEnabled: () => account.configured === true && !keys.busy,
    execute: async () => (await keyActions()).rotateActive()
  });
  app.commands.addCommand(CommandIDs.injectKey, {
    describedBy: NO_ARGUMENTS,
    label: trans.__('Inject qBraid API key into kernels'),
    isEnabled: () => account.configured === true && !kernels.busy,
    execute: () =>
      reportKernelChange(kernels.inject(), trans.__('The key is in the kernels'), trans)
  });
  app.commands.addCommand(CommandIDs.stopInstance, {
    describedBy: NO_ARGUMENTS,
    label: trans.__('Stop qBraid instance'),
    caption: trans.__(
      'Stop this Lab instance so it stops using compute; unsaved documents are offered a save first'
    ),
    icon: stopIcon,
    isEnabled: () => instance.phase !== 'stopping' && instance.phase !== 'stopped',
    execute: stopInstance
  });
  instance.changed.connect(() =>
    app.commands.notifyCommandChanged(CommandIDs.stopInstance)
  );
  const keyCommandsChanged = () => {
    app.commands.notifyCommandChanged(CommandIDs.createKey);
    app.commands.notifyCommandChanged(CommandIDs.rotateKey);
    app.commands.notifyCommandChanged(CommandIDs.injectKey);
  };
  account.changed.connect(keyCommandsChanged);
  keys.changed.connect(keyCommandsChanged);
  kernels.changed.connect(keyCommandsChanged);
}

/** "Scan files for qBraid keys": the dialog loads with the first scan. */
export function registerScanCommand(
  app: JupyterFrontEnd,
  guard: IQbraidGuard,
  trans: TranslationBundle
): void {
  app.commands.addCommand(CommandIDs.scanFiles, {
    describedBy: NO_ARGUMENTS,
    label: trans.__('Scan files for qBraid keys'),
    caption: trans.__("Look for known qBraid API keys in the files of Lab's folder"),
    icon: searchIcon,
    execute: async () => {
      const { showScanDialog } = await import('./widgets/scanDialog');
      await showScanDialog(
        guard,
        path => void app.commands.execute('docmanager:open', { path }),
        trans
      );
    }
  });
}
