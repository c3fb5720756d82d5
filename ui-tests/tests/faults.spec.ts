/**
 * The fault matrix in a real browser: for each way the account API fails, the Credits
 * section shows a clear message with Retry, keeps the last good values on screen marked
 * stale, the poll backs off while the fault lasts, and the panel recovers by itself (no
 * click) once the fault clears.
 *
 * Faults are emulator rules on every API route (path '.') with count 0, which holds until
 * cleared (faults.py). The refresh interval is the setting's minimum, 15 s, through Galata's
 * in-memory settings, so nothing on the server has to be put back. The Poll's backoff
 * (@lumino/polling): after a failed tick the next one comes after a random time between the
 * interval and 3x the previous delay, at most 10 min here.
 */
import { expect, galata, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { APIRequestContext, Locator, Request } from '@playwright/test';

import { clearFaults, IFaultRule, tryAddFault, useCleanEmulator } from './emulator';

const PANEL_ID = 'jp-qbraid-panel';
const GOOD_CREDITS = '12,500 credits';
const INTERVAL_MS = 15_000; // refreshInterval below, the schema's minimum
/** c.QbraidAccount.request_timeout in jupyter_server_test_config.py. */
const REQUEST_TIMEOUT_S = 3;
/**
 * After a failed Refresh and a clear, the next tick comes within max(interval, 3x the last
 * delay): 45 s at worst when a second failure slipped in before the clear.
 */
const RECOVERY_MS = 50_000;
/**
 * Without backoff, requests at +15, +30 and +45 s after a failure: 3 in this window. With
 * backoff every delay is at least 15 s and the first is 15-45 s, so 3 would need three
 * delays of about 15-16 s in a row (well under 1 in 1000).
 */
const WINDOW_MS = 48_000;
const HEALTHY_IN_WINDOW = Math.floor(WINDOW_MS / INTERVAL_MS);
/** Timer and request-time slack when comparing delays with the interval. */
const SLACK_MS = 500;

interface IFaultCase {
  name: string;
  rule: IFaultRule;
  /** What the Credits section says. */
  message: string;
}

/** On every API route, until cleared. */
const forever = (rule: Omit<IFaultRule, 'path'>): IFaultRule => ({
  ...rule,
  path: '.',
  count: 0
});

const FAULTS: IFaultCase[] = [
  {
    // Every connection closed without an answer.
    name: 'API down',
    rule: forever({ drop: true }),
    message: 'closed the connection without answering'
  },
  {
    name: '401',
    rule: forever({ status: 401 }),
    message: 'qBraid rejected the API key (401 UNAUTHORIZED: Authentication required).'
  },
  {
    name: '403',
    rule: forever({ status: 403 }),
    message: 'qBraid refused this request for the API key (403 FORBIDDEN: Forbidden).'
  },
  {
    name: '404',
    rule: forever({ status: 404 }),
    message: 'qBraid has no such resource for this API key (404 NOT_FOUND: Not Found).'
  },
  {
    name: '429 with Retry-After',
    rule: forever({ status: 429, retryAfter: 30 }),
    message:
      'qBraid is limiting requests (429 TOO_MANY_REQUESTS: Too Many Requests). Try again in 30 s.'
  },
  {
    name: '500',
    rule: forever({ status: 500 }),
    message: 'The qBraid API failed (500 INTERNAL_SERVER_ERROR: Internal Server Error).'
  },
  {
    name: '502',
    rule: forever({ status: 502 }),
    message: 'The qBraid API failed (502 BAD_GATEWAY: Bad Gateway).'
  },
  {
    name: 'timeout',
    rule: forever({ latencyMs: (REQUEST_TIMEOUT_S + 2) * 1000 }),
    message: `The qBraid API did not answer within ${REQUEST_TIMEOUT_S} s.`
  },
  {
    name: 'malformed JSON',
    rule: forever({ malformed: true }),
    message: 'The qBraid API answered with something that is not JSON.'
  },
  {
    name: 'body missing fields',
    rule: forever({ status: 200, body: { success: true, data: {} } }),
    message: "The qBraid API's answer has no usable 'qbraidCredits'."
  }
];

// A 429's own wait is checked below, after a failed Refresh.
const BACKOFF_FAULTS = ['500', 'API down'];

function fault(name: string): IFaultCase {
  const found = FAULTS.find(candidate => candidate.name === name);
  if (!found) {
    throw new Error(`no fault ${name}`);
  }
  return found;
}

async function inject(
  request: APIRequestContext,
  { name, rule }: IFaultCase
): Promise<void> {
  const { added, message } = await tryAddFault(request, rule);
  expect(added, `fault "${name}" not added: ${message}`).toBe(true);
}

/** The start time (ms) of every GET qbraid/summary the page sends from now on. */
function recordSummaries(page: IJupyterLabPageFixture): number[] {
  const times: number[] = [];
  page.on('request', (sent: Request) => {
    if (new URL(sent.url()).pathname.endsWith('/qbraid/summary')) {
      times.push(Date.now());
    }
  });
  return times;
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]);
}

