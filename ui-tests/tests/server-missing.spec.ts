import { expect, test } from '@playwright/test';

import { IOwnServer, startOwnServer } from './ownServer';
import { NO_SERVER_EXTENSION_PORT as PORT } from './ports';

/**
 * Lab with our labextension but our server extension turned off, as after a pip install
 * that was never followed by a restart: one clear message with the fix, no error per section.
 */
let server: IOwnServer;

test.beforeEach(async ({}, testInfo) => {
  test.setTimeout(180_000);
  server = await startOwnServer(testInfo, PORT, [
    'c.ServerApp.jpserver_extensions = {"jupyterlab_qbraid": False}'
  ]);
});

test.afterEach(async ({}, testInfo) => {
  await server.close(testInfo);
});

test('without the server extension the panel says so once, with the fix', async ({
  page
}) => {
  const summary = page.waitForResponse(
    response =>
      response.url().includes('/jupyterlab-qbraid/summary') && response.status() === 404
  );
  await page.goto(`${server.labUrl}?token=${server.token}`);
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await page.locator('[data-id="jp-qbraid-panel"]').click();
  await summary;

  const panel = page.locator('#jp-qbraid-panel');
  const message = panel.getByRole('alert');
  await expect(message).toContainText('pip install --upgrade jupyterlab-qbraid');
  await expect(message).toContainText(
    'jupyter server extension enable jupyterlab_qbraid'
  );
  await expect(panel.getByRole('alert')).toHaveCount(1);
  // The overview stays in the panel's header, hidden, until the account is there.
  await expect(panel.getByText('Credits', { exact: true })).toBeHidden();
  await expect(panel.getByText(/failed \(404\)/)).toHaveCount(0);
});
