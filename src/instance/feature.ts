import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';

import type { IModelPluginContext } from '../shared/modelPlugin';
import { IQbraidAccount, IQbraidNotices } from '../tokens';
import { registerStopCommand } from './commands';
import { hubServerState } from './hubServer';
import { DEFAULT_INSTANCE_PREFERENCES, InstanceModel } from './model';
import { accountPageUrl } from './restartPlace';
import { followStops } from './stopEvents';
import { lazyStopActions } from './stopFlow';

export const defaults = DEFAULT_INSTANCE_PREFERENCES;

export async function create({
  app,
  palette,
  trans,
  notices,
  account
}: IModelPluginContext & {
  notices: IQbraidNotices;
  account: IQbraidAccount | null;
}): Promise<InstanceModel> {
  // Asked for here, not declared: the declaration would load its package at Lab's start.
  const documents = await app.resolveOptionalService(IDocumentManager);
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
