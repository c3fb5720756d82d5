import { expect, test } from '@playwright/test';

import { HubStack, openPanel, stopFromPanel } from './hubStack';
import { PLAIN_HUB_PORT } from './ports';

/**
 * Stops under an ordinary JupyterHub (not a qBraid platform pod): Lab's own token may stop
 * its server, and the hub's home page is where it starts again.
 */
let hub: HubStack;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(150_000);
  hub = await HubStack.start(PLAIN_HUB_PORT, ['--plain-hub']);
});

test.afterAll(async () => {
  // Unset when its start failed (and stopped it).
  await hub?.stop();
});

test('Stop shows each step, then lands on a hub home page that offers the start', async ({
  page
}) => {
  test.setTimeout(180_000);
  await hub.openLab(page);
  // The page reads the hub's own report of the server with the person's hub login (a
  // refusal, such as a failed XSRF check, would be a 403), servers listed. The answer the
  // page navigates away from cannot be read here, those before it can; on a quick stop
  // that answer is the only one.
  const reports: number[] = [];
  const listsServers: boolean[] = [];
  page.on('response', async response => {
    if (response.url().endsWith('/hub/api/user')) {
      reports.push(response.status());
      const user = await response.json().catch(() => null);
      if (user) {
        listsServers.push(user.servers !== undefined);
      }
    }
  });
  await stopFromPanel(page);

  const stopPage = page.getByRole('alertdialog', { name: 'qBraid instance' });
  await expect(stopPage.getByText('Ask JupyterHub to stop this server')).toBeVisible();
  await expect(
    stopPage.getByText('Start it again afterwards from the hub home page')
  ).toBeVisible();
  // The step under way is marked as such; the last one comes once the server is gone.
  await expect(
    stopPage.locator('[aria-current="step"]', {
      hasText: 'Wait for the hub to report the server stopped'
    })
  ).toBeVisible({ timeout: 60_000 });

  await page.waitForURL(/\/hub\/home$/, { timeout: 90_000 });
  expect(reports.length).toBeGreaterThan(0);
  expect(new Set(reports)).toEqual(new Set([200]));
  expect(listsServers).not.toContain(false);
  // As drawn, without a reload: the hub had finished the stop before the page came.
  await expect(page.getByRole('button', { name: 'Start My Server' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop My Server' })).toBeHidden();
  expect(await hub.server()).toBeNull();
});

test('a stop from another tab replaces this tab’s panel with who stopped it', async ({
  page,
  context
}) => {
  test.setTimeout(180_000);
  await hub.openLab(page);
  const other = await context.newPage();
  // JupyterHub's own "Server unavailable or unreachable" dialog comes too, whenever Lab's
  // next look at its kernels fails; a person dismisses it.
  await other.addLocatorHandler(
    other.getByText('Server unavailable or unreachable'),
    async () => {
      await other.getByRole('button', { name: 'Dismiss' }).click();
    }
  );
  await other.goto(page.url());
  await other.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  const otherPanel = await openPanel(other);
  await expect(otherPanel.getByText('Stop server')).toBeVisible();

  await stopFromPanel(page);

  // Within 10 s of the stop: the server's event reaches the other tab at once.
  await expect(
    otherPanel.getByText('You stopped this instance in another tab.')
  ).toBeVisible({ timeout: 10_000 });
  // One message in place of every section: none shows an error of the stopped server.
  await expect(otherPanel.locator('.jp-qbraid-Section')).toHaveCount(1);
  await expect(otherPanel.locator('.jp-qbraid-SectionError')).toHaveCount(0);

  const start = otherPanel.getByRole('button', {
    name: 'Start it again on the hub home page'
  });
  // Enabled once the hub reports the server stopped.
  await expect(start).toBeEnabled({ timeout: 90_000 });
  await expect(otherPanel.getByText('The instance is stopped.')).toBeVisible();
  await start.click();
  await other.waitForURL(/\/hub\/home$/);
  await expect(other.getByRole('button', { name: 'Start My Server' })).toBeVisible();
  await other.close();
});

test('a server the hub stops with no tab asking: the tab says JupyterHub stopped it', async ({
  page
}) => {
  test.setTimeout(180_000);
  await hub.openLab(page);
  const panel = await openPanel(page);
  await expect(panel.getByText('Stop server')).toBeVisible();

  // As an administrator or an idle culler does, through the hub's API.
  expect((await hub.api('DELETE', '/users/demo/server')).status).toBeLessThan(300);

  // Lab notices when its next look at its kernels fails.
  await expect(
    panel.getByText('JupyterHub stopped this Lab server; no tab asked for it', {
      exact: false
    })
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    panel.getByRole('button', { name: 'Start it again on the hub home page' })
  ).toBeEnabled({ timeout: 60_000 });
});
