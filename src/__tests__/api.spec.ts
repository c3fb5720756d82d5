import { ServerConnection } from '@jupyterlab/services';

import { browserTimeZone, qbraidApi } from '../api';
import {
  apiError,
  CREATED_KEY,
  kernelsChange,
  kernelsSnapshot,
  keyList,
  NOTEBOOK_KERNEL,
  ORPHAN_KERNEL,
  REVOKED_KEY,
  ROTATED_KEY,
  SET_KEY_RESULT,
  summary,
  rejection
} from './fixtures';

const BASE_URL = 'http://localhost:8888/lab-base/';

/**
 * Settings whose `fetch` is a mock, so the real `ServerConnection.makeRequest` runs
 * (URL joining, cache-busting, headers) and only the network is faked.
 */
function settingsAnswering(respond: (request: Request) => Promise<Response>): {
  settings: ServerConnection.ISettings;
  fetch: jest.Mock;
} {
  const fetch = jest.fn((input: RequestInfo) => respond(input as Request));
  const settings = ServerConnection.makeSettings({
    baseUrl: BASE_URL,
    fetch,
    token: ''
  });
  return { settings, fetch };
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });
}

function textResponse(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/html' }
  });
}

/** The path part of a request URL, without the cache-busting query makeRequest adds. */
function urlWithoutQuery(request: Request): string {
  return request.url.split('?')[0];
}

