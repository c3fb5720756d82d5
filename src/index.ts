import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator } from '@jupyterlab/translation';

import { registerAccountCommands } from './account/commands';
import { AccountModel, DEFAULT_PREFERENCES } from './account/model';
import { QbraidStatusItem } from './account/statusItem';
import { registerScanCommand } from './guard/commands';
import { DEFAULT_GUARD_PREFERENCES, GuardModel } from './guard/model';
import { followSaves } from './guard/saveHook';
import { registerStopCommand } from './instance/commands';
import { followIdleStop } from './instance/lazyIdleStop';
import { hubServerState } from './instance/hubServer';
import { DEFAULT_INSTANCE_PREFERENCES, InstanceModel } from './instance/model';
import { accountPageUrl } from './instance/restartPlace';
import { followStops, showStopsFromElsewhere } from './instance/stopEvents';
import { lazyStopActions } from './instance/stopFlow';
import { registerKernelCommands } from './kernels/commands';
import { DEFAULT_KERNEL_PREFERENCES, KernelsModel } from './kernels/model';
import { registerKeyCommands } from './keys/commands';
import { DEFAULT_KEY_PREFERENCES, KeysModel } from './keys/model';
import { NoticesModel } from './notices/model';
import { followMustSee } from './notices/mustSee';
import { chooseSurface, surfaceContext } from './notices/surface';
import { registerPanelCommand } from './panel/commands';
import { QbraidPanel } from './panel/panel';
import { loadPreferences } from './shared/preferences';
import { loadTranslation } from './shared/translation';
import {
  CommandIDs,
  IQbraidAccount,
  IQbraidGuard,
  IQbraidInstance,
  IQbraidKernels,
  IQbraidKeys,
  IQbraidNotices,
  PANEL_ID
} from './tokens';

const noticesPlugin: JupyterFrontEndPlugin<IQbraidNotices> = {
  id: 'jupyterlab-qbraid:notices',
  description:
    "Provides the extension's notices: Lab's notifications where active, else its own surfaces.",
  autoStart: true,
  provides: IQbraidNotices,
  optional: [ITranslator],
  activate: (app: JupyterFrontEnd, translator: ITranslator | null): IQbraidNotices => {
    const notices = new NoticesModel({ surface: chooseSurface(surfaceContext(app)) });
    if (notices.surface === 'own') {
      followMustSee(notices, loadTranslation(translator));
    }
    return notices;
  }
};

const accountPlugin: JupyterFrontEndPlugin<IQbraidAccount> = {
  id: 'jupyterlab-qbraid:account',
  description: 'Provides the qBraid account model and its settings.',
  autoStart: true,
  provides: IQbraidAccount,
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): IQbraidAccount => {
    const trans = loadTranslation(translator);
    const account = new AccountModel({ restored: app.restored, trans });
    loadPreferences(
      settingRegistry,
      accountPlugin.id,
      account,
      DEFAULT_PREFERENCES,
      trans
    );
    registerAccountCommands(app, palette, account, trans);
    return account;
  }
};

const keysPlugin: JupyterFrontEndPlugin<IQbraidKeys> = {
  id: 'jupyterlab-qbraid:keys',
  description: "Provides the qBraid account's API keys.",
  autoStart: true,
  provides: IQbraidKeys,
  requires: [IQbraidAccount, IQbraidNotices],
  optional: [ICommandPalette, ITranslator, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    notices: IQbraidNotices,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null
  ): IQbraidKeys => {
    const trans = loadTranslation(translator);
    const keys = new KeysModel({ account, trans });
    loadPreferences(
      settingRegistry,
      keysPlugin.id,
      keys,
      DEFAULT_KEY_PREFERENCES,
      trans
    );
    registerKeyCommands(app, palette, account, keys, trans, notices);
    return keys;
  }
};

const kernelsPlugin: JupyterFrontEndPlugin<IQbraidKernels> = {
  id: 'jupyterlab-qbraid:kernels',
  description: 'Provides where the active key stands in running kernels.',
  autoStart: true,
  provides: IQbraidKernels,
  requires: [IQbraidAccount, IQbraidNotices],
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    notices: IQbraidNotices,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): IQbraidKernels => {
    const trans = loadTranslation(translator);
    const kernels = new KernelsModel({
      account,
      trans,
      kernelsChanged: app.serviceManager.kernels.runningChanged,
      sessionsChanged: app.serviceManager.sessions.runningChanged,
      restored: app.restored
    });
    loadPreferences(
      settingRegistry,
      kernelsPlugin.id,
      kernels,
      DEFAULT_KERNEL_PREFERENCES,
      trans
    );
    registerKernelCommands(app, palette, account, kernels, trans, notices);
    return kernels;
  }
};

const guardPlugin: JupyterFrontEndPlugin<IQbraidGuard> = {
  id: 'jupyterlab-qbraid:guard',
  description: 'Provides the key leak guard: what saves held, and the folder scan.',
  autoStart: true,
  provides: IQbraidGuard,
  requires: [IQbraidKernels, IQbraidNotices],
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    kernels: IQbraidKernels,
    notices: IQbraidNotices,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): IQbraidGuard => {
    const trans = loadTranslation(translator);
    const guard = new GuardModel();
    loadPreferences(
      settingRegistry,
      guardPlugin.id,
      guard,
      DEFAULT_GUARD_PREFERENCES,
      trans
    );
    followSaves(app.docRegistry, guard, kernels, trans, notices);
    registerScanCommand(app, palette, guard, trans, notices);
    return guard;
  }
};

