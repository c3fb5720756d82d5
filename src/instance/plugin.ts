import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { ITranslator } from '@jupyterlab/translation';

import { modelPlugin } from '../shared/modelPlugin';
import { loadTranslation } from '../shared/translation';
import { IQbraidAccount, IQbraidInstance, IQbraidNotices } from '../tokens';
import { registerStopCommand } from './commands';
import { hubServerState } from './hubServer';
import { followIdleStop } from './lazyIdleStop';
import { DEFAULT_INSTANCE_PREFERENCES, InstanceModel } from './model';
import { accountPageUrl } from './restartPlace';
import { followStops } from './stopEvents';
import { lazyStopActions } from './stopFlow';

export const instancePlugin = modelPlugin({
  id: 'jupyterlab-qbraid:instance',
  description:
    'Provides this Lab instance: where it runs, since when, and stopping it.',
  provides: IQbraidInstance,
  requires: { notices: IQbraidNotices },
  optional: { documents: IDocumentManager, account: IQbraidAccount },
  defaults: DEFAULT_INSTANCE_PREFERENCES,
  create: ({ app, palette, trans, notices, documents, account }) => {
    const hubPrefix = PageConfig.getOption('hubPrefix');
    const hubUrl = hubPrefix
      ? URLExt.join(PageConfig.getOption('hubHost'), hubPrefix)
      : null;
    const instance = new InstanceModel({
      // Only a stop needs it.
      shutdownServer: async () =>
        (await import('./serverShutdown')).shutDownServer(app.serviceManager),
      hubHomeUrl: hubUrl ? URLExt.join(hubUrl, 'home') : null,
      hubServerState: hubUrl
        ? hubServerState(hubUrl, PageConfig.getOption('hubServerName'))
        : undefined
    });
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
});

export const idleStopPlugin: JupyterFrontEndPlugin<void> = {
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