describe('qbraidApi.summary', () => {
  it('GETs {baseUrl}jupyterlab-qbraid/summary and returns the parsed body', async () => {
    const body = summary();
    const { settings, fetch } = settingsAnswering(() =>
      Promise.resolve(jsonResponse(body))
    );

    await expect(qbraidApi.summary(settings)).resolves.toEqual(body);

    expect(fetch).toHaveBeenCalledTimes(1);
    const request = fetch.mock.calls[0][0] as Request;
    expect(urlWithoutQuery(request)).toBe(`${BASE_URL}jupyterlab-qbraid/summary`);
    expect(request.method).toBe('GET');
  });

  it('sends the browser’s time zone, encoded, for counting the month', async () => {
    const { settings, fetch } = settingsAnswering(() =>
      Promise.resolve(jsonResponse(summary()))
    );
    const resolvedOptions = jest
      .spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions')
      .mockReturnValue({
        ...new Intl.DateTimeFormat().resolvedOptions(),
        timeZone: 'America/Argentina/Buenos_Aires'
      });
    try {
      await qbraidApi.summary(settings);
    } finally {
      resolvedOptions.mockRestore();
    }

    const url = new URL((fetch.mock.calls[0][0] as Request).url);
    expect(url.pathname).toBe('/lab-base/jupyterlab-qbraid/summary');
    expect(url.searchParams.get('timezone')).toBe('America/Argentina/Buenos_Aires');
    expect(url.search).toContain('timezone=America%2FArgentina%2FBuenos_Aires');
  });

  it('sends the time zone it is given', async () => {
    const { settings, fetch } = settingsAnswering(() =>
      Promise.resolve(jsonResponse(summary()))
    );

    await qbraidApi.summary(settings, 'Asia/Kolkata');

    const url = new URL((fetch.mock.calls[0][0] as Request).url);
    expect(url.searchParams.get('timezone')).toBe('Asia/Kolkata');
  });

  it('names the parts on screen, a refresh by hand and the interval', async () => {
    const { settings, fetch } = settingsAnswering(() =>
      Promise.resolve(jsonResponse(summary()))
    );

    await qbraidApi.summary(settings, 'UTC', {
      parts: ['credits', 'compute'],
      fresh: true,
      maxAge: 60
    });
    await qbraidApi.summary(settings, 'UTC', {});

    const asked = new URL((fetch.mock.calls[0][0] as Request).url).searchParams;
    expect(asked.get('parts')).toBe('credits,compute');
    expect(asked.get('fresh')).toBe('1');
    expect(asked.get('maxAge')).toBe('60');
    const plain = new URL((fetch.mock.calls[1][0] as Request).url).searchParams;
    for (const name of ['parts', 'fresh', 'maxAge']) {
      expect(plain.has(name)).toBe(false);
    }
  });

  it('keeps the account API’s code, and shows it once', async () => {
    const info = apiError(
      'rejected',
      'qBraid refused the request (400 BAD_STATE: Instance not running).',
      400,
      null,
      'BAD_STATE'
    );
    const { settings } = settingsAnswering(() =>
      Promise.resolve(jsonResponse({ error: info }, 400))
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.info.code).toBe('BAD_STATE');
    expect(error.message).toBe(info.message);
  });

  it('reads a missing code as null', async () => {
    const { kind, message, upstreamStatus, retryAfter } = apiError('busy', 'Busy.');
    const { settings } = settingsAnswering(() =>
      Promise.resolve(
        jsonResponse({ error: { kind, message, upstreamStatus, retryAfter } }, 409)
      )
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.info.code).toBeNull();
  });

  it('uses the default settings when none are given', async () => {
    const spy = jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockResolvedValue(jsonResponse(summary()));
    try {
      await qbraidApi.summary();
      const [url, init, settings] = spy.mock.calls[0];
      expect(url).toBe(
        `${settings.baseUrl}jupyterlab-qbraid/summary?timezone=${encodeURIComponent(browserTimeZone())}`
      );
      expect(init).toEqual({});
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects with the server’s error info and the HTTP status', async () => {
    const info = apiError('rate_limited', 'Slow down.', 429, 30);
    const { settings } = settingsAnswering(() =>
      Promise.resolve(jsonResponse({ error: info }, 429))
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.status).toBe(429);
    expect(error.info).toEqual(info);
    expect(error.kind).toBe('rate_limited');
    expect(error.message).toBe('Slow down.');
    expect(error.name).toBe('QbraidApiError');
    expect(error).toBeInstanceOf(Error);
  });

  it.each([
    ['key_rejected', 400, 401],
    ['not_configured', 409, null],
    ['unreachable', 502, null],
    ['timeout', 504, null]
  ] as const)(
    'carries kind %s from a %i answer',
    async (kind, status, upstreamStatus) => {
      const info = apiError(kind, `failed: ${kind}`, upstreamStatus);
      const { settings } = settingsAnswering(() =>
        Promise.resolve(jsonResponse({ error: info }, status))
      );

      const error = await rejection(qbraidApi.summary(settings));

      expect(error.status).toBe(status);
      expect(error.info).toEqual(info);
    }
  );

  it('gives kind server_error for an error answer that is not JSON', async () => {
    const { settings } = settingsAnswering(() =>
      Promise.resolve(textResponse('<html>500: Internal Server Error</html>', 500))
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.kind).toBe('server_error');
    expect(error.status).toBe(500);
    expect(error.message).toContain('500');
    expect(error.info.upstreamStatus).toBeNull();
    expect(error.info.retryAfter).toBeNull();
  });

  it('gives kind server_error, with what Jupyter said, for a JSON error answer without our error shape', async () => {
    // Tornado's own error pages for e.g. a 403 XSRF failure look like this.
    const { settings } = settingsAnswering(() =>
      Promise.resolve(
        jsonResponse(
          { message: "'_xsrf' argument missing from POST", reason: null },
          403
        )
      )
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.kind).toBe('server_error');
    expect(error.status).toBe(403);
    expect(error.message).toContain("403: '_xsrf' argument missing from POST");
  });

  it("gives kind not_permitted when the deployment's authorizer refuses", async () => {
    // What jupyter_server's @authorized answers for a user without the permission.
    const { settings } = settingsAnswering(() =>
      Promise.resolve(
        jsonResponse(
          {
            message: 'User is not authorized to read on resource: qbraid.',
            reason: null
          },
          403
        )
      )
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.kind).toBe('not_permitted');
    expect(error.status).toBe(403);
    expect(error.message).toContain('does not let you do this');
  });

  it('gives kind server_missing when Jupyter has no route of ours (404)', async () => {
    const { settings } = settingsAnswering(() =>
      Promise.resolve(textResponse('<html>404: Not Found</html>', 404))
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.kind).toBe('server_missing');
    expect(error.message).toContain('pip install --upgrade jupyterlab-qbraid');
    expect(error.message).toContain(
      'jupyter server extension enable jupyterlab_qbraid'
    );
  });

  it('gives kind malformed for a 200 answer that is not JSON', async () => {
    const { settings } = settingsAnswering(() =>
      Promise.resolve(new Response('<html>login</html>', { status: 200 }))
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.kind).toBe('malformed');
    expect(error.status).toBe(200);
  });

  it('gives kind malformed for a 200 answer that is JSON but not an object', async () => {
    const { settings } = settingsAnswering(() =>
      Promise.resolve(jsonResponse('just a string'))
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.kind).toBe('malformed');
  });

  it('gives kind server_unreachable with status 0 when fetch fails', async () => {
    const { settings } = settingsAnswering(() =>
      Promise.reject(new TypeError('Failed to fetch'))
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.kind).toBe('server_unreachable');
    expect(error.status).toBe(0);
  });

  it('gives kind server_unreachable when makeRequest itself throws', async () => {
    const spy = jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockRejectedValue(new ServerConnection.NetworkError(new TypeError('down')));
    try {
      const error = await rejection(qbraidApi.summary());
      expect(error.kind).toBe('server_unreachable');
      expect(error.status).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('qbraidApi.setKey', () => {
  it('POSTs the key as JSON to {baseUrl}jupyterlab-qbraid/key', async () => {
    const bodies: string[] = [];
    const { settings, fetch } = settingsAnswering(async request => {
      bodies.push(await request.text());
      return jsonResponse(SET_KEY_RESULT);
    });

    await expect(qbraidApi.setKey('a-secret-key', settings)).resolves.toEqual(
      SET_KEY_RESULT
    );

    const request = fetch.mock.calls[0][0] as Request;
    expect(urlWithoutQuery(request)).toBe(`${BASE_URL}jupyterlab-qbraid/key`);
    expect(request.method).toBe('POST');
    expect(request.headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(bodies[0])).toEqual({ apiKey: 'a-secret-key' });
  });

  it('passes method, headers and body to makeRequest', async () => {
    const spy = jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockResolvedValue(jsonResponse(SET_KEY_RESULT));
    try {
      await qbraidApi.setKey('k');
      const [url, init, settings] = spy.mock.calls[0];
      expect(url).toBe(`${settings.baseUrl}jupyterlab-qbraid/key`);
      expect(init).toEqual({
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiKey: 'k' })
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects with key_rejected and status 400 when qBraid refuses the key', async () => {
    const info = apiError('key_rejected', 'qBraid did not accept this key.', 401);
    const { settings } = settingsAnswering(() =>
      Promise.resolve(jsonResponse({ error: info }, 400))
    );

    const error = await rejection(qbraidApi.setKey('bad', settings));

    expect(error.status).toBe(400);
    expect(error.kind).toBe('key_rejected');
    expect(error.info.upstreamStatus).toBe(401);
    expect(error.message).toBe('qBraid did not accept this key.');
  });
});

describe('qbraidApi key routes', () => {
  /** Settings that record each request and its body, answering `answer`. */
  function recording(answer: () => Response) {
    const bodies: string[] = [];
    const { settings, fetch } = settingsAnswering(async request => {
      bodies.push(await request.text());
      return answer();
    });
    const request = (index = 0) => fetch.mock.calls[index][0] as Request;
    return { settings, fetch, bodies, request };
  }

  it('keys() GETs {baseUrl}jupyterlab-qbraid/keys without a body and returns the list', async () => {
    const list = keyList();
    const { settings, fetch, bodies, request } = recording(() => jsonResponse(list));

    await expect(qbraidApi.keys(settings)).resolves.toEqual(list);

    expect(fetch).toHaveBeenCalledTimes(1);
    expect(urlWithoutQuery(request())).toBe(`${BASE_URL}jupyterlab-qbraid/keys`);
    expect(request().method).toBe('GET');
    expect(bodies[0]).toBe('');
  });

  it('keys() passes an unsupported list through as it is', async () => {
    const { settings } = recording(() => jsonResponse({ supported: false, keys: [] }));

    await expect(qbraidApi.keys(settings)).resolves.toEqual({
      supported: false,
      keys: []
    });
  });

  it('createKey() POSTs the name as JSON to {baseUrl}jupyterlab-qbraid/keys', async () => {
    const { settings, bodies, request } = recording(() => jsonResponse(CREATED_KEY));

    await expect(qbraidApi.createKey('Notebook jobs', settings)).resolves.toEqual(
      CREATED_KEY
    );

    expect(urlWithoutQuery(request())).toBe(`${BASE_URL}jupyterlab-qbraid/keys`);
    expect(request().method).toBe('POST');
    expect(request().headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(bodies[0])).toEqual({ name: 'Notebook jobs' });
  });

  it('createKey() sends a name with quotes and markup as plain JSON text', async () => {
    const { settings, bodies } = recording(() => jsonResponse(CREATED_KEY));
    const name = '<b>"x"</b> & ü';

    await qbraidApi.createKey(name, settings);

    expect(JSON.parse(bodies[0])).toEqual({ name });
  });

  it('rotateKey() POSTs to {baseUrl}jupyterlab-qbraid/keys/{id}/rotate without a body', async () => {
    const { settings, bodies, request } = recording(() => jsonResponse(ROTATED_KEY));

    await expect(qbraidApi.rotateKey('key-1', settings)).resolves.toEqual(ROTATED_KEY);

    expect(urlWithoutQuery(request())).toBe(
      `${BASE_URL}jupyterlab-qbraid/keys/key-1/rotate`
    );
    expect(request().method).toBe('POST');
    expect(bodies[0]).toBe('');
  });

  it('revokeKey() DELETEs {baseUrl}jupyterlab-qbraid/keys/{id}', async () => {
    const { settings, request } = recording(() => jsonResponse(REVOKED_KEY));

    await expect(qbraidApi.revokeKey('key-2', settings)).resolves.toEqual(REVOKED_KEY);

    expect(urlWithoutQuery(request())).toBe(`${BASE_URL}jupyterlab-qbraid/keys/key-2`);
    expect(request().method).toBe('DELETE');
  });

  it.each([
    ['a/b', 'a%2Fb'],
    ['../summary', '..%2Fsummary'],
    ['k?x=1#f', 'k%3Fx%3D1%23f'],
    ['a b&c', 'a%20b%26c']
  ])('encodes the id %j as one path segment (%s)', async (id, encoded) => {
    const rotate = recording(() => jsonResponse(ROTATED_KEY));
    const revoke = recording(() => jsonResponse(REVOKED_KEY));

    await qbraidApi.rotateKey(id, rotate.settings);
    await qbraidApi.revokeKey(id, revoke.settings);

    expect(urlWithoutQuery(rotate.request())).toBe(
      `${BASE_URL}jupyterlab-qbraid/keys/${encoded}/rotate`
    );
    expect(urlWithoutQuery(revoke.request())).toBe(
      `${BASE_URL}jupyterlab-qbraid/keys/${encoded}`
    );
  });

  it('passes method, headers and body of each route to makeRequest', async () => {
    const spy = jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockImplementation(() => Promise.resolve(jsonResponse({})));
    try {
      await qbraidApi.keys();
      await qbraidApi.createKey('n');
      await qbraidApi.rotateKey('id-1');
      await qbraidApi.revokeKey('id-1');

      const base = spy.mock.calls[0][2].baseUrl;
      expect(spy.mock.calls.map(([url, init]) => [url, init])).toEqual([
        [`${base}jupyterlab-qbraid/keys`, {}],
        [
          `${base}jupyterlab-qbraid/keys`,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: 'n' })
          }
        ],
        [`${base}jupyterlab-qbraid/keys/id-1/rotate`, { method: 'POST' }],
        [`${base}jupyterlab-qbraid/keys/id-1`, { method: 'DELETE' }]
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects a change with kind busy and status 409 while another runs', async () => {
    const info = apiError('busy', 'Another key change is still running.');
    for (const call of [
      (s: ServerConnection.ISettings) => qbraidApi.createKey('n', s),
      (s: ServerConnection.ISettings) => qbraidApi.rotateKey('key-1', s),
      (s: ServerConnection.ISettings) => qbraidApi.revokeKey('key-1', s)
    ]) {
      const { settings } = recording(() => jsonResponse({ error: info }, 409));

      const error = await rejection(call(settings));

      expect(error.status).toBe(409);
      expect(error.kind).toBe('busy');
      expect(error.info).toEqual(info);
      expect(error.message).toBe('Another key change is still running.');
    }
  });

  it.each([
    ['keys', 'not_configured', 409, null],
    ['createKey', 'invalid_input', 400, 422],
    ['rotateKey', 'not_found', 404, 404],
    ['revokeKey', 'forbidden', 403, 403],
    ['keys', 'rate_limited', 429, 429],
    ['createKey', 'unreachable', 502, null]
  ] as const)(
    '%s() carries kind %s from a %i answer',
    async (route, kind, status, upstreamStatus) => {
      const info = apiError(kind, `failed: ${kind}`, upstreamStatus);
      const { settings } = recording(() => jsonResponse({ error: info }, status));
      const calls = {
        keys: () => qbraidApi.keys(settings),
        createKey: () => qbraidApi.createKey('n', settings),
        rotateKey: () => qbraidApi.rotateKey('key-1', settings),
        revokeKey: () => qbraidApi.revokeKey('key-1', settings)
      };

      const error = await rejection(calls[route]());

      expect(error.status).toBe(status);
      expect(error.info).toEqual(info);
    }
  );

  it('gives kind server_missing for a key route that Jupyter does not have', async () => {
    const { settings } = recording(() =>
      textResponse('<html>404: Not Found</html>', 404)
    );

    const error = await rejection(qbraidApi.revokeKey('key-1', settings));

    expect(error.kind).toBe('server_missing');
    expect(error.status).toBe(404);
    expect(error.message).toContain('404');
  });

  it('gives kind server_unreachable when the server is gone during a change', async () => {
    const { settings } = settingsAnswering(() =>
      Promise.reject(new TypeError('Failed to fetch'))
    );

    const error = await rejection(qbraidApi.rotateKey('key-1', settings));

    expect(error.kind).toBe('server_unreachable');
    expect(error.status).toBe(0);
  });
});

describe('qbraidApi kernel routes', () => {
  /** Settings that record each request and its body, answering `answer`. */
  function recording(answer: () => Response) {
    const bodies: string[] = [];
    const { settings, fetch } = settingsAnswering(async request => {
      bodies.push(await request.text());
      return answer();
    });
    const request = (index = 0) => fetch.mock.calls[index][0] as Request;
    return { settings, fetch, bodies, request };
  }

  it('kernels() GETs {baseUrl}jupyterlab-qbraid/kernels without a body and returns the snapshot', async () => {
    const snapshot = kernelsSnapshot({ kernels: [NOTEBOOK_KERNEL, ORPHAN_KERNEL] });
    const { settings, fetch, bodies, request } = recording(() =>
      jsonResponse(snapshot)
    );

    await expect(qbraidApi.kernels(settings)).resolves.toEqual(snapshot);

    expect(fetch).toHaveBeenCalledTimes(1);
    expect(urlWithoutQuery(request())).toBe(`${BASE_URL}jupyterlab-qbraid/kernels`);
    expect(request().method).toBe('GET');
    expect(bodies[0]).toBe('');
  });

  it('kernels() passes a snapshot without a key or kernels through as it is', async () => {
    const snapshot = kernelsSnapshot({ keyHint: null, kernels: [], autoInject: false });
    const { settings } = recording(() => jsonResponse(snapshot));

    await expect(qbraidApi.kernels(settings)).resolves.toEqual(snapshot);
  });

  it('reloadSettings() POSTs nothing to {baseUrl}jupyterlab-qbraid/settings: the server reads the files', async () => {
    const answer = {
      settings: { variableName: 'MY_KEY', autoInject: false },
      pinned: { autoInject: { value: false, by: 'c.QbraidAccount.auto_inject' } }
    };
    const { settings, bodies, request } = recording(() => jsonResponse(answer));

    await expect(qbraidApi.reloadSettings(settings)).resolves.toEqual(answer);

    expect(urlWithoutQuery(request())).toBe(`${BASE_URL}jupyterlab-qbraid/settings`);
    expect(request().method).toBe('POST');
    expect(bodies[0]).toBe('');
  });

  it('injectIntoKernels() POSTs to {baseUrl}jupyterlab-qbraid/kernels/inject without a body', async () => {
    const change = kernelsChange({ durationMs: 12.5 });
    const { settings, bodies, request } = recording(() => jsonResponse(change));

    await expect(qbraidApi.injectIntoKernels(settings)).resolves.toEqual(change);

    expect(urlWithoutQuery(request())).toBe(
      `${BASE_URL}jupyterlab-qbraid/kernels/inject`
    );
    expect(request().method).toBe('POST');
    expect(bodies[0]).toBe('');
  });

  it('removeFromKernels() POSTs to {baseUrl}jupyterlab-qbraid/kernels/remove without a body', async () => {
    const change = kernelsChange({
      kernels: [{ ...NOTEBOOK_KERNEL, state: 'not_injected' }],
      durationMs: 3
    });
    const { settings, bodies, request } = recording(() => jsonResponse(change));

    await expect(qbraidApi.removeFromKernels(settings)).resolves.toEqual(change);

    expect(urlWithoutQuery(request())).toBe(
      `${BASE_URL}jupyterlab-qbraid/kernels/remove`
    );
    expect(request().method).toBe('POST');
    expect(bodies[0]).toBe('');
  });

  it('passes method, headers and body of each route to makeRequest, with the default settings', async () => {
    const spy = jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockImplementation(() => Promise.resolve(jsonResponse(kernelsSnapshot())));
    try {
      await qbraidApi.kernels();
      await qbraidApi.injectIntoKernels();
      await qbraidApi.removeFromKernels();

      const base = spy.mock.calls[0][2].baseUrl;
      expect(spy.mock.calls.map(([url, init]) => [url, init])).toEqual([
        [`${base}jupyterlab-qbraid/kernels`, {}],
        [`${base}jupyterlab-qbraid/kernels/inject`, { method: 'POST' }],
        [`${base}jupyterlab-qbraid/kernels/remove`, { method: 'POST' }]
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ['kernels', 'not_configured', 409],
    ['injectIntoKernels', 'busy', 409],
    ['removeFromKernels', 'busy', 409],
    ['injectIntoKernels', 'not_configured', 409]
  ] as const)('%s() carries kind %s from a %i answer', async (route, kind, status) => {
    const info = apiError(kind, `failed: ${kind}`);
    const { settings } = recording(() => jsonResponse({ error: info }, status));
    const calls = {
      kernels: () => qbraidApi.kernels(settings),
      injectIntoKernels: () => qbraidApi.injectIntoKernels(settings),
      removeFromKernels: () => qbraidApi.removeFromKernels(settings)
    };

    const error = await rejection(calls[route]());

    expect(error.status).toBe(status);
    expect(error.kind).toBe(kind);
    expect(error.info).toEqual(info);
    expect(error.message).toBe(`failed: ${kind}`);
  });

  it('gives kind server_missing when an older server has no kernel routes', async () => {
    const { settings } = recording(() =>
      textResponse('<html>404: Not Found</html>', 404)
    );

    const error = await rejection(qbraidApi.kernels(settings));

    expect(error.kind).toBe('server_missing');
    expect(error.status).toBe(404);
    expect(error.message).toContain('404');
  });

  it('gives kind malformed for a 200 answer that is not JSON', async () => {
    const { settings } = recording(
      () => new Response('<html>login</html>', { status: 200 })
    );

    const error = await rejection(qbraidApi.injectIntoKernels(settings));

    expect(error.kind).toBe('malformed');
    expect(error.status).toBe(200);
  });

  it('gives kind server_unreachable when the server is gone during a removal', async () => {
    const { settings } = settingsAnswering(() =>
      Promise.reject(new TypeError('Failed to fetch'))
    );

    const error = await rejection(qbraidApi.removeFromKernels(settings));

    expect(error.kind).toBe('server_unreachable');
    expect(error.status).toBe(0);
  });
});
