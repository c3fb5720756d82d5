import { hubServerState } from '../instance/hubServer';

/** A fetch that answers `body` with `status`, recording what it was asked. */
function answering(status: number, body: unknown) {
  return jest.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
    Promise.resolve(new Response(JSON.stringify(body), { status }))
  );
}

describe('hubServerState', () => {
  it('asks the hub for the person’s own model, as a same-origin no-cors read', async () => {
    const fetchFn = answering(200, { servers: {} });

    await hubServerState('/hub/', '', fetchFn)();

    expect(fetchFn).toHaveBeenCalledTimes(1);
    const [url, init] = fetchFn.mock.calls[0];
    expect(url).toBe('/hub/api/user');
    expect(init).toMatchObject({
      credentials: 'same-origin',
      mode: 'no-cors',
      cache: 'no-store'
    });
  });

  it.each([
    ['stopped when the hub no longer lists it', { servers: { other: {} } }, 'stopped'],
    [
      'pending while the hub stops it',
      { servers: { '': { ready: false, pending: 'stop' } } },
      'pending'
    ],
    [
      'running when ready',
      { servers: { '': { ready: true, pending: null } } },
      'running'
    ],
    ['unknown without read:servers', { name: 'ada' }, 'unknown']
  ])('is %s', async (_, body, state) => {
    expect(await hubServerState('/hub/', '', answering(200, body))()).toBe(state);
  });

  it('reads a named server by its name', async () => {
    const body = { servers: { gpu: { ready: true, pending: null } } };
    expect(await hubServerState('/hub/', 'gpu', answering(200, body))()).toBe(
      'running'
    );
    expect(await hubServerState('/hub/', '', answering(200, body))()).toBe('stopped');
  });

  it('is unknown when the hub refuses or cannot be reached', async () => {
    expect(await hubServerState('/hub/', '', answering(403, {}))()).toBe('unknown');
    const unreachable = jest.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await hubServerState('/hub/', '', unreachable)()).toBe('unknown');
  });
});
