import { expect, test } from '@jupyterlab/galata';
import { Page } from '@playwright/test';

import { addFault, useCleanEmulator } from './emulator';

const PANEL_ID = 'jp-qbraid-panel';

async function openKeys(page: Page) {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel.getByRole('list', { name: 'API keys' })).toBeVisible();
  return panel;
}

/** A key made through the server routes, as another tab or the palette would. */
async function createKey(page: Page, name: string): Promise<string> {
  const response = await page.request.post('/qbraid/keys', { data: { name } });
  expect(response.status()).toBe(201);
  return (await response.json()).secret;
}

async function readSecretAndClose(page: Page, keyName: string): Promise<string> {
  const dialog = page.locator('.jp-Dialog');
  const secret = await dialog.getByLabel(`Secret of ${keyName}`).inputValue();
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  return secret;
}

async function expectSecretNowhere(page: Page, secret: string) {
  expect(await page.content()).not.toContain(secret);
  const stored = await page.evaluate(() =>
    JSON.stringify([{ ...localStorage }, { ...sessionStorage }])
  );
  expect(stored).not.toContain(secret);
  expect(page.url()).not.toContain(secret);
}

test.describe('API keys', () => {
  useCleanEmulator();

  test('creates a key whose secret is shown once and kept nowhere', async ({
    page
  }) => {
    const panel = await openKeys(page);
    await panel.getByRole('button', { name: 'Create an API key' }).click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByLabel('Key name').fill('   ');
    await expect(dialog.getByRole('alert')).toContainText('Give the key a name');
    await dialog.getByLabel('Key name').fill('Notebook laptop');
    await dialog.getByRole('button', { name: 'Create' }).click();

    await expect(dialog.getByText('it will not be shown again')).toBeVisible();
    const secret = await readSecretAndClose(page, 'Notebook laptop');
    expect(secret).toMatch(/^qbr_[0-9a-f]{64}$/);

    const row = panel.getByRole('listitem', { name: 'API key Notebook laptop' });
    await expect(row).toContainText(`…${secret.slice(-4)}`);
    await expectSecretNowhere(page, secret);
  });

  test('rotates the active key: the hint changes and the account still loads', async ({
    page
  }) => {
    const secret = await createKey(page, 'Rotating key');
    const used = await page.request.post('/qbraid/key', { data: { apiKey: secret } });
    expect(used.ok()).toBe(true);

    const panel = await openKeys(page);
    const row = panel.getByRole('listitem', { name: 'API key Rotating key' });
    await expect(row).toContainText('In use by Lab');
    await expect(row).toContainText(`…${secret.slice(-4)}`);

    await row.getByRole('button', { name: 'Rotate Rotating key' }).click();
    const confirm = page.locator('.jp-Dialog');
    await expect(confirm).toContainText('stops working at once');
    await confirm.getByRole('button', { name: 'Rotate' }).click();
    await expect(page.locator('.jp-Dialog')).toContainText(
      'Lab now uses the new secret'
    );
    const rotated = await readSecretAndClose(page, 'Rotating key');
    expect(rotated).not.toEqual(secret);

    await expect(row).toContainText(`…${rotated.slice(-4)}`);
    await expect(row).toContainText('In use by Lab');
    await expect(panel.locator('.jp-qbraid-Email')).toHaveText('demo@example.com');
    await expect(panel.locator('.jp-qbraid-Balance-credits')).toHaveText(
      '12,500 credits'
    );
    await expectSecretNowhere(page, rotated);
  });

  test('revokes a key and it disappears', async ({ page }) => {
    await createKey(page, 'Short-lived key');
    const panel = await openKeys(page);
    const row = panel.getByRole('listitem', { name: 'API key Short-lived key' });
    await expect(row).toBeVisible();

    await row.getByRole('button', { name: 'Revoke Short-lived key' }).click();
    const confirm = page.locator('.jp-Dialog');
    await expect(confirm).toContainText('cannot be undone');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toHaveCount(0);
    await expect(
      panel.getByRole('listitem', { name: 'API key Demo key' })
    ).toBeVisible();
  });

  test('where the service has no key routes, offers the account page and a paste field', async ({
    page,
    request
  }) => {
    await addFault(request, { path: '^/api-keys$', status: 404, count: 0 });
    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(`#${PANEL_ID}`);
    const keysSection = panel.locator('.jp-qbraid-KeysSection');
    await expect(
      keysSection.getByRole('link', { name: 'Open the API keys page' })
    ).toHaveAttribute('href', /api-keys/);
    await expect(keysSection.getByLabel('qBraid API key')).toBeVisible();
    await expect(
      keysSection.getByRole('button', { name: /Rotate|Revoke/ })
    ).toHaveCount(0);
  });
});