const instancePlugin: JupyterFrontEndPlugin<IQbraidInstance> = {
  id: 'jupyterlab-qbraid:instance',
  description:
    'Provides this Lab instance: where it runs, since when, and stopping it.',
  autoStart: true,
  provides: IQbraidInstance,
  requires: [IQbraidNotices],
  optional: [
    ISettingRegistry,
    ICommandPalette,
    IDocumentManager,
    ITranslator,
    IQbraidAccount
  ],
  activate: (
    app: JupyterFrontEnd,
    notices: IQbraidNotices,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    documents: IDocumentManager | null,
    translator: ITranslator | null,
    account: IQbraidAccount | null
  ): IQbraidInstance => {
    const trans = loadTranslation(translator);
    const hubPrefix = PageConfig.getOption('hubPrefix');
    const hubUrl = hubPrefix
      ? URLExt.join(PageConfig.getOption('hubHost'), hubPrefix)
      : null;
    const instance = new InstanceModel({
      // Only a stop needs it.
      shutdownServer: async () =>
        (await import('./instance/serverShutdown')).shutDownServer(app.serviceManager),
      hubHomeUrl: hubUrl ? URLExt.join(hubUrl, 'home') : null,
      hubServerState: hubUrl
        ? hubServerState(hubUrl, PageConfig.getOption('hubServerName'))
        : undefined
    });
    loadPreferences(
      settingRegistry,
      instancePlugin.id,
      instance,
      DEFAULT_INSTANCE_PREFERENCES,
      trans
    );
    followStops(instance, app.serviceManager);
    const stopActions = lazyStopActions(app, instance, documents, trans, notices, () =>
      accountPageUrl(PageConfig.getOption('qbraidAccountUrl'), account?.links?.account)
    );
    registerStopCommand(
      app,
      palette,
      instance,
      async () => (await stopActions()).confirmAndStop(),
      trans
    );
    return instance;
  }
};

const idleStopPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:idle-stop',
  description:
    "Follows the server's idle stop: reports input, shows its countdown, saves when asked.",
  autoStart: true,
  requires: [IQbraidInstance, IQbraidNotices],
  optional: [IDocumentManager, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    instance: IQbraidInstance,
    notices: IQbraidNotices,
    documents: IDocumentManager | null,
    translator: ITranslator | null
  ) => {
    followIdleStop(app, instance, documents, loadTranslation(translator), notices);
  }
};

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:panel',
  description: 'The qBraid sidebar panel.',
  autoStart: true,
  // No ILabShell: the panel goes into any shell's left area, Jupyter Notebook's too.
  requires: [
    IQbraidAccount,
    IQbraidKeys,
    IQbraidKernels,
    IQbraidInstance,
    IQbraidNotices
  ],
  optional: [ILayoutRestorer, ICommandPalette, ITranslator, IStateDB],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    keys: IQbraidKeys,
    kernels: IQbraidKernels,
    instance: IQbraidInstance,
    notices: IQbraidNotices,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    state: IStateDB | null
  ) => {
    const trans = loadTranslation(translator);
    const panel = new QbraidPanel({
      account,
      keys,
      kernels,
      instance,
      notices,
      stopInstance: () => void app.commands.execute(CommandIDs.stopInstance),
      scanFiles: () => void app.commands.execute(CommandIDs.scanFiles),
      accountUrl: () =>
        accountPageUrl(
          PageConfig.getOption('qbraidAccountUrl'),
          account.links?.account
        ),
      state,
      trans
    });
    app.shell.add(panel, 'left', { rank: 900 });
    showStopsFromElsewhere(app, instance, panel.id);
    restorer?.add(panel, panel.id);
    registerPanelCommand(app, palette, trans);
    // A notice that needs an answer opens the panel, where its banner shows it.
    notices.raised.connect((_, notice) => {
      if (notice.actions.length > 0) {
        app.shell.activateById(PANEL_ID);
      }
    });
  }
};

const statusPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:status',
  description: 'Credits and the next automatic stop in the status bar.',
  autoStart: true,
  requires: [IQbraidAccount],
  optional: [IStatusBar, ITranslator, IQbraidKeys, IQbraidNotices, IQbraidInstance],
  activate: (
    app: JupyterFrontEnd,
    account: IQbraidAccount,
    statusBar: IStatusBar | null,
    translator: ITranslator | null,
    keys: IQbraidKeys | null,
    notices: IQbraidNotices | null,
    instance: IQbraidInstance | null
  ) => {
    if (!statusBar) {
      return;
    }
    const item = new QbraidStatusItem(
      account,
      loadTranslation(translator),
      () => app.commands.execute(CommandIDs.openPanel),
      keys,
      notices,
      instance
    );
    statusBar.registerStatusItem(statusPlugin.id, {
      item,
      align: 'left',
      rank: 900
    });
  }
};

const plugins: JupyterFrontEndPlugin<any>[] = [
  noticesPlugin,
  accountPlugin,
  keysPlugin,
  kernelsPlugin,
  guardPlugin,
  instancePlugin,
  idleStopPlugin,
  panelPlugin,
  statusPlugin
];

export default plugins;

// For other extensions: the tokens, their interfaces and the command ids.
export * from './tokens';
