/**
 * The notices in qBraid Lab's configuration (playwright.qbraid-lab.config.js), where Lab's
 * notification plugin is disabled: each one reaches the person in the extension's own
 * surfaces, with its action. Stock Lab's toasts for the same notices are checked in
 * tests/guard.spec.ts, tests/keys.spec.ts and tests/hub.spec.ts.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@jupyterlab/galata';
import { Page } from '@playwright/test';

import { emulatorState, useCleanEmulator } from '../tests/emulator';

const PANEL_ID = 'jp-qbraid-panel';
const NOTIFICATION_PLUGIN = '@jupyterlab/apputils-extension:notification';

/** The panel's banner: where notices are, with Lab's notifications disabled. */
function banner(page: Page) {
  return page.locator(`#${PANEL_ID}`).getByRole('list', { name: 'qBraid notices' });
}

/** axe's serious and critical findings under `selector`. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations
    .filter(
      violation => violation.impact === 'serious' || violation.impact === 'critical'
    )
    .map(violation => `${violation.id}: ${violation.help}`);
}

/**
 * The idle minutes, where the server reads them: the server decides idle stop. Galata keeps
 * the page's own settings in the browser, so they go past it, then the server is asked to
 * look at once.
 */
async function setIdleMinutes(page: Page, minutes: number): Promise<void> {
  const saved = await page.request.put('lab/api/settings/jupyterlab-qbraid:instance', {
    data: { raw: JSON.stringify({ idleStopMinutes: minutes }) }
  });
  expect(saved.status()).toBe(204);
  const looked = await page.request.post('jupyterlab-qbraid/settings');
  expect(looked.status()).toBe(200);
}

