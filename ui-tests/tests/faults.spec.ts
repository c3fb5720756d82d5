/**
 * The fault matrix in a real browser: for each way the account API fails, the Credits
 * section shows a clear message with Retry, keeps the last good values on screen marked
 * stale (their "Updated" age says so in words), and Retry brings the panel back once the
 * fault clears. Refresh and Retry are refreshes by hand: the server asks qBraid at once
 * (`fresh=1`), not its cache. During a 429's Retry-After, Retry counts the seconds down
 * ("Try again in N s", changing while watched) and sends nothing before they are over.
 * Tests check the poll in the browser: after a failed Refresh it retries by itself, no
 * sooner than a 429's Retry-After (a refresh by hand meanwhile waits too), and soon after
 * a 500 (a blip); the panel recovers without a click. The age of the values still shown
 * changes while watched (and "Updated" with no request at all: panel.spec.ts).
 *
 * The retry timing is proven with fake timers in src/__tests__/account.spec.ts and
 * src/__tests__/retryFloorPoll.spec.ts: after a transient failure (5xx, timeout,
 * unreachable) the first retry 10-20 s later, then twice as long each time up to 10 min;
 * after another failure at least the interval; a Retry-After is a floor for every tick.
 *
 * Faults are emulator rules on every API route (path '.') with count 0, which holds until
 * cleared (faults.py). The refresh interval is the setting's minimum, 15 s, through Galata's
 * in-memory settings, so nothing on the server has to be put back.
 */
