import { PromiseDelegate } from '@lumino/coreutils';

import { QbraidApiError } from '../api';
import { isStale, SectionState } from '../shared/sectionState';
import { apiError } from './fixtures';

let changed: jest.Mock;
let section: SectionState<string>;

beforeEach(() => {
  changed = jest.fn();
  section = new SectionState<string>(changed);
});

describe('SectionState', () => {
  it('shows loading, then the data, saying so each time', async () => {
    const shown = section.load(async () => 'a');
    expect(section.value.loading).toBe(true);

    expect(await shown).toBe('a');
    expect(section.value).toEqual({
      data: 'a',
      updatedAt: expect.any(Date),
      error: null,
      loading: false
    });
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('keeps the last data with the error, as stale', async () => {
    await section.load(async () => 'a');
    const busy = apiError('busy', 'Busy.');

    expect(
      await section.load(async () => {
        throw new QbraidApiError(busy, 409);
      })
    ).toBeNull();

    expect(section.value.data).toBe('a');
    expect(section.value.error).toEqual(busy);
    expect(isStale(section.value)).toBe(true);
  });

  it('describes an error that is not the api’s as a server error', async () => {
    await section.load(async () => {
      throw new TypeError('boom');
    });

    expect(section.value.error).toEqual(apiError('server_error', 'TypeError: boom'));
  });

  it('shows only the latest request’s outcome', async () => {
    const slow = new PromiseDelegate<string>();
    const first = section.load(() => slow.promise);
    await section.load(async () => 'new');
    slow.resolve('old');

    expect(await first).toBeNull();
    expect(section.value.data).toBe('new');
  });

  it('lets data that comes otherwise supersede a request in flight', async () => {
    const slow = new PromiseDelegate<string>();
    const pending = section.load(() => slow.promise);
    section.succeed('answer');
    slow.resolve('old');
    await pending;

    expect(section.value.data).toBe('answer');
  });

  it('loads quietly when asked, without a loading state', async () => {
    const shown = section.load(async () => 'a', { quiet: true });

    expect(section.value.loading).toBe(false);
    expect(changed).not.toHaveBeenCalled();
    await shown;
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('clears to nothing known', async () => {
    await section.load(async () => 'a');

    section.clear();

    expect(section.value).toEqual({
      data: null,
      updatedAt: null,
      error: null,
      loading: false
    });
  });
});
