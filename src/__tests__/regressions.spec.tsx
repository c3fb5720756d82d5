/** Regression tests for fixes in the instance model, the status item and the compute cards. */

import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { act, cleanup, render, screen } from '@testing-library/react';
import * as React from 'react';

import { IInstanceInfo, QbraidApiError } from '../api';
import { ComputeHoursCard } from '../account/ComputeHoursCard';
import { SessionCard } from '../instance/SessionCard';
import { InstanceModel } from '../instance/model';
import { QbraidStatusItem } from '../account/statusItem';
import {
  apiError,
  COMPUTE,
  CREDITS,
  FakeAccount,
  fakeApi,
  HUB_HOME_URL,
  instanceInfo,
  rejection,
  section,
  SESSION_NOW
} from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

/** The value shown after a <dt> label. */
const fact = (label: string) => screen.getByText(label).nextElementSibling!;

describe('InstanceModel.stop under JupyterHub: answers while polling', () => {
  let api: ReturnType<typeof fakeApi>;
  let model: InstanceModel;

  const stopping = (): IInstanceInfo =>
    instanceInfo({ stop: { state: 'stopping', error: null, route: 'hub' } });

  async function hubModel(options: Partial<InstanceModel.IOptions> = {}) {
    model = new InstanceModel({
      api,
      shutdownServer: jest.fn(() => Promise.resolve()),
      hubHomeUrl: HUB_HOME_URL,
      stopCheckMs: 1,
      ...options
    });
    await model.refresh();
    api.instance.mockClear();
    return model;
  }

  beforeEach(() => {
    api = fakeApi();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it.each([
    [
      'a 500 with the handler’s own error',
      apiError('server_error', 'The hub stop check crashed: KeyError.')
    ],
    [
      'a 500 that is not JSON (Tornado’s own page)',
      apiError('server_error', 'The qBraid server extension failed (500).')
    ]
  ])('fails, not stopped, on %s: the server is still there', async (_, info) => {
    await hubModel();
    const own = new QbraidApiError(info, 500);
    expect(info.upstreamStatus).toBeNull();
    api.instance.mockResolvedValueOnce(stopping()).mockRejectedValueOnce(own);

    const error = await rejection(model.stop());

    expect(error).toBe(own);
    expect(model.phase).toBe('failed');
    expect(model.stopError).toEqual(info);
    expect(api.instance).toHaveBeenCalledTimes(2);
  });

  it('still counts a server_error without upstream status from the proxy (503) as gone', async () => {
    await hubModel();
    api.instance.mockRejectedValueOnce(
      new QbraidApiError(
        apiError('server_error', 'The qBraid server extension failed (503).'),
        503
      )
    );

    await model.stop();

    expect(model.phase).toBe('stopped');
  });

  it.each([
    [45 * 1000, '45 s'],
    [90 * 1000, '90 s'],
    [undefined, '120 s']
  ])(
    'says how long it waited when stopTimeoutMs is %p',
    async (stopTimeoutMs, said) => {
      jest.useFakeTimers();
      await hubModel({ stopCheckMs: 1000, stopTimeoutMs });
      api.instance.mockResolvedValue(stopping());

      const failed = rejection(model.stop());
      await jest.advanceTimersByTimeAsync((stopTimeoutMs ?? 120 * 1000) + 2000);
      const error = await failed;

      expect(error.kind).toBe('timeout');
      expect(error.message).toBe(
        `JupyterHub has not stopped the server after ${said}. It may still be stopping; the hub home page shows its state.`
      );
      expect(model.phase).toBe('failed');
      expect(model.stopError!.message).toBe(error.message);
    }
  );

  it('rounds the timeout to whole seconds', async () => {
    jest.useFakeTimers();
    await hubModel({ stopCheckMs: 100, stopTimeoutMs: 2400 });
    api.instance.mockResolvedValue(stopping());

    const failed = rejection(model.stop());
    await jest.advanceTimersByTimeAsync(3000);

    expect((await failed).message).toContain('after 2 s.');
  });
});

describe('QbraidStatusItem title with stale parts', () => {
  let account: FakeAccount;
  let item: QbraidStatusItem;

  beforeEach(async () => {
    account = new FakeAccount();
    account.configured = true;
    item = new QbraidStatusItem(account, trans, jest.fn());
    await act(async () => {
      Widget.attach(item, document.body);
    });
  });

  afterEach(async () => {
    await act(async () => {
      item.dispose();
    });
  });

  const button = () => item.node.querySelector('button')!;

  async function show(): Promise<void> {
    await act(async () => {
      account.emit();
    });
  }

  it('names the compute error when only the hours are stale, the credits fine', async () => {
    account.credits = section({ data: CREDITS, updatedAt: new Date() });
    account.compute = section({
      data: COMPUTE,
      updatedAt: new Date(),
      error: apiError('timeout', 'Compute hours took too long.')
    });
    await show();

    expect(button().classList).toContain('jp-qbraid-mod-stale');
    expect(button().title).toBe(
      'qBraid account: click to open the panel\nCompute hours: 7 of 10 left this month\nLast refresh failed: Compute hours took too long.'
    );
  });

  it('names the compute error, not the credits’ one, when the credits failed without data', async () => {
    // Credits never came (so they are not stale): their error is not the refresh that failed.
    account.credits = section({
      error: apiError('not_found', 'No credits for this account.')
    });
    account.compute = section({
      data: COMPUTE,
      updatedAt: new Date(),
      error: apiError('unreachable', 'qBraid cannot be reached for hours.')
    });
    await show();

    expect(button().classList).toContain('jp-qbraid-mod-stale');
    expect(button().title).toContain(
      'Last refresh failed: qBraid cannot be reached for hours.'
    );
    expect(button().title).not.toContain('No credits for this account.');
    // Named by what it shows; the title describes the rest.
    expect(button().getAttribute('aria-label')).toBeNull();
  });

  it('names the credits error when only the credits are stale', async () => {
    account.credits = section({
      data: CREDITS,
      error: apiError('timeout', 'Credits took too long.')
    });
    account.compute = section({ error: apiError('not_found', 'No compute hours.') });
    await show();

    expect(button().title).toContain('Last refresh failed: Credits took too long.');
    expect(button().title).not.toContain('No compute hours.');
  });
});

describe('ComputeHoursCard renewal date', () => {
  const original = Date.prototype.toLocaleDateString;
  /** The 1st of December as the day it is, for comparing what the card shows. */
  const FIRST = original.call(new Date(Date.UTC(2026, 11, 1, 12)), undefined, {
    dateStyle: 'medium',
    timeZone: 'UTC'
  });

  /**
   * Format dates as a browser in `timeZone` would: jest's process cannot change its own
   * zone, so a date formatted without a zone is formatted in this one.
   */
  function livingIn(timeZone: string): void {
    jest.spyOn(Date.prototype, 'toLocaleDateString').mockImplementation(function (
      this: Date,
      locales?: Intl.LocalesArgument,
      options?: Intl.DateTimeFormatOptions
    ) {
      return original.call(this, locales, { timeZone, ...options });
    });
  }

  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** The start of December in `timeZone`, as the server sends it. */
  const RENEWALS: [string, string][] = [
    ['America/Los_Angeles', '2026-12-01T08:00:00.000Z'],
    ['Pacific/Pago_Pago', '2026-12-01T11:00:00.000Z'],
    ['Pacific/Kiritimati', '2026-11-30T10:00:00.000Z'],
    ['Asia/Tokyo', '2026-11-30T15:00:00.000Z'],
    ['UTC', '2026-12-01T00:00:00.000Z']
  ];

  function renewsText(renewsAt: string, timeZone: string): string {
    render(
      <ComputeHoursCard
        hours={{ ...COMPUTE, renewsAt, timeZone }}
        low={false}
        lowThreshold={10}
        stale={false}
        trans={trans}
      />
    );
    return fact('Renews').textContent!;
  }

  it.each(RENEWALS)(
    'shows the 1st for a month counted in %s, wherever the browser is',
    (timeZone, renewsAt) => {
      for (const browserZone of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles']) {
        livingIn(browserZone);
        expect(renewsText(renewsAt, timeZone)).toBe(FIRST);
        cleanup();
        jest.restoreAllMocks();
      }
    }
  );

  it('would have shown another day without the counted time zone', () => {
    // Checks the instants above are not all the 1st anyway: the test is not vacuous.
    livingIn('UTC');

    expect(
      new Date('2026-11-30T15:00:00.000Z').toLocaleDateString(undefined, {
        dateStyle: 'medium'
      })
    ).not.toBe(FIRST);
    expect(renewsText('2026-11-30T15:00:00.000Z', 'Asia/Tokyo')).toBe(FIRST);
  });

  it('still shows a date when the time zone is unknown to the browser', () => {
    expect(renewsText('2026-12-01T00:00:00.000Z', 'Not/A_Zone')).toBe(
      new Date('2026-12-01T00:00:00.000Z').toLocaleDateString(undefined, {
        dateStyle: 'medium'
      })
    );
  });
});

describe('SessionCard under a hub that names no user', () => {
  it('says JupyterHub server alone, without empty brackets', () => {
    render(
      <SessionCard
        info={instanceInfo({ user: null })}
        phase="running"
        nextStopAt={null}
        onStop={jest.fn()}
        accountUrl={null}
        trans={trans}
        now={() => SESSION_NOW}
      />
    );

    expect(fact('Running on').textContent).toBe('JupyterHub server');
    expect(fact('Running on').textContent).not.toContain('(');
  });

  it('names the user when the hub does', () => {
    render(
      <SessionCard
        info={instanceInfo({ user: 'grace' })}
        phase="running"
        nextStopAt={null}
        onStop={jest.fn()}
        accountUrl={null}
        trans={trans}
        now={() => SESSION_NOW}
      />
    );

    expect(fact('Running on').textContent).toBe('JupyterHub server (grace)');
  });
});
