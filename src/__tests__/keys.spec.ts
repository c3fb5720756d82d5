import { PromiseDelegate } from '@lumino/coreutils';

import {
  ICreatedKey,
  IKeyList,
  IRevokedKey,
  IRotatedKey,
  QbraidApiError
} from '../api';
import { KeysModel } from '../keys/model';
import {
  ACTIVE_KEY,
  apiError,
  CREATED_KEY,
  fakeApi,
  FakeAccount,
  keyList,
  OTHER_KEY,
  REVOKED_KEY,
  ROTATED_KEY,
  rejection
} from './fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-11-28T12:00:00.000Z');

/** Let pending promise chains (fake api answers, awaits in the model) run. */
function flush(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}

let api: ReturnType<typeof fakeApi>;
let account: FakeAccount;
let model: KeysModel;

/** The account as it is once the server has answered with a configured key. */
function answerConfigured(hint = ACTIVE_KEY.hint): void {
  account.configured = true;
  account.key = { hint, source: 'qbraidrc' };
  account.emit();
}

beforeEach(() => {
  api = fakeApi();
  account = new FakeAccount();
  model = new KeysModel({ account, api, now: () => NOW });
  // The reminder to rotate fetches the list on the account's first answer: tested apart.
  model.preferences = { rotationReminderDays: 0 };
});

afterEach(() => {
  model.dispose();
});

/** A model whose list has loaded once, for an account that has answered. */
async function readyModel(): Promise<void> {
  answerConfigured();
  await model.refresh();
  expect(api.keys).toHaveBeenCalledTimes(1);
  api.keys.mockClear();
}

