import { expect, test } from '@jupyterlab/galata';
import { Page } from '@playwright/test';

import { addFault, emulatorState, useCleanEmulator } from './emulator';

const PANEL_ID = 'jp-qbraid-panel';

async function openKeys(page: Page) {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel.getByRole('list', { name: 'API keys' })).toBeVisible();
  return panel;
}

/** A key made through the server routes, as another tab or the palette would. */
async function createKey(page: Page, name: string): Promise<string> {
  const response = await page.request.post('/jupyterlab-qbraid/keys', {
    data: { name }
  });
  expect(response.status()).toBe(201);
  return (await response.json()).secret;
}

async function readSecretAndClose(page: Page, keyName: string): Promise<string> {
  const dialog = page.locator('.jp-Dialog');
  const secret = await dialog.getByLabel(`Secret of ${keyName}`).inputValue();
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
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

/**
 * A key of the demo account made at the service, not through Lab (so Lab knows nothing of
 * its age), created `days` ago as the emulator's state has it, and made Lab's key.
 */
async function useOldKey(page: Page, name: string, days: number): Promise<string> {
  const state = emulatorState();
  const made = await page.request.post(`${state.url}/api-keys`, {
    headers: { 'X-API-Key': state.apiKey },
    data: { name }
  });
  expect(made.status()).toBe(201);
  const { id, key } = (await made.json()).data;
  const createdAt = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
  const backdated = await page.request.patch(
    `${state.base}/__emulator__/api-keys/${id}`,
    { data: { createdAt } }
  );
  expect(backdated.ok()).toBe(true);
  expect(
    (await page.request.post('/jupyterlab-qbraid/key', { data: { apiKey: key } })).ok()
  ).toBe(true);
  return key;
}

test.describe('API keys', () => {
  useCleanEmulator();

  test('a key in use for 120 days gets a reminder; “Rotate now” rotates it into every kernel', async ({
    page
  }) => {
    const old = await useOldKey(page, 'Old key', 120);
    // Lab opened anew: the account and the key list both know the key from the start.
    await page.reload();
    // Two Python kernels: a notebook's, and one of no document.
    await page.notebook.createNew('rotate-now.ipynb');
    await page.notebook.setCell(0, 'code', 'import os');
    await page.notebook.runCell(0);
    const plain = await page.request.post('/api/kernels', {
      data: { name: 'python3' }
    });
    expect(plain.ok()).toBe(true);
    const plainId = (await plain.json()).id;

    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(`#${PANEL_ID}`);
    const reminder = panel.locator('.jp-qbraid-RotationReminder');
    await expect(reminder).toContainText(
      `The key Lab uses (…${old.slice(-4)}) is 120 days old.`
    );
    const row = panel.getByRole('listitem', { name: 'API key Old key' });
    await expect(row).toContainText('120 days');
    await expect(page.locator('.jp-qbraid-StatusItem-button')).toHaveAttribute(
      'title',
      /is 120 days old: rotate it from the qBraid panel/
    );

    await reminder.getByRole('button', { name: 'Rotate now' }).click();
    const confirm = page.locator('.jp-Dialog');
    await expect(confirm).toContainText('Rotate “Old key”?');
    await confirm.getByRole('button', { name: 'Rotate' }).click();
    await expect(page.locator('.jp-Dialog')).toContainText(
      'Lab now uses the new secret'
    );
    const rotated = await readSecretAndClose(page, 'Old key');
    expect(rotated).not.toEqual(old);

    await expect(row).toContainText(`…${rotated.slice(-4)}`);
    await expect(row).toContainText('In use by Lab');
    await expect(row).toContainText('0 days');
    await expect(reminder).toHaveCount(0);
    await expect(page.locator('.jp-qbraid-StatusItem-button')).not.toHaveAttribute(
      'title',
      /days old/
    );
    // Every kernel, the notebook's and the plain one among them, has the new secret.
    const kernels = panel.getByRole('list', { name: 'Running kernels' });
    await expect(
      kernels.getByRole('listitem', { name: /\.ipynb: Has the current key$/ })
    ).toBeVisible();
    await expect(
      kernels.getByRole('listitem', { name: 'Kernel python3: Has the current key' })
    ).not.toHaveCount(0);
    await expect(
      kernels.getByRole('listitem').filter({ hasNotText: 'Has the current key' })
    ).toHaveCount(0);
    await expectSecretNowhere(page, rotated);

    expect((await page.request.delete(`/api/kernels/${plainId}`)).ok()).toBe(true);
  });

  test(
    'creates a key whose secret is shown once and kept nowhere',
    { tag: '@smoke' },
    async ({ page }) => {
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
    }
  );

  test('Enter in the secret dialog copies it and leaves Lab’s key as it was', async ({
    page
  }) => {
    const activeKey = async () => {
      const response = await page.request.get('/jupyterlab-qbraid/keys');
      expect(response.ok()).toBe(true);
      const { keys } = await response.json();
      return keys.find((key: { active: boolean }) => key.active);
    };
    const before = await activeKey();
    expect(before).toBeTruthy();
    const panel = await openKeys(page);
    await panel.getByRole('button', { name: 'Create an API key' }).click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByLabel('Key name').fill('Entered key');
    await page.keyboard.press('Enter');
    await expect(dialog.getByText('it will not be shown again')).toBeVisible();
    const secret = await dialog.getByLabel('Secret of Entered key').inputValue();
    await expect(dialog).toContainText(`in place of the one ending in …${before.hint}`);
    await expect(dialog.getByRole('button', { name: 'Copy and close' })).toBeFocused();

    await page.keyboard.press('Enter');

    await expect(dialog).toHaveCount(0);
    await expect(
      page.locator('.Toastify__toast', {
        hasText: 'The secret of “Entered key” was copied.'
      })
    ).toBeVisible();
    const row = panel.getByRole('listitem', { name: 'API key Entered key' });
    await expect(row).toContainText(`…${secret.slice(-4)}`);
    await expect(row).not.toContainText('In use by Lab');
    await expect(
      panel.getByRole('listitem', { name: `API key ${before.name}` })
    ).toContainText('In use by Lab');
    expect((await activeKey()).id).toBe(before.id);
    await expectSecretNowhere(page, secret);
  });

  test('rotates the active key: the hint changes and the account still loads', async ({
    page
  }) => {
    const secret = await createKey(page, 'Rotating key');
    const used = await page.request.post('/jupyterlab-qbraid/key', {
      data: { apiKey: secret }
    });
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