/** Wait for a summary request after `since`; its time, or null after `timeout` ms. */
async function nextSummary(
  page: IJupyterLabPageFixture,
  summaries: number[],
  since: number,
  timeout: number
): Promise<number | null> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const next = summaries.find(time => time > since);
    if (next !== undefined || Date.now() > deadline) {
      return next ?? null;
    }
    await page.waitForTimeout(100);
  }
}

function note(description: string): void {
  test.info().annotations.push({ type: 'measured', description });
  console.log(`[${test.info().title}] ${description}`);
}

async function openWithGoodCredits(
  page: IJupyterLabPageFixture
): Promise<{ panel: Locator; credits: Locator }> {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  const credits = panel.locator('.jp-qbraid-CreditsSection');
  await expect(credits.locator('.jp-qbraid-Balance-credits')).toHaveText(GOOD_CREDITS);
  await expect(credits.getByRole('alert')).toHaveCount(0);
  return { panel, credits };
}

test.describe('qBraid panel under API faults', () => {
  useCleanEmulator();
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-qbraid:account': { refreshInterval: INTERVAL_MS / 1000 }
    }
  });
  test.afterEach(async ({ request }) => {
    await clearFaults(request);
  });

  for (const current of FAULTS) {
    test(`${current.name}: a clear message with Retry, stale values, recovery by itself`, async ({
      page,
      request
    }) => {
      test.setTimeout(120_000);
      const summaries = recordSummaries(page);
      const { panel, credits } = await openWithGoodCredits(page);

      await inject(request, current);
      await panel.getByRole('button', { name: 'Refresh Credits' }).click();
      const alert = credits.getByRole('alert');
      await expect(alert).toContainText(current.message, {
        timeout: (REQUEST_TIMEOUT_S + 10) * 1000
      });
      await expect(alert.getByRole('button', { name: 'Retry' })).toBeEnabled();
      // The last good values stay on screen, marked as such.
      await expect(alert).toContainText('may be out of date');
      await expect(credits.locator('.jp-qbraid-Balance-credits')).toHaveText(
        GOOD_CREDITS
      );
      await expect(credits.locator('.jp-qbraid-Card')).toHaveClass(
        /jp-qbraid-mod-stale/
      );

      await clearFaults(request);
      const clearedAt = Date.now();
      // Nothing is clicked from here on: the poll's next tick brings the panel back.
      await expect(alert).toBeHidden({ timeout: RECOVERY_MS });
      const recoveredAt = Date.now();
      await expect(credits.locator('.jp-qbraid-Balance-credits')).toHaveText(
        GOOD_CREDITS
      );
      await expect(credits.locator('.jp-qbraid-Card')).not.toHaveClass(
        /jp-qbraid-mod-stale/
      );
      note(
        `recovered ${((recoveredAt - clearedAt) / 1000).toFixed(1)} s after the clear; ` +
          `summary requests ${summaries.length}, gaps ${gaps(summaries)
            .map(gap => (gap / 1000).toFixed(1))
            .join(', ')} s`
      );
    });
  }

  test.describe('backoff', () => {
    // Navigate inside the test, once the request counter listens.
    test.use({ autoGoto: false });

    for (const name of BACKOFF_FAULTS) {
      test(`${name}: the poll backs off while the fault lasts`, async ({
        page,
        request
      }) => {
        test.setTimeout(150_000);
        const current = fault(name);
        const summaries = recordSummaries(page);
        await page.goto();
        await openWithGoodCredits(page);
        const healthy = summaries.length;
        expect(healthy).toBeGreaterThanOrEqual(1);

        // The regular tick after the good one is the first to fail.
        await inject(request, current);
        const firstFailure = await nextSummary(
          page,
          summaries,
          summaries[healthy - 1],
          INTERVAL_MS + 10_000
        );
        expect(firstFailure, 'no regular tick after the good one').not.toBeNull();
        const healthyGap = firstFailure! - summaries[healthy - 1];
        // The healthy rhythm: one summary per refresh interval.
        expect(healthyGap).toBeGreaterThanOrEqual(INTERVAL_MS - SLACK_MS);
        expect(healthyGap).toBeLessThan(INTERVAL_MS + 5_000);
        await expect(
          page.locator(`#${PANEL_ID} .jp-qbraid-CreditsSection`).getByRole('alert')
        ).toContainText(current.message);

        await page.waitForTimeout(firstFailure! + WINDOW_MS - Date.now());
        const failing = summaries.filter(
          time => time >= firstFailure! && time <= firstFailure! + WINDOW_MS
        );
        const delays = gaps(failing);
        note(
          `healthy gap ${(healthyGap / 1000).toFixed(1)} s; ` +
            `${failing.length - 1} requests in the ${WINDOW_MS / 1000} s after the ` +
            `first failure (${HEALTHY_IN_WINDOW} without backoff); delays ` +
            `${delays.map(gap => (gap / 1000).toFixed(1)).join(', ') || 'none'} s`
        );
        expect(failing.length - 1).toBeLessThan(HEALTHY_IN_WINDOW);
        for (const delay of delays) {
          expect(delay).toBeGreaterThanOrEqual(INTERVAL_MS - SLACK_MS);
        }
      });
    }
  });

  /*
   * After a failed Refresh by hand, lumino's backoff would start from its zero delay; the
   * model's poll waits at least the interval, and at least a 429's Retry-After.
   */
  test.describe('backoff after a failed Refresh', () => {
    for (const [name, rule, holdOffMs] of [
      ['500', forever({ status: 500 }), INTERVAL_MS],
      // More than 3x the interval, so only honouring Retry-After gets there.
      ['429 with Retry-After: 50', forever({ status: 429, retryAfter: 50 }), 50_000]
    ] as [string, IFaultRule, number][]) {
      test(`${name}: no automatic retry sooner than ${holdOffMs / 1000} s`, async ({
        page,
        request
      }) => {
        test.setTimeout(holdOffMs + 60_000);
        const summaries = recordSummaries(page);
        const { panel, credits } = await openWithGoodCredits(page);
        await inject(request, { name, rule, message: '' });
        await panel.getByRole('button', { name: 'Refresh Credits' }).click();
        await expect(credits.getByRole('alert')).toBeVisible();
        const failedRefresh = summaries[summaries.length - 1];
        const next = await nextSummary(
          page,
          summaries,
          failedRefresh,
          holdOffMs - SLACK_MS - (Date.now() - failedRefresh)
        );
        note(
          next === null
            ? `no automatic retry within ${holdOffMs / 1000} s`
            : `automatic retry ${((next - failedRefresh) / 1000).toFixed(1)} s after the failed Refresh`
        );
        expect(next, 'an automatic retry came too soon').toBeNull();
      });
    }
  });
});