test.describe('qBraid Lab: notices without Lab’s notifications', () => {
  useCleanEmulator();

  test('Lab starts as qBraid Lab does: its plugins disabled, JupyterLab Dark', async ({
    page
  }) => {
    const registered = await page.evaluate(
      ids => ids.map(id => window.jupyterapp.hasPlugin(id)),
      [
        NOTIFICATION_PLUGIN,
        '@jupyterlab/running-extension:plugin',
        '@jupyterlab/extensionmanager-extension:plugin',
        '@jupyterlab/pluginmanager-extension:plugin',
        '@jupyterlab/theme-dark-high-contrast-extension:plugin',
        '@jupyterlab/apputils-extension:splash'
      ]
    );
    expect(registered).toEqual([false, false, false, false, false, false]);
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-name',
      'JupyterLab Dark'
    );
  });

  test('a key in a cell: the banner opens the panel, and "Replace with environment variable" works', async ({
    page,
    tmpPath
  }, testInfo) => {
    const apiKey = emulatorState().apiKey;
    const notebook = 'pasted-key.ipynb';
    await page.notebook.createNew(notebook);
    await page.notebook.setCell(0, 'code', `key = "${apiKey}"\nprint(len(key))`);
    await expect(page.locator(`#${PANEL_ID}`)).toBeHidden();
    await page.notebook.save();

    // It needs an answer: the panel opened itself to show it.
    const notice = banner(page).getByRole('listitem').filter({
      hasText: 'is in the code of cell 1'
    });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(`…${apiKey.slice(-4)}`);
    await expect(notice).not.toContainText(apiKey);
    // The status item counts it.
    await expect(page.locator('.jp-qbraid-StatusItem-notices')).toHaveText(/1 notice/);
    await expect(page.locator('.Toastify__toast')).toHaveCount(0);
    expect(await seriousViolations(page, '.jp-qbraid-NoticeBanner')).toEqual([]);
    await testInfo.attach('the banner in JupyterLab Dark', {
      body: await page.locator(`#${PANEL_ID}`).screenshot(),
      contentType: 'image/png'
    });

    await notice
      .getByRole('button', { name: 'Replace with environment variable' })
      .click();
    await expect(notice).toBeHidden();
    await expect(
      banner(page).getByText('Now reads the key from QBRAID_API_KEY')
    ).toBeVisible();

    const onDisk = await page.request.get(`/api/contents/${tmpPath}/${notebook}`);
    const text = JSON.stringify(await onDisk.json());
    expect(text).not.toContain(apiKey);
    expect(text).toContain('os.environ[\\"QBRAID_API_KEY\\"]');
  });

  test('a printed key saved as a marker: the banner says so, and "Reload from disk" shows it', async ({
    page
  }) => {
    const apiKey = emulatorState().apiKey;
    const marker = `[qBraid API key …${apiKey.slice(-4)} redacted]`;
    await page.notebook.createNew('printed-key.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      'import os\nprint(os.environ["QBRAID_API_KEY"])'
    );
    await page.notebook.runCell(0);
    await page.notebook.save();

    const notice = banner(page).getByRole('listitem').filter({
      hasText: 'saved as a marker in 1 output'
    });
    await expect(notice).toBeVisible();
    await expect(notice).not.toContainText(apiKey);
    await notice.getByRole('button', { name: 'Reload from disk' }).click();
    await expect(notice).toBeHidden();
    await expect
      .poll(async () => ((await page.notebook.getCellTextOutput(0)) ?? []).join(''))
      .toContain(marker);
  });

  test('a key created: its secret dialog shows, and the copy is told in the banner', async ({
    page
  }) => {
    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(`#${PANEL_ID}`);
    await panel.getByRole('button', { name: 'Create an API key' }).click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByLabel('Key name').fill('qBraid Lab key');
    await dialog.getByRole('button', { name: 'Create' }).click();

    await expect(dialog.getByText('it will not be shown again')).toBeVisible();
    const secret = await dialog.getByLabel('Secret of qBraid Lab key').inputValue();
    expect(secret).toMatch(/^qbr_[0-9a-f]{64}$/);
    await dialog.getByRole('button', { name: 'Copy and close' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      banner(page).getByText('The secret of “qBraid Lab key” was copied.')
    ).toBeVisible();
    expect(await page.content()).not.toContain(secret);
  });

  /*
   * Last: a countdown that ran out would shut this server down. "Keep running" is pressed
   * from the keyboard, where the dialog puts the focus; a mouse moving to it is input,
   * which cancels the countdown by itself (src/__tests__/idleStop.spec.ts).
   */
  test('the idle countdown is a dialog that cannot be missed, and "Keep running" cancels the stop', async ({
    page
  }) => {
    test.setTimeout(180_000);
    await setIdleMinutes(page, 1);
    try {
      await page.reload();
      await page.waitForFunction(() => window.jupyterapp !== undefined);

      const dialog = page.locator('.jp-Dialog.jp-qbraid-MustSee');
      await expect(dialog).toBeVisible({ timeout: 90_000 });
      await expect(dialog).toContainText('the qBraid instance stops in');
      // Also in the banner of the panel, which opened itself, and counted in the status bar.
      await expect(
        banner(page).getByText('the qBraid instance stops in', { exact: false })
      ).toBeVisible();
      await expect(page.locator('.jp-qbraid-StatusItem-notices')).toBeVisible();
      // No close button: its action is the way out (input of any kind cancels too).
      await expect(dialog.locator('.jp-Dialog-close-button')).toHaveCount(0);
      expect(await seriousViolations(page, '.jp-qbraid-MustSee')).toEqual([]);

      const keep = dialog.getByRole('button', { name: 'Keep running' });
      await expect(keep).toBeFocused();
      await page.keyboard.press('Enter');

      await expect(dialog).toBeHidden();
      await expect(banner(page)).toBeHidden();
      await expect(page.locator('.jp-qbraid-StopPage')).toHaveCount(0);
      expect((await page.request.get('/api/status')).ok()).toBe(true);
    } finally {
      // The server's own setting: later tests on this server must not be stopped.
      await setIdleMinutes(page, 0);
    }
  });
});