describe('KeysModel list', () => {
  it('starts empty, idle, and calls nothing by itself', async () => {
    expect(model.list).toEqual({
      data: null,
      updatedAt: null,
      error: null,
      loading: false
    });
    expect(model.busy).toBe(false);

    answerConfigured();
    await flush();

    expect(api.keys).not.toHaveBeenCalled();
  });

  it('is loading while the list is fetched, then holds it', async () => {
    answerConfigured();
    const answer = new PromiseDelegate<IKeyList>();
    api.keys.mockReturnValue(answer.promise);
    const seen: boolean[] = [];
    model.changed.connect(() => seen.push(model.list.loading));

    const refreshed = model.refresh();

    expect(model.list.loading).toBe(true);
    expect(model.list.data).toBeNull();
    expect(seen).toEqual([true]);

    const before = Date.now();
    answer.resolve(keyList());
    await refreshed;

    expect(model.list.data).toEqual(keyList());
    expect(model.list.error).toBeNull();
    expect(model.list.loading).toBe(false);
    expect(model.list.updatedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(seen).toEqual([true, false]);
  });

  it('fetches while the account has not answered yet', async () => {
    expect(account.configured).toBeNull();

    await model.refresh();

    expect(api.keys).toHaveBeenCalledTimes(1);
    expect(model.list.data).toEqual(keyList());
  });

  it('keeps the last list, marked with the error, when a refresh fails', async () => {
    await readyModel();
    const updatedAt = model.list.updatedAt;
    const failure = apiError('timeout', 'qBraid took too long.');
    api.keys.mockRejectedValue(new QbraidApiError(failure, 504));

    await model.refresh();

    expect(model.list).toEqual({
      data: keyList(),
      updatedAt,
      error: failure,
      loading: false,
      retryAt: null
    });
  });

  it('shows an error without data when the first fetch fails', async () => {
    answerConfigured();
    const failure = apiError('forbidden', 'Not allowed.', 403);
    api.keys.mockRejectedValue(new QbraidApiError(failure, 403));

    await model.refresh();

    expect(model.list).toEqual({
      data: null,
      updatedAt: null,
      error: failure,
      loading: false,
      retryAt: null
    });
  });

  it('reports an unexpected exception as a server_error', async () => {
    await readyModel();
    api.keys.mockRejectedValue(new Error('boom'));

    await model.refresh();

    expect(model.list.error).toMatchObject({
      kind: 'server_error',
      message: 'Error: boom'
    });
    expect(model.list.data).toEqual(keyList());
  });

  it('clears the error once a later refresh succeeds', async () => {
    await readyModel();
    api.keys.mockRejectedValueOnce(
      new QbraidApiError(apiError('unreachable', 'Down.'), 502)
    );
    await model.refresh();
    expect(model.list.error).not.toBeNull();

    api.keys.mockResolvedValue(keyList([OTHER_KEY]));
    await model.refresh();

    expect(model.list.error).toBeNull();
    expect(model.list.data).toEqual(keyList([OTHER_KEY]));
  });

  it('clears the list without a request when no key is configured', async () => {
    await readyModel();
    account.configured = false;
    account.key = null;
    const changed = jest.fn();
    model.changed.connect(changed);

    await model.refresh();

    expect(api.keys).not.toHaveBeenCalled();
    expect(model.list).toEqual({
      data: null,
      updatedAt: null,
      error: null,
      loading: false
    });
    expect(changed).toHaveBeenCalled();
  });
});

describe('KeysModel changes', () => {
  type Change = {
    name: string;
    run: () => Promise<unknown>;
    api: () => jest.Mock;
    argument: string;
    result: ICreatedKey | IRotatedKey | IRevokedKey;
  };
  const changes: Change[] = [
    {
      name: 'create',
      run: () => model.create('Notebook jobs'),
      api: () => api.createKey,
      argument: 'Notebook jobs',
      result: CREATED_KEY
    },
    {
      name: 'rotate',
      run: () => model.rotate(ACTIVE_KEY.id),
      api: () => api.rotateKey,
      argument: ACTIVE_KEY.id,
      result: ROTATED_KEY
    },
    {
      name: 'revoke',
      run: () => model.revoke(OTHER_KEY.id),
      api: () => api.revokeKey,
      argument: OTHER_KEY.id,
      result: REVOKED_KEY
    }
  ];

  describe.each(changes)('$name', change => {
    it('calls the api, then refreshes the account, then the list', async () => {
      await readyModel();
      const after = keyList([OTHER_KEY]);
      api.keys.mockResolvedValue(after);

      await expect(change.run()).resolves.toEqual(change.result);

      const call = change.api();
      expect(call).toHaveBeenCalledTimes(1);
      expect(call).toHaveBeenCalledWith(change.argument);
      expect(account.refresh).toHaveBeenCalledTimes(1);
      expect(api.keys).toHaveBeenCalledTimes(1);
      expect(call.mock.invocationCallOrder[0]).toBeLessThan(
        account.refresh.mock.invocationCallOrder[0]
      );
      expect(account.refresh.mock.invocationCallOrder[0]).toBeLessThan(
        api.keys.mock.invocationCallOrder[0]
      );
      expect(model.list.data).toEqual(after);
      expect(model.busy).toBe(false);
    });

    it('waits for the account refresh before fetching the list', async () => {
      await readyModel();
      const accountDone = new PromiseDelegate<void>();
      account.refresh.mockReturnValue(accountDone.promise);

      const running = change.run();
      await flush();
      expect(account.refresh).toHaveBeenCalledTimes(1);
      expect(api.keys).not.toHaveBeenCalled();

      accountDone.resolve();
      await running;
      expect(api.keys).toHaveBeenCalledTimes(1);
    });

    it('is busy while the change runs and refuses a second one', async () => {
      await readyModel();
      const answer = new PromiseDelegate<any>();
      change.api().mockReturnValue(answer.promise);
      const busySeen: boolean[] = [];
      model.changed.connect(() => busySeen.push(model.busy));

      const running = change.run();
      expect(model.busy).toBe(true);
      expect(busySeen[0]).toBe(true);

      for (const other of changes) {
        const error = await rejection(other.run());
        expect(error.kind).toBe('busy');
        expect(error.status).toBe(409);
      }
      // Only the first change reached the api; the refused ones refreshed nothing.
      for (const other of changes) {
        expect(other.api()).toHaveBeenCalledTimes(other === change ? 1 : 0);
      }
      expect(account.refresh).not.toHaveBeenCalled();
      expect(api.keys).not.toHaveBeenCalled();
      expect(model.busy).toBe(true);

      answer.resolve(change.result);
      await running;

      expect(model.busy).toBe(false);
      expect(busySeen).toContain(false);
    });

    it('rejects with the error of a failed change, clears busy, keeps the list', async () => {
      await readyModel();
      const before = model.list.data;
      const refused = new QbraidApiError(
        apiError('not_found', 'That key no longer exists.', 404),
        404
      );
      change.api().mockRejectedValue(refused);

      await expect(change.run()).rejects.toBe(refused);

      expect(model.busy).toBe(false);
      expect(model.list.data).toEqual(before);
      expect(model.list.error).toBeNull();

      // Not stuck: the next change goes through.
      change.api().mockResolvedValue(change.result);
      await expect(change.run()).resolves.toEqual(change.result);
    });
  });

  it('hands the created secret back without keeping it in the model', async () => {
    await readyModel();

    const created = await model.create('Notebook jobs');

    expect(created.secret).toBe(CREATED_KEY.secret);
    expect(JSON.stringify(model.list)).not.toContain(CREATED_KEY.secret);
  });
});

describe('KeysModel following the account', () => {
  it('does not fetch on the account’s first answer while the reminder is off', async () => {
    answerConfigured();
    await flush();

    expect(api.keys).not.toHaveBeenCalled();
  });

  it('refetches when the active key hint changes', async () => {
    answerConfigured('abcd');
    await flush();

    answerConfigured('wxyz');
    await flush();

    expect(api.keys).toHaveBeenCalledTimes(1);
    expect(model.list.data).toEqual(keyList());
  });

  it('does not refetch when the account changes but the key does not', async () => {
    answerConfigured('abcd');
    await flush();

    account.credits = { ...account.credits, loading: true };
    account.emit();
    answerConfigured('abcd');
    await flush();

    expect(api.keys).not.toHaveBeenCalled();
  });

  it('ignores emissions before the account has answered', async () => {
    account.emit();
    account.emit();
    await flush();
    // The first real answer still counts as the first.
    answerConfigured();
    await flush();

    expect(api.keys).not.toHaveBeenCalled();
  });

  it('clears the list, without a request, when the key is removed', async () => {
    await readyModel();

    account.configured = false;
    account.key = null;
    account.emit();
    await flush();

    expect(api.keys).not.toHaveBeenCalled();
    expect(model.list.data).toBeNull();
  });

  it('fetches again when a key is configured after none was', async () => {
    account.configured = false;
    account.emit();
    await flush();
    expect(api.keys).not.toHaveBeenCalled();

    answerConfigured('wxyz');
    await flush();

    expect(api.keys).toHaveBeenCalledTimes(1);
    expect(model.list.data).toEqual(keyList());
  });

  it('does not refetch for a key change seen while a change runs', async () => {
    await readyModel();
    const answer = new PromiseDelegate<IRotatedKey>();
    api.rotateKey.mockReturnValue(answer.promise);

    const running = model.rotate(ACTIVE_KEY.id);
    // A poll lands mid-change with the new hint.
    answerConfigured('6789');
    await flush();
    expect(api.keys).not.toHaveBeenCalled();

    answer.resolve(ROTATED_KEY);
    await running;
    // Only the change's own refetch.
    expect(api.keys).toHaveBeenCalledTimes(1);
  });

  it('fetches once on the account’s first answer while the reminder is on', async () => {
    model.preferences = { rotationReminderDays: 90 };
    answerConfigured();
    await flush();
    answerConfigured();
    await flush();

    expect(api.keys).toHaveBeenCalledTimes(1);
  });

  it('does not fetch for the reminder when no key is configured', async () => {
    model.preferences = { rotationReminderDays: 90 };
    account.configured = false;
    account.emit();
    await flush();

    expect(api.keys).not.toHaveBeenCalled();
  });

  it('stops following the account once disposed', async () => {
    answerConfigured('abcd');
    await flush();

    model.dispose();
    answerConfigured('wxyz');
    await flush();

    expect(api.keys).not.toHaveBeenCalled();
  });
});

describe('KeysModel rotation reminder', () => {
  /** The list with Lab's key (ACTIVE_KEY's hint) issued `days` ago, from `source`. */
  function listWithAge(
    days: number,
    source: 'service' | 'lab' | 'firstSeen'
  ): IKeyList {
    const since = new Date(NOW - days * DAY_MS).toISOString();
    return { ...keyList(), activeKeyAge: { hint: ACTIVE_KEY.hint, since, source } };
  }

  async function loaded(list: IKeyList, days = 90): Promise<void> {
    api.keys.mockResolvedValue(list);
    model.preferences = { rotationReminderDays: days };
    answerConfigured();
    await model.refresh();
  }

  it('reminds once the key in use is as old as the setting', async () => {
    await loaded(listWithAge(90, 'service'));

    expect(model.rotationReminder).toEqual({
      hint: ACTIVE_KEY.hint,
      ageDays: 90,
      afterDays: 90,
      canRotate: true
    });
  });

  it('does not remind a day earlier', async () => {
    await loaded(listWithAge(89.9, 'service'));

    expect(model.rotationReminder).toBeNull();
  });

  it('follows the setting, and 0 turns it off', async () => {
    await loaded(listWithAge(40, 'service'), 30);
    expect(model.rotationReminder?.ageDays).toBe(40);
    const changed = jest.fn();
    model.changed.connect(changed);

    model.preferences = { rotationReminderDays: 0 };

    expect(model.rotationReminder).toBeNull();
    expect(changed).toHaveBeenCalled();
  });

  it('offers rotation in Lab only for a key of the list', async () => {
    await loaded(listWithAge(120, 'firstSeen'));

    expect(model.rotationReminder).toMatchObject({ ageDays: 120, canRotate: false });
  });

  it('says nothing of a list fetched before Lab’s key changed', async () => {
    await loaded(listWithAge(120, 'service'));

    account.key = { hint: '6789', source: 'qbraidrc' };
    expect(model.rotationReminder).toBeNull();
  });

  it('says nothing without an age or with one it cannot read', async () => {
    await loaded({ ...keyList(), activeKeyAge: null });
    expect(model.rotationReminder).toBeNull();

    await loaded({
      ...keyList(),
      activeKeyAge: { hint: ACTIVE_KEY.hint, since: 'soon', source: 'service' }
    });
    expect(model.rotationReminder).toBeNull();
  });
});
