import { expect, test } from '@playwright/test';

import { IOwnServer, startOwnServer } from './ownServer';
import { STANDALONE_PORT as PORT } from './ports';

/**
 * Stop shuts the server down, so it gets a Jupyter server of its own rather than the one
 * the other browser tests share.
 */
let server: IOwnServer;

// Each test gets a fresh server (the test shuts it down), so that repeats run too.
test.beforeEach(async ({}, testInfo) => {
  // One budget for the server's start, the test and the server's exit.
  test.setTimeout(180_000);
  server = await startOwnServer(testInfo, PORT);
});

test.afterEach(async ({}, testInfo) => {
  await server.close(testInfo);
});

test(
  'Stop shuts the standalone server down and says so',
  { tag: '@smoke' },
  async ({ page }) => {
    await page.goto(`${server.labUrl}?token=${server.token}`);
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });

    await page.locator('[data-id="jp-qbraid-panel"]').click();
    const panel = page.locator('#jp-qbraid-panel');
    await expect(panel.locator('.jp-qbraid-Uptime')).toBeVisible();
    await expect(panel.getByText('This computer')).toBeVisible();

    await panel.getByRole('button', { name: 'Shut down server' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.getByText('Stop qBraid instance?')).toBeVisible();
    await expect(dialog.getByText('jupyter lab')).toBeVisible();
    await dialog.getByRole('button', { name: 'Stop the instance' }).click();

    await expect(
      page.getByRole('alertdialog').getByText('The server is stopped')
    ).toBeVisible({ timeout: 30_000 });
    const saidStopped = Date.now();
    // Its own wait and message, so that a process that lingers is told apart from a slow page.
    await expect
      .poll(() => server.process.exitCode, {
        message: 'jupyter lab exits after the shutdown (its log is attached)',
        timeout: 60_000
      })
      .toBe(0);
    test.info().annotations.push({
      type: 'measured',
      description: `exited ${(await server.exited) - saidStopped} ms after the page said so`
    });
  }
);
