import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import {
  CommandIDs,
  PALETTE_CATEGORY,
  PALETTE_COMMANDS,
  registerCommands
} from './commands';
import { AccountModel, DEFAULT_PREFERENCES } from './models/account';
import {
  DEFAULT_KERNEL_PREFERENCES,
  KernelsModel
} from './models/kernels';
import { KeysModel } from './models/keys';
import { followSettings } from './preferences';
import { IQbraidAccount, IQbraidKernels, IQbraidKeys } from './tokens';
import { QbraidPanel } from './widgets/panel';
import { QbraidStatusItem } from './widgets/statusItem';

const TRANSLATION_DOMAIN = 'jupyterlab_qbraid';

const accountPlugin: JupyterFrontEndPlugin<IQbraidAccount> = {
  id: 'jupyterlab-qbraid:account',
  description: 'Provides the qBraid account model and its settings.',
  autoStart: true,
  provides: IQbraidAccount,
  optional: [ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null
  ): IQbraidAccount => {
    const account = new AccountModel();
    if (settingRegistry) {
      followSettings(
        settingRegistry,
        accountPlugin.id,
        account,
        DEFAULT_PREFERENCES
      ).catch(
        reason => console.error('jupyterlab-qbraid: settings did not load', reason)
      );
    }
    return account;
  }
};

const keysPlugin: JupyterFrontEndPlugin<IQbraidKeys> = {
  id: 'jupyterlab-qbraid:keys',
  description: 'Provides the qBraid account\'s API keys.',
  autoStart: true,
  provides: IQbraidKeys,
  requires: [IQbraidAccount],
  activate: (app: JupyterFrontEnd, account: IQbraidAccount): IQbraidKeys =>
    new KeysModel({ account })
};

const kernelsPlugin: JupyterFrontEndPlugin<IQbraidKernels> = {
  id: 'jupyterlab-qbraid:kernels',
  description: 'Provides where the active key stands in running kernels.',
  autoStart: true,
  provides: IQbraidKernels,
  requires: [IQbraidAccount],
  optional: [ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    settingRegistry: ISettingRegistry | null
  ): IQbraidKernels => {
    const kernels = new KernelsModel({
      account,
      kernelsChanged: app.serviceManager.kernels.runningChanged,
      sessionsChanged: app.serviceManager.sessions.runningChanged
    });
    if (settingRegistry) {
      followSettings(
        settingRegistry,
        accountPlugin.id,
        kernels,
        DEFAULT_KERNEL_PREFERENCES
      ).catch(reason =>
        console.error('jupyterlab-qbraid: settings did not load', reason)
      );
    }
    return kernels;
  }
};

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:panel',
  description: 'The qBraid sidebar panel and its commands.',
  autoStart: true,
  requires: [IQbraidAccount, IQbraidKeys, IQbraidKernels, ILabShell],
  optional: [ILayoutRestorer, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    keys: IQbraidKeys,
    kernels: IQbraidKernels,
    shell: ILabShell,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const panel = new QbraidPanel(account, keys, kernels, trans);
    shell.add(panel, 'left', { rank: 900 });
    restorer?.add(panel, panel.id);
    registerCommands(app, account, keys, kernels, trans);
    for (const command of PALETTE_COMMANDS) {
      palette?.addItem({ command, category: PALETTE_CATEGORY });
    }
  }
};

const statusPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:status',
  description: 'Credits in the status bar.',
  autoStart: true,
  requires: [IQbraidAccount],
  optional: [IStatusBar, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    statusBar: IStatusBar | null,
    translator: ITranslator | null
  ) => {
    if (!statusBar) {
      return;
    }
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const item = new QbraidStatusItem(account, trans, () =>
      app.commands.execute(CommandIDs.openPanel)
    );
    statusBar.registerStatusItem(statusPlugin.id, {
      item,
      align: 'left',
      rank: 900
    });
  }
};

export default [
  accountPlugin,
  keysPlugin,
  kernelsPlugin,
  panelPlugin,
  statusPlugin
];
