/**
 * Jupyter Notebook 7: no ILabShell and no status bar, so the panel goes into its sidebar,
 * opened from the View menu or the command palette, and shows what Lab's status item shows.
 */
import { expect, test } from '@playwright/test';

import { EMPTY_PYTHON_NOTEBOOK } from '../tests/notebooks';

const PANEL_ID = 'jp-qbraid-panel';
const NOTEBOOK = 'notebook-smoke.ipynb';

test.describe('Jupyter Notebook 7', () => {
  test('the tree view opens the panel from the View menu, with credits and hours', async ({
    page
  }) => {
    await page.goto('tree');
    await page.getByRole('menuitem', { name: 'View' }).click();
    await page.getByRole('menuitem', { name: 'Open qBraid panel' }).click();
    const panel = page.locator(`#${PANEL_ID}`);
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('12,500 credits');
    await expect(panel).toContainText('h left');
  });

  test("a notebook's kernel gets the key, and the panel opened from the palette says so", async ({
    page
  }) => {
    const created = await page.request.put(`api/contents/${NOTEBOOK}`, {
      data: { type: 'notebook', content: EMPTY_PYTHON_NOTEBOOK }
    });
    expect(created.ok()).toBe(true);
    await page.goto(`notebooks/${NOTEBOOK}`);
    await expect(page.locator('.jp-Notebook')).toBeVisible();
    await page.keyboard.press('Control+Shift+C');
    await page.keyboard.type('Open qBraid panel');
    await page.keyboard.press('Enter');
    const panel = page.locator(`#${PANEL_ID}`);
    await expect(panel).toBeVisible();
    await expect(
      panel.getByRole('listitem', {
        name: /notebook-smoke\.ipynb: Has the current key/
      })
    ).toBeVisible({ timeout: 30000 });
  });
});
