/**
 * Stop under a platform-like hub, its Lab servers configured as qBraid Lab (hub_process
 * --qbraid-lab: Lab's notifications off, JupyterLab Dark): the "Stopping…" page says the
 * account page is where the server starts again, and the page goes there.
 */
import { expect, test } from '@playwright/test';

import { HubStack, stopFromPanel } from '../tests/hubStack';
import { QBRAID_LAB_HUB_PORT } from '../tests/ports';

/**
 * The Lab servers' page option qbraidAccountUrl. The hub's home stands in for qBraid's
 * account page; the query tells it from the home a plain hub's Lab goes to.
 */
const ACCOUNT_PAGE = `http://127.0.0.1:${QBRAID_LAB_HUB_PORT}/hub/home?account-page`;

let hub: HubStack;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  hub = await HubStack.start(QBRAID_LAB_HUB_PORT, [
    '--access-token',
    `--account-page=${ACCOUNT_PAGE}`,
    '--qbraid-lab'
  ]);
});

test.afterAll(async () => {
  // Unset when its start failed (and stopped it).
  await hub?.stop();
});

test('Stop goes to the account page, which the "Stopping…" page names', async ({
  page
}) => {
  test.setTimeout(180_000);
  await hub.openLab(page);
  // The hub's Lab is qBraid Lab's: its notifications plugin disabled, JupyterLab Dark.
  const disabled = await page.evaluate(
    () =>
      JSON.parse(document.getElementById('jupyter-config-data')!.textContent!)
        .disabledExtensions as string[]
  );
  expect(disabled).toContain('@jupyterlab/apputils-extension:notification');
  await expect(page.locator('body')).toHaveAttribute(
    'data-jp-theme-name',
    'JupyterLab Dark'
  );

  await stopFromPanel(page);
  const stopPage = page.getByRole('alertdialog', { name: 'qBraid instance' });
  await expect(stopPage.getByText('Ask qBraid to stop this server')).toBeVisible();
  await expect(
    stopPage.getByText('Start it again afterwards from the account page')
  ).toBeVisible();
  await expect(stopPage.getByRole('link', { name: ACCOUNT_PAGE })).toBeVisible();

  await page.waitForURL(ACCOUNT_PAGE, { timeout: 90_000 });
  expect(await hub.server()).toBeNull();
});
