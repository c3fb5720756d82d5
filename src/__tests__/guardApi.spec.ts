import { ServerConnection } from '@jupyterlab/services';

import { IGuardReport, IRedactResult, IScanState, qbraidApi } from '../api';
import { apiError, rejection } from './fixtures';

// The leak guard's routes, tested like the others in api.spec.ts: the real
// `ServerConnection.makeRequest` runs and only the network is faked.

const BASE_URL = 'http://localhost:8888/lab-base/';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });
}

/** Settings that record each request and its body, answering `answer`. */
function recording(answer: () => Response) {
  const bodies: string[] = [];
  const fetch = jest.fn(async (input: RequestInfo) => {
    bodies.push(await (input as Request).text());
    return answer();
  });
  const settings = ServerConnection.makeSettings({
    baseUrl: BASE_URL,
    fetch,
    token: ''
  });
  const request = (index = 0) => fetch.mock.calls[index][0] as Request;
  return { settings, fetch, bodies, request };
}

/** The path part of a request URL, without any query. */
function urlWithoutQuery(request: Request): string {
  return request.url.split('?')[0];
}

const SCAN_RUNNING: IScanState = {
  state: 'running',
  filesScanned: 12,
  bytesScanned: 34567,
  elapsedMs: 250,
  currentDir: 'work/data',
  truncated: false,
  skipped: [],
  results: []
};

const REDACTED: IRedactResult = {
  path: 'work/bell.ipynb',
  kind: 'notebook',
  outputs: 0,
  sources: 1,
  other: 0,
  hints: ['abcd'],
  redactedOutputs: 2
};

const FOUND: IGuardReport = {
  path: 'work/bell.ipynb',
  found: true,
  redactedOutputs: 1,
  outputsLeft: 0,
  hints: ['abcd'],
  sources: [{ cellIndex: 0, cellId: 'c-1', ranges: [[5, 41]] }],
  other: 0,
  language: 'python',
  textLines: []
};

