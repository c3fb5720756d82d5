import { ServerConnection } from '@jupyterlab/services';

import { qbraidApi, QbraidApiError } from '../api';
import { apiError, SET_KEY_RESULT, summary } from './fixtures';

const BASE_URL = 'http://localhost:8888/lab-base/';

/**
 * Settings whose `fetch` is a mock, so the real `ServerConnection.makeRequest` runs
 * (URL joining, cache-busting, headers) and only the network is faked.
 */
function settingsAnswering(
  respond: (request: Request) => Promise<Response>
): { settings: ServerConnection.ISettings; fetch: jest.Mock } {
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

/** The error a call rejected with, failing the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<QbraidApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(QbraidApiError);
    return error as QbraidApiError;
  }
  throw new Error('expected the call to reject');
}

/** The path part of a request URL, without the cache-busting query makeRequest adds. */
function urlWithoutQuery(request: Request): string {
  return request.url.split('?')[0];
}

describe('qbraidApi.summary', () => {
  it('GETs {baseUrl}qbraid/summary and returns the parsed body', async () => {
    const body = summary();
    const { settings, fetch } = settingsAnswering(() =>
      Promise.resolve(jsonResponse(body))
    );

    await expect(qbraidApi.summary(settings)).resolves.toEqual(body);

    expect(fetch).toHaveBeenCalledTimes(1);
    const request = fetch.mock.calls[0][0] as Request;
    expect(urlWithoutQuery(request)).toBe(`${BASE_URL}qbraid/summary`);
    expect(request.method).toBe('GET');
  });

  it('uses the default settings when none are given', async () => {
    const spy = jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockResolvedValue(jsonResponse(summary()));
    try {
      await qbraidApi.summary();
      const [url, init, settings] = spy.mock.calls[0];
      expect(url).toBe(`${settings.baseUrl}qbraid/summary`);
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

  it('gives kind server_error for a JSON error answer without our error shape', async () => {
    // Tornado's own error pages for e.g. a 403 XSRF failure look like this.
    const { settings } = settingsAnswering(() =>
      Promise.resolve(jsonResponse({ message: 'Forbidden', reason: null }, 403))
    );

    const error = await rejection(qbraidApi.summary(settings));

    expect(error.kind).toBe('server_error');
    expect(error.status).toBe(403);
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
  it('POSTs the key as JSON to {baseUrl}qbraid/key', async () => {
    const bodies: string[] = [];
    const { settings, fetch } = settingsAnswering(async request => {
      bodies.push(await request.text());
      return jsonResponse(SET_KEY_RESULT);
    });

    await expect(qbraidApi.setKey('a-secret-key', settings)).resolves.toEqual(
      SET_KEY_RESULT
    );

    const request = fetch.mock.calls[0][0] as Request;
    expect(urlWithoutQuery(request)).toBe(`${BASE_URL}qbraid/key`);
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
      expect(url).toBe(`${settings.baseUrl}qbraid/key`);
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
