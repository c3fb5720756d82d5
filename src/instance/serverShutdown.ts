import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection, ServiceManager } from '@jupyterlab/services';

import { errorInfo, QbraidApiError } from '../api';

/**
 * What File > Shut Down does on a server of its own: kernels and terminals first, so
 * nothing is left running, then the server.
 */
export async function shutDownServer(services: ServiceManager.IManager): Promise<void> {
  await Promise.all([
    services.sessions.shutdownAll(),
    services.terminals.isAvailable()
      ? services.terminals.shutdownAll()
      : Promise.resolve()
  ]);
  const settings = services.serverSettings;
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      URLExt.join(settings.baseUrl, 'api/shutdown'),
      { method: 'POST' },
      settings
    );
  } catch {
    throw new QbraidApiError(
      errorInfo('server_unreachable', 'The Jupyter server cannot be reached.'),
      0
    );
  }
  if (!response.ok) {
    throw new QbraidApiError(
      errorInfo(
        'rejected',
        `The Jupyter server refused to shut down (${response.status}). It keeps running.`
      ),
      response.status
    );
  }
}
