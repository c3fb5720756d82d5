import { expect, test } from '@jupyterlab/galata';
import { Page } from '@playwright/test';

import { useCleanEmulator } from './emulator';

const PANEL_ID = 'jp-qbraid-panel';
const PRINT_HINT = "import os; print(os.environ.get('QBRAID_API_KEY', 'unset')[-4:])";

/** Runs the notebook's first cell and answers its output. */
async function runHintCell(page: Page): Promise<string> {
  await page.notebook.runCell(0);
  return ((await page.notebook.getCellTextOutput(0)) ?? []).join('').trim();
}

test.describe('the key in kernels', () => {
  useCleanEmulator();

  test(
    'a notebook kernel has the active key, follows a rotation, and shows nothing of it',
    { tag: '@smoke' },
    async ({ page, tmpPath }) => {
      // A key of its own, so that rotating it leaves the seeded key to the other tests.
      const created = await page.request.post('/jupyterlab-qbraid/keys', {
        data: { name: 'Kernel test key' }
      });
      const secret = (await created.json()).secret as string;
      expect(
        (
          await page.request.post('/jupyterlab-qbraid/key', {
            data: { apiKey: secret }
          })
        ).ok()
      ).toBe(true);

      // Lab's own name: galata's rename after createNew fails on JupyterLab 4.2 (the smoke run).
      await page.notebook.createNew();
      await page.notebook.setCell(0, 'code', PRINT_HINT);
      expect(await runHintCell(page)).toBe(secret.slice(-4));

      await page.sidebar.openTab(PANEL_ID);
      const panel = page.locator(`#${PANEL_ID}`);
      const keyRow = panel.getByRole('listitem', { name: 'API key Kernel test key' });
      await expect(keyRow).toContainText(`…${secret.slice(-4)}`);
      await expect(keyRow).toContainText('In use by Lab');
      await expect(
        panel.getByRole('listitem', { name: /\.ipynb: Has the current key/ })
      ).toBeVisible();

      await keyRow.getByRole('button', { name: 'Rotate Kernel test key' }).click();
      await page.locator('.jp-Dialog').getByRole('button', { name: 'Rotate' }).click();
      const dialog = page.locator('.jp-Dialog');
      const rotated = await dialog.getByLabel('Secret of Kernel test key').inputValue();
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await expect(keyRow).toContainText(`…${rotated.slice(-4)}`);

      // Same kernel, no restart: the server put the new key in.
      await expect
        .poll(() => runHintCell(page), { timeout: 15000 })
        .toBe(rotated.slice(-4));
      await expect(
        panel.getByRole('listitem', { name: /\.ipynb: Has the current key/ })
      ).toBeVisible();

      await page.notebook.save();
      const folder = await (
        await page.request.get(`/api/contents/${tmpPath}?content=1`)
      ).json();
      const saved = folder.content.find(
        (item: { type: string }) => item.type === 'notebook'
      );
      const model = await (
        await page.request.get(`/api/contents/${saved.path}?content=1`)
      ).json();
      // Only what the person typed (running a cell adds an empty one below it).
      const sources = model.content.cells
        .map((cell: { source: string }) => cell.source)
        .filter((source: string) => source !== '');
      expect(sources).toEqual([PRINT_HINT]);
      const text = JSON.stringify(model.content);
      expect(text).not.toContain('environ[');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(rotated);
    }
  );
});
