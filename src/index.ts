import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { timedActivation } from './activationTiming';
import {
  CommandIDs,
  PALETTE_CATEGORY,
  PALETTE_COMMANDS,
  registerCommands,
  registerScanCommand
} from './commands';
import { AccountModel, DEFAULT_PREFERENCES } from './models/account';
import { DEFAULT_GUARD_PREFERENCES, GuardModel } from './models/guard';
import { IdleStopWatch } from './models/idleStop';
import { DEFAULT_INSTANCE_PREFERENCES, InstanceModel } from './models/instance';
import { DEFAULT_KERNEL_PREFERENCES, KernelsModel } from './models/kernels';
import { KeysModel } from './models/keys';
import { followSettings } from './preferences';
import { followSaves } from './saveGuard';
import { shutDownServer } from './serverShutdown';
import { lazyStopActions } from './stopFlow';
import {
  IQbraidAccount,
  IQbraidGuard,
  IQbraidInstance,
  IQbraidKernels,
  IQbraidKeys
} from './tokens';
import { showIdleCountdown } from './widgets/idleStopNotice';
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
      ).catch(reason =>
        console.error('jupyterlab-qbraid: settings did not load', reason)
      );
    }
    return account;
  }
};

const keysPlugin: JupyterFrontEndPlugin<IQbraidKeys> = {
  id: 'jupyterlab-qbraid:keys',
  description: "Provides the qBraid account's API keys.",
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

const guardPlugin: JupyterFrontEndPlugin<IQbraidGuard> = {
  id: 'jupyterlab-qbraid:guard',
  description: 'Provides the key leak guard: what saves held, and the folder scan.',
  autoStart: true,
  provides: IQbraidGuard,
  requires: [IQbraidKernels],
  optional: [ISettingRegistry, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    kernels: IQbraidKernels,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ): IQbraidGuard => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const guard = new GuardModel();
    if (settingRegistry) {
      followSettings(
        settingRegistry,
        accountPlugin.id,
        guard,
        DEFAULT_GUARD_PREFERENCES
      ).catch(reason =>
        console.error('jupyterlab-qbraid: settings did not load', reason)
      );
    }
    followSaves(app.docRegistry, guard, kernels, trans);
    return guard;
  }
};

const instancePlugin: JupyterFrontEndPlugin<IQbraidInstance> = {
  id: 'jupyterlab-qbraid:instance',
  description:
    'Provides this Lab instance: where it runs, since when, and stopping it.',
  autoStart: true,
  provides: IQbraidInstance,
  optional: [ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null
  ): IQbraidInstance => {
    const hubPrefix = PageConfig.getOption('hubPrefix');
    const instance = new InstanceModel({
      shutdownServer: () => shutDownServer(app.serviceManager),
      hubHomeUrl: hubPrefix
        ? URLExt.join(PageConfig.getOption('hubHost'), hubPrefix, 'home')
        : null
    });
    if (settingRegistry) {
      followSettings(
        settingRegistry,
        accountPlugin.id,
        instance,
        DEFAULT_INSTANCE_PREFERENCES
      ).catch(reason =>
        console.error('jupyterlab-qbraid: settings did not load', reason)
      );
    }
    return instance;
  }
};

const idleStopPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:idle-stop',
  description: 'Stops the instance after the idle minutes set, with a countdown.',
  autoStart: true,
  requires: [IQbraidInstance],
  optional: [IDocumentManager, ITranslator, IQbraidAccount],
  activate: (
    app: JupyterFrontEnd,
    instance: IQbraidInstance,
    documents: IDocumentManager | null,
    translator: ITranslator | null,
    account: IQbraidAccount | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const kernels = app.serviceManager.kernels;
    const watch = new IdleStopWatch({
      isKernelBusy: () =>
        Array.from(kernels.running()).some(kernel => kernel.execution_state === 'busy')
    });
    const follow = () => {
      if (watch.minutes !== instance.preferences.idleStopMinutes) {
        watch.minutes = instance.preferences.idleStopMinutes;
      }
    };
    instance.changed.connect(follow);
    follow();
    showIdleCountdown(watch, trans);
    const stopActions = lazyStopActions(
      app,
      instance,
      documents,
      trans,
      () => account?.links?.account ?? null
    );
    watch.expired.connect(async () => {
      await (await stopActions()).saveAllAndStop();
      // Still here: the stop failed and said why; the watch starts over.
      watch.keepRunning();
    });
  }
};

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:panel',
  description: 'The qBraid sidebar panel and its commands.',
  autoStart: true,
  requires: [
    IQbraidAccount,
    IQbraidKeys,
    IQbraidKernels,
    IQbraidInstance,
    IQbraidGuard,
    ILabShell
  ],
  optional: [ILayoutRestorer, ICommandPalette, IDocumentManager, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    keys: IQbraidKeys,
    kernels: IQbraidKernels,
    instance: IQbraidInstance,
    guard: IQbraidGuard,
    shell: ILabShell,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    documents: IDocumentManager | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const stopActions = lazyStopActions(
      app,
      instance,
      documents,
      trans,
      () => account.links?.account ?? null
    );
    const stopInstance = async () => (await stopActions()).confirmAndStop();
    const panel = new QbraidPanel({
      account,
      keys,
      kernels,
      instance,
      stopInstance: () => void stopInstance(),
      scanFiles: () => void app.commands.execute(CommandIDs.scanFiles),
      trans
    });
    shell.add(panel, 'left', { rank: 900 });
    restorer?.add(panel, panel.id);
    registerCommands(app, account, keys, kernels, instance, stopInstance, trans);
    registerScanCommand(app, guard, trans);
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

const plugins: JupyterFrontEndPlugin<any>[] = [
  accountPlugin,
  keysPlugin,
  kernelsPlugin,
  guardPlugin,
  instancePlugin,
  idleStopPlugin,
  panelPlugin,
  statusPlugin
];

export default plugins.map(timedActivation);