describe('qbraidApi leak guard routes', () => {
  it('guardReport() GETs {baseUrl}jupyterlab-qbraid/guard/report with the path in the query', async () => {
    const { settings, bodies, request } = recording(() => jsonResponse(FOUND));

    await expect(qbraidApi.guardReport('work/bell.ipynb', settings)).resolves.toEqual(
      FOUND
    );

    expect(urlWithoutQuery(request())).toBe(
      `${BASE_URL}jupyterlab-qbraid/guard/report`
    );
    expect(request().method).toBe('GET');
    expect(bodies[0]).toBe('');
    const url = new URL(request().url);
    expect(url.searchParams.get('path')).toBe('work/bell.ipynb');
    // The path comes first, as one encoded value; makeRequest's cache buster follows.
    expect(url.search.startsWith('?path=work%2Fbell.ipynb&')).toBe(true);
  });

  it('guardReport() passes a report that found nothing through as it is', async () => {
    const nothing: IGuardReport = { path: 'notes.md', found: false };
    const { settings } = recording(() => jsonResponse(nothing));

    await expect(qbraidApi.guardReport('notes.md', settings)).resolves.toEqual(nothing);
  });

  it.each([
    ['a b/ü.ipynb', 'a%20b%2F%C3%BC.ipynb'],
    ['x&path=other.ipynb', 'x%26path%3Dother.ipynb'],
    ['q?#1+1.ipynb', 'q%3F%231%2B1.ipynb'],
    ['../secret.txt', '..%2Fsecret.txt']
  ])(
    'guardReport() encodes the path %j as one query value (%s)',
    async (path, encoded) => {
      const { settings, request } = recording(() =>
        jsonResponse({ path, found: false })
      );

      await qbraidApi.guardReport(path, settings);

      const url = new URL(request().url);
      expect(url.pathname).toBe('/lab-base/jupyterlab-qbraid/guard/report');
      expect(url.search.startsWith(`?path=${encoded}&`)).toBe(true);
      expect(url.searchParams.getAll('path')).toEqual([path]);
      expect(url.hash).toBe('');
    }
  );

  it('startScan() POSTs the exclusions as JSON to {baseUrl}jupyterlab-qbraid/guard/scan', async () => {
    const { settings, bodies, request } = recording(() => jsonResponse(SCAN_RUNNING));

    await expect(
      qbraidApi.startScan(['node_modules', '*.log'], settings)
    ).resolves.toEqual(SCAN_RUNNING);

    expect(urlWithoutQuery(request())).toBe(`${BASE_URL}jupyterlab-qbraid/guard/scan`);
    expect(request().method).toBe('POST');
    expect(request().headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(bodies[0])).toEqual({ exclusions: ['node_modules', '*.log'] });
  });

  it('startScan() sends an empty list when nothing is excluded', async () => {
    const { settings, bodies } = recording(() => jsonResponse(SCAN_RUNNING));

    await qbraidApi.startScan([], settings);

    expect(JSON.parse(bodies[0])).toEqual({ exclusions: [] });
  });

  it('scanState() GETs {baseUrl}jupyterlab-qbraid/guard/scan without a body', async () => {
    const done: IScanState = { ...SCAN_RUNNING, state: 'done', currentDir: null };
    const { settings, bodies, request } = recording(() => jsonResponse(done));

    await expect(qbraidApi.scanState(settings)).resolves.toEqual(done);

    expect(urlWithoutQuery(request())).toBe(`${BASE_URL}jupyterlab-qbraid/guard/scan`);
    expect(request().method).toBe('GET');
    expect(bodies[0]).toBe('');
  });

  it('cancelScan() DELETEs {baseUrl}jupyterlab-qbraid/guard/scan', async () => {
    const cancelled: IScanState = { ...SCAN_RUNNING, state: 'cancelled' };
    const { settings, bodies, request } = recording(() => jsonResponse(cancelled));

    await expect(qbraidApi.cancelScan(settings)).resolves.toEqual(cancelled);

    expect(urlWithoutQuery(request())).toBe(`${BASE_URL}jupyterlab-qbraid/guard/scan`);
    expect(request().method).toBe('DELETE');
    expect(bodies[0]).toBe('');
  });

  it('redactFile() POSTs the path as JSON to {baseUrl}jupyterlab-qbraid/guard/redact', async () => {
    const { settings, bodies, request } = recording(() => jsonResponse(REDACTED));

    await expect(qbraidApi.redactFile('work/bell.ipynb', settings)).resolves.toEqual(
      REDACTED
    );

    expect(urlWithoutQuery(request())).toBe(
      `${BASE_URL}jupyterlab-qbraid/guard/redact`
    );
    expect(request().method).toBe('POST');
    expect(request().headers.get('Content-Type')).toBe('application/json');
    // In the body the path needs no URL encoding: it is sent as it is.
    expect(JSON.parse(bodies[0])).toEqual({ path: 'work/bell.ipynb' });
  });

  it('passes method, headers and body of each route to makeRequest, with the default settings', async () => {
    const spy = jest
      .spyOn(ServerConnection, 'makeRequest')
      .mockImplementation(() => Promise.resolve(jsonResponse(SCAN_RUNNING)));
    try {
      await qbraidApi.guardReport('dir/a b.ipynb');
      await qbraidApi.startScan(['*.csv']);
      await qbraidApi.scanState();
      await qbraidApi.cancelScan();
      await qbraidApi.redactFile('dir/a b.ipynb');

      const base = spy.mock.calls[0][2].baseUrl;
      const json = { 'Content-Type': 'application/json' };
      expect(spy.mock.calls.map(([url, init]) => [url, init])).toEqual([
        [`${base}jupyterlab-qbraid/guard/report?path=dir%2Fa%20b.ipynb`, {}],
        [
          `${base}jupyterlab-qbraid/guard/scan`,
          {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ exclusions: ['*.csv'] })
          }
        ],
        [`${base}jupyterlab-qbraid/guard/scan`, {}],
        [`${base}jupyterlab-qbraid/guard/scan`, { method: 'DELETE' }],
        [
          `${base}jupyterlab-qbraid/guard/redact`,
          {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ path: 'dir/a b.ipynb' })
          }
        ]
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ['guardReport', 'not_found', 404],
    ['startScan', 'busy', 409],
    ['scanState', 'server_error', 500],
    ['cancelScan', 'busy', 409],
    ['redactFile', 'invalid_input', 400]
  ] as const)('%s() carries kind %s from a %i answer', async (route, kind, status) => {
    const info = apiError(kind, `failed: ${kind}`);
    const { settings } = recording(() => jsonResponse({ error: info }, status));
    const calls = {
      guardReport: () => qbraidApi.guardReport('a.ipynb', settings),
      startScan: () => qbraidApi.startScan([], settings),
      scanState: () => qbraidApi.scanState(settings),
      cancelScan: () => qbraidApi.cancelScan(settings),
      redactFile: () => qbraidApi.redactFile('a.ipynb', settings)
    };

    const error = await rejection(calls[route]());

    expect(error.status).toBe(status);
    expect(error.kind).toBe(kind);
    expect(error.info).toEqual(info);
  });

  it('gives kind server_missing when an older server has no guard routes', async () => {
    const { settings } = recording(
      () =>
        new Response('<html>404: Not Found</html>', {
          status: 404,
          headers: { 'Content-Type': 'text/html' }
        })
    );

    const error = await rejection(qbraidApi.scanState(settings));

    expect(error.kind).toBe('server_missing');
    expect(error.status).toBe(404);
    expect(error.message).toContain('404');
  });
});