import { expect, galata, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { Locator, Request } from '@playwright/test';

import { clearFaults, IFaultRule, tryAddFault, useCleanEmulator } from './emulator';

const PANEL_ID = 'jp-qbraid-panel';
const GOOD_CREDITS = '12,500 credits';
const INTERVAL_MS = 15_000; // refreshInterval below, the schema's minimum
/** c.QbraidAccount.request_timeout in jupyter_server_test_config.py. */
const REQUEST_TIMEOUT_S = 3;
/**
 * Over the interval: after a failed Refresh lumino's backoff starts from zero and the floor
 * makes it exactly the interval (retryFloorPoll.ts), so only honouring Retry-After waits
 * longer.
 */
const RETRY_AFTER_S = 20;
/** Timer and request-time slack when comparing a delay with what the server asked for. */
const SLACK_MS = 500;
/** The Retry-After of the matrix's 429: short, since Retry waits it out. */
const LOOP_RETRY_AFTER_S = 8;
/** The earliest first retry after a blip (retryFloorPoll.ts). */
const FIRST_RETRY_MS = 10_000;

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
    rule: forever({ status: 429, retryAfter: LOOP_RETRY_AFTER_S }),
    message: 'qBraid is limiting requests (429 TOO_MANY_REQUESTS: Too Many Requests).'
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

function isSummary(sent: Request): boolean {
  return new URL(sent.url()).pathname.endsWith('/jupyterlab-qbraid/summary');
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
    test(`${current.name}: a clear message with Retry, stale values, Retry recovers`, async ({
      page,
      request
    }) => {
      const { panel, credits } = await openWithGoodCredits(page);

      const { added, message } = await tryAddFault(request, current.rule);
      expect(added, `fault "${current.name}" not added: ${message}`).toBe(true);
      await panel.getByRole('button', { name: 'Refresh Credits' }).click();
      const alert = credits.getByRole('alert');
      await expect(alert).toContainText(current.message, {
        timeout: (REQUEST_TIMEOUT_S + 10) * 1000
      });
      // The last good values stay on screen, marked as such.
      await expect(alert).toContainText('may be out of date');
      await expect(credits.locator('.jp-qbraid-Balance-credits')).toHaveText(
        GOOD_CREDITS
      );
      await expect(credits.locator('.jp-qbraid-Card')).toHaveClass(
        /jp-qbraid-mod-stale/
      );
      // Their age, as the server fetched them, says in words that they are stale.
      const updated = credits.locator('.jp-qbraid-UpdatedAt');
      await expect(updated).toContainText('(stale: the last refresh failed)');

      const retryAfter = current.rule.retryAfter;
      if (retryAfter !== undefined) {
        // Retry waits out the Retry-After, counting it down.
        const retry = alert.locator('.jp-qbraid-RetryButton');
        await expect(retry).toHaveText(/^Try again in \d+ s$/);
        await expect(retry).toBeDisabled();
        const shown = (await retry.textContent())!;
        await expect(retry).not.toHaveText(shown);
        await expect(retry).toHaveText(/^Try again in \d+ s$/);
      }
      await clearFaults(request);
      await alert
        .getByRole('button', { name: 'Retry' })
        .click({ timeout: ((retryAfter ?? 0) + 10) * 1000 });
      await expect(alert).toBeHidden();
      await expect(credits.locator('.jp-qbraid-Balance-credits')).toHaveText(
        GOOD_CREDITS
      );
      await expect(credits.locator('.jp-qbraid-Card')).not.toHaveClass(
        /jp-qbraid-mod-stale/
      );
      await expect(updated).not.toContainText('stale');
    });
  }

  test(`429 with Retry-After: ${RETRY_AFTER_S}: the poll retries by itself no sooner, and the panel recovers`, async ({
    page,
    request
  }) => {
    test.setTimeout((RETRY_AFTER_S + 60) * 1000);
    const { panel, credits } = await openWithGoodCredits(page);
    const { added, message } = await tryAddFault(request, {
      path: '.',
      count: 0,
      status: 429,
      retryAfter: RETRY_AFTER_S
    });
    expect(added, `fault not added: ${message}`).toBe(true);

    const failedRefresh = page.waitForRequest(isSummary).then(() => Date.now());
    await panel.getByRole('button', { name: 'Refresh Credits' }).click();
    const failedAt = await failedRefresh;
    const alert = credits.getByRole('alert');
    const retry = alert.locator('.jp-qbraid-RetryButton');
    await expect(retry).toHaveText(/^Try again in \d+ s$/);
    // The count changes while watched.
    const shown = (await retry.textContent())!;
    await expect(retry).not.toHaveText(shown);

    // Cleared at once; a refresh by hand now waits for the Retry-After too, so the next
    // summary the page sends comes no sooner.
    const retried = page
      .waitForRequest(isSummary, { timeout: (RETRY_AFTER_S + 30) * 1000 })
      .then(() => Date.now());
    await clearFaults(request);
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('jupyterlab-qbraid:refresh-account')
    );
    const delay = (await retried) - failedAt;
    note(`automatic retry ${(delay / 1000).toFixed(1)} s after the failed Refresh`);
    expect(delay).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - SLACK_MS);
    // Nothing is clicked: the retry's answer brings the panel back.
    await expect(alert).toBeHidden();
    await expect(credits.locator('.jp-qbraid-Card')).not.toHaveClass(
      /jp-qbraid-mod-stale/
    );
  });
  test('after a 500 the poll retries by itself soon, and the panel recovers', async ({
    page,
    request
  }) => {
    test.setTimeout(120_000);
    const { panel, credits } = await openWithGoodCredits(page);
    const { added, message } = await tryAddFault(request, forever({ status: 500 }));
    expect(added, `fault not added: ${message}`).toBe(true);

    const failedRefresh = page.waitForRequest(isSummary).then(() => Date.now());
    await panel.getByRole('button', { name: 'Refresh Credits' }).click();
    const failedAt = await failedRefresh;
    const alert = credits.getByRole('alert');
    await expect(alert).toContainText('The qBraid API failed (500');
    // The age of the values still shown changes while watched.
    const stale = alert.locator('.jp-qbraid-Stale');
    const age = (await stale.textContent())!;
    await expect(stale).not.toHaveText(age);

    const retried = page
      .waitForRequest(isSummary, { timeout: 60_000 })
      .then(() => Date.now());
    await clearFaults(request);
    const delay = (await retried) - failedAt;
    note(
      `automatic retry ${(delay / 1000).toFixed(1)} s after the failed Refresh (a 500)`
    );
    expect(delay).toBeGreaterThanOrEqual(FIRST_RETRY_MS - SLACK_MS);
    await expect(alert).toBeHidden();
  });
});
