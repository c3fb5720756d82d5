import { URLExt } from '@jupyterlab/coreutils';

import { HubServerState } from '../tokens';

/**
 * The hub's own report of this Lab server, asked with the browser's hub login: `GET
 * {hubPrefix}api/user` answers the person's model, whose `servers` lists the running and
 * pending ones. JupyterHub checks XSRF on cookie-authenticated API calls except for
 * no-cors ones; a same-origin no-cors answer can still be read.
 */
export function hubServerState(
  hubUrl: string,
  serverName: string,
  fetchFn: typeof fetch = (input, init) => fetch(input, init)
): () => Promise<HubServerState> {
  const url = URLExt.join(hubUrl, 'api/user');
  return async () => {
    let user: { servers?: Record<string, IHubServer> };
    try {
      const response = await fetchFn(url, {
        credentials: 'same-origin',
        mode: 'no-cors',
        cache: 'no-store',
        headers: { Accept: 'application/json' }
      });
      if (!response.ok) {
        return 'unknown';
      }
      user = await response.json();
    } catch {
      return 'unknown';
    }
    // Without read:servers the hub leaves `servers` out: it cannot tell.
    if (!user.servers) {
      return 'unknown';
    }
    const server = user.servers[serverName];
    if (!server) {
      return 'stopped';
    }
    return server.ready && !server.pending ? 'running' : 'pending';
  };
}

interface IHubServer {
  ready: boolean;
  pending: string | null;
}
