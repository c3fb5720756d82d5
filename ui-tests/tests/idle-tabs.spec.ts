import { expect, Page, test } from '@playwright/test';

import { HubStack, setIdleMinutes } from './hubStack';
import { IDLE_HUB_PORT } from './ports';

/**
 * One Lab open in two tabs, under a real hub: the server's idle clock counts input from
 * every tab and warns them all at once (src/__tests__/idleStop.spec.ts and
 * tests/server/test_idle_stop.py prove the counting itself).
 */

const IDLE_SOCKET = 'jupyterlab-qbraid/idle/socket';
const COUNTDOWN = 'the qBraid instance stops in';

/** What a tab's idle socket carried: the server's states and the tab's input reports. */
interface ISocketLog {
  states: {
    phase: string;
    idleLimitMinutes: number | null;
    nextStopAt: string | null;
  }[];
  activity: number;
}

let hub: HubStack;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  hub = await HubStack.start(IDLE_HUB_PORT, [
    '--plain-hub',
    // The idle stop as deployed, with a shorter look and warning so that its tests wait less.
    '--lab-option=--QbraidAccount.idle_check_seconds=1',
    '--lab-option=--QbraidAccount.idle_grace_seconds=20'
  ]);
});

test.afterAll(async () => {
  await hub?.stop();
});

/** Follows `page`'s idle sockets (a reconnect's too); to be called before Lab loads. */
function followIdleSocket(page: Page): ISocketLog {
  const log: ISocketLog = { states: [], activity: 0 };
  page.on('websocket', socket => {
    if (!socket.url().includes(IDLE_SOCKET)) {
      return;
    }
    socket.on('framereceived', ({ payload }) => {
      const message = JSON.parse(String(payload));
      if (message.type === 'state') {
        log.states.push(message);
      }
    });
    socket.on('framesent', ({ payload }) => {
      if (JSON.parse(String(payload)).type === 'activity') {
        log.activity += 1;
      }
    });
  });
  return log;
}

const lastState = (log: ISocketLog) => log.states[log.states.length - 1] ?? null;

/** Two tabs of the one Lab, each with its idle socket followed. */
async function openTwoTabs(
  page: Page
): Promise<{ second: Page; first: ISocketLog; other: ISocketLog }> {
  const first = followIdleSocket(page);
  await hub.openLab(page);
  const second = await page.context().newPage();
  const other = followIdleSocket(second);
  await second.goto(`${hub.state.userUrl}lab`);
  await second.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  // Each tab's idle client loads after Lab has restored: input counts once it is there.
  for (const log of [first, other]) {
    await expect.poll(() => log.states.length, { timeout: 30_000 }).toBeGreaterThan(0);
  }
  return { second, first, other };
}

/** Set the idle limit, and wait until the server has told both tabs it. */
async function idleLimit(
  page: Page,
  minutes: number,
  logs: ISocketLog[]
): Promise<void> {
  await setIdleMinutes(page, minutes);
  for (const log of logs) {
    await expect
      .poll(() => lastState(log)?.idleLimitMinutes ?? 0, { timeout: 30_000 })
      .toBe(minutes);
  }
}

test('input in one tab keeps both running, with no countdown in either', async ({
  page
}) => {
  test.setTimeout(360_000);
  const { second, first, other } = await openTwoTabs(page);
  try {
    // Input first: the new limit counts from it, however long ago the hub started Lab.
    await page.keyboard.press('Shift');
    await expect
      .poll(() => first.activity, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(1);
    const reported = first.activity;
    await idleLimit(page, 2, [first, other]);
    const toldFirst = lastState(other)!.nextStopAt!;

    // A tab reports input at once, then at most once a minute: four reports span three
    // minutes, past the two idle minutes and the 20 s warning after which the other tab
    // alone would have seen the instance stop.
    for (let more = 1; more <= 3; more++) {
      await page.keyboard.press('Shift');
      await expect
        .poll(() => first.activity, { timeout: 90_000 })
        .toBe(reported + more);
    }

    // The other tab heard its next stop move on with the first tab's input, and shows it
    // in its status bar (under 15 minutes away).
    await expect
      .poll(() => Date.parse(lastState(other)!.nextStopAt!), { timeout: 30_000 })
      .toBeGreaterThan(Date.parse(toldFirst));
    await expect(second.locator('.jp-qbraid-StatusItem-stop')).toHaveText(
      /^Stops (in \d+ min|within a minute)$/
    );
    expect(other.activity).toBe(0);
    for (const log of [first, other]) {
      expect(log.states.filter(state => state.phase !== 'running')).toEqual([]);
    }
    for (const tab of [page, second]) {
      await expect(tab.locator('.Toastify__toast', { hasText: COUNTDOWN })).toHaveCount(
        0
      );
    }
    expect((await hub.server())?.ready).toBe(true);
  } finally {
    // With both tabs closed the server stops by itself once idle: not before the next test.
    await idleLimit(page, 0, [first, other]);
    await second.close();
  }
});

test('both tabs idle: one countdown in both; "Keep running" in one ends it in both', async ({
  page
}) => {
  test.setTimeout(300_000);
  const { second, first, other } = await openTwoTabs(page);
  try {
    await idleLimit(page, 1, [first, other]);

    const countdowns = [page, second].map(tab =>
      tab.locator('.Toastify__toast', { hasText: COUNTDOWN })
    );
    for (const countdown of countdowns) {
      await expect(countdown).toBeVisible({ timeout: 120_000 });
      await expect(countdown).toHaveCount(1);
    }
    for (const log of [first, other]) {
      expect(lastState(log)!.phase).toBe('warning');
    }

    await countdowns[0].getByRole('button', { name: 'Keep running' }).click();

    for (const countdown of countdowns) {
      await expect(countdown).toBeHidden();
    }
    for (const log of [first, other]) {
      expect(lastState(log)!.phase).toBe('running');
    }
    expect((await hub.server())?.ready).toBe(true);
  } finally {
    await idleLimit(page, 0, [first, other]);
    await second.close();
  }
});
