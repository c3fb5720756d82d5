import { expect, test } from '@jupyterlab/galata';

import {
  addFault,
  clearFaults,
  emulatorState,
  patchState,
  useCleanEmulator
} from './emulator';

const PANEL_ID = 'jp-qbraid-panel';

test.describe('qBraid panel', () => {
  useCleanEmulator();

  test(
    'Lab loads it without version or load warnings',
    { tag: '@smoke' },
    async ({ page }) => {
      const warnings: string[] = [];
      page.on('console', message => {
        if (
          ['warning', 'error'].includes(message.type()) &&
          /Unsatisfied version|jupyterlab-qbraid/.test(message.text())
        ) {
          warnings.push(message.text());
        }
      });
      await page.reload();
      await expect(page.locator('.jp-qbraid-StatusItem')).toBeVisible();
      expect(warnings).toEqual([]);
    }
  );

  test("Lab's start fetches one file of ours: remoteEntry, which holds the plugins", async ({
    page
  }) => {
    // When Lab has restored its layout, by Lab's own promise, in the page's clock.
    await page.addInitScript(() => {
      let app: any;
      Object.defineProperty(window, 'jupyterapp', {
        configurable: true,
        get: () => app,
        set: value => {
          app = value;
          void value.restored.then(() => {
            (window as any).qbraidRestoredAt = performance.now();
          });
        }
      });
    });
    await page.reload();
    await page.waitForFunction(() => (window as any).qbraidRestoredAt !== undefined);
    const fetched = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter(
          entry =>
            entry.name.includes('/lab/extensions/jupyterlab-qbraid/') &&
            entry.startTime < (window as any).qbraidRestoredAt
        )
        .map(entry => new URL(entry.name).pathname.split('/').pop())
    );
    expect(fetched).toEqual([expect.stringMatching(/^remoteEntry\.[0-9a-f]+\.js$/)]);
    // And the plugins ran from it: the panel's tab is there.
    await expect(page.getByRole('tab', { name: 'qBraid' })).toBeVisible();
  });

  test(
    'opens from the sidebar and shows the seeded account and credits',
    { tag: '@smoke' },
    async ({ page }) => {
      await page.sidebar.openTab(PANEL_ID);
      const panel = page.locator(`#${PANEL_ID}`);
      await expect(panel.getByRole('heading', { name: 'qBraid' })).toBeVisible();
      await expect(panel.locator('.jp-qbraid-Email')).toHaveText('demo@example.com');
      await expect(panel.getByText('qBraid Demo Lab')).toBeVisible();
      await expect(panel.locator('.jp-qbraid-Balance-credits')).toHaveText(
        '12,500 credits'
      );
      await expect(panel.locator('.jp-qbraid-Balance-dollars')).toHaveText('$125.00');
      await expect(panel.getByRole('link', { name: 'Add credits' })).toHaveAttribute(
        'target',
        '_blank'
      );
      // The seeded organization has used 120.5 of its 400 CPU hours.
      await expect(panel.locator('.jp-qbraid-HoursLeft')).toHaveText('279.5 h left');
      await expect(panel.getByText('This computer')).toBeVisible();
    }
  );

  test('takes a pasted key when Lab has none', async ({ page }) => {
    const forgotten = await page.request.delete('/jupyterlab-qbraid/key');
    expect(forgotten.ok()).toBe(true);
    await page.sidebar.openTab(PANEL_ID);
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('jupyterlab-qbraid:refresh-account')
    );
    const panel = page.locator(`#${PANEL_ID}`);
    await expect(panel.getByText('Lab has no qBraid API key yet')).toBeVisible();

    const field = panel.getByLabel('qBraid API key');
    await field.fill('not a key');
    await panel.getByRole('button', { name: 'Use this key' }).click();
    await expect(panel.getByRole('alert')).toContainText('not a qBraid API key');

    await field.fill(emulatorState().apiKey);
    await panel.getByRole('button', { name: 'Use this key' }).click();
    await expect(panel.locator('.jp-qbraid-Email')).toHaveText('demo@example.com');
    await expect(panel.getByText('Lab has no qBraid API key yet')).toBeHidden();
    // The secret is gone from the page once it has been handed over.
    expect(await page.content()).not.toContain(emulatorState().apiKey);
  });

  test('shows an error with Retry while the API fails, then recovers', async ({
    page,
    request
  }) => {
    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(`#${PANEL_ID}`);
    await expect(panel.locator('.jp-qbraid-Balance-credits')).toHaveText(
      '12,500 credits'
    );

    await addFault(request, { path: '.', status: 500, count: 0 });
    await panel.getByRole('button', { name: 'Refresh Credits' }).click();
    const creditsError = panel.locator('.jp-qbraid-CreditsSection').getByRole('alert');
    await expect(creditsError).toContainText('The qBraid API failed (500');
    // The last good values stay, marked stale.
    await expect(panel.locator('.jp-qbraid-Balance-credits')).toHaveText(
      '12,500 credits'
    );
    await expect(creditsError).toContainText('may be out of date');

    await clearFaults(request);
    await creditsError.getByRole('button', { name: 'Retry' }).click();
    await expect(creditsError).toBeHidden();
    await expect(panel.locator('.jp-qbraid-Balance-credits')).toHaveText(
      '12,500 credits'
    );
  });

  // At the default 60 s refresh interval nothing is due while it is watched: the age
  // changes on a timer of the page's own.
  test('"Updated" changes while watched and asks nothing of the server', async ({
    page
  }) => {
    await page.sidebar.openTab(PANEL_ID);
    const credits = page.locator(`#${PANEL_ID} .jp-qbraid-CreditsSection`);
    await expect(credits.locator('.jp-qbraid-Balance-credits')).toHaveText(
      '12,500 credits'
    );
    // What opening the panel asks for has come.
    const panel = page.locator(`#${PANEL_ID}`);
    await expect(panel.getByRole('list', { name: 'API keys' })).toBeVisible();
    await expect(panel.locator('.jp-qbraid-Session')).toBeVisible();
    const asked: string[] = [];
    page.on('request', sent => {
      if (new URL(sent.url()).pathname.includes('/jupyterlab-qbraid/')) {
        asked.push(sent.url());
      }
    });
    const updated = credits.locator('.jp-qbraid-UpdatedAt');
    const first = (await updated.textContent())!;
    await expect(updated).not.toHaveText(first);
    const second = (await updated.textContent())!;
    await expect(updated).not.toHaveText(second);
    expect(asked).toEqual([]);
  });

  test('the status bar item shows credits and opens the panel', async ({ page }) => {
    const item = page.locator('.jp-qbraid-StatusItem-button');
    await expect(item).toContainText('12,500 credits');
    await expect(item).toContainText('279.5 h left');
    await expect(page.locator(`#${PANEL_ID}`)).toBeHidden();
    await item.click();
    await expect(page.locator(`#${PANEL_ID}`)).toBeVisible();
    await expect(page.locator(`#${PANEL_ID} .jp-qbraid-Email`)).toHaveText(
      'demo@example.com'
    );
  });

  test('warns in the panel and the status bar when compute hours run low', async ({
    page,
    request
  }) => {
    await patchState(request, { cpuHours: { used: 395 } });
    try {
      await page.sidebar.openTab(PANEL_ID);
      await page.evaluate(() =>
        window.jupyterapp.commands.execute('jupyterlab-qbraid:refresh-account')
      );
      const panel = page.locator(`#${PANEL_ID}`);
      await expect(panel.locator('.jp-qbraid-HoursLeft')).toHaveText('5 h left');
      await expect(panel.getByText('Low on compute hours')).toBeVisible();
      await expect(
        page.locator('.jp-qbraid-StatusItem-hours.jp-qbraid-mod-warning')
      ).toHaveText('5 h left');
      await expect(
        page.locator('.jp-qbraid-StatusItem-credits.jp-qbraid-mod-warning')
      ).toHaveCount(0);
    } finally {
      await patchState(request, { cpuHours: { used: 120.5 } });
    }
  });

  test('palette commands open and refresh', async ({ page }) => {
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('jupyterlab-qbraid:open-panel');
    });
    await expect(page.locator(`#${PANEL_ID}`)).toBeVisible();
    const labels = await page.evaluate(() => [
      window.jupyterapp.commands.label('jupyterlab-qbraid:open-panel'),
      window.jupyterapp.commands.label('jupyterlab-qbraid:refresh-account')
    ]);
    expect(labels).toEqual(['Open qBraid panel', 'Refresh qBraid account']);
  });
});
