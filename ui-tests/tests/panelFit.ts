/**
 * The panel fits Lab's sidebar at its default width: the sections at their natural height
 * in one scrolling column, no element scrolling on its own, every action reachable and
 * clickable, long values cut with an ellipsis and whole in their tooltips. Screenshots in
 * the light and the dark theme are attached to the report. Shared by stock Lab
 * (panel-fit.spec.ts) and qBraid Lab's configuration (qbraid-lab/panel-fit.spec.ts).
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { useCleanEmulator } from './emulator';

const PANEL_ID = 'jp-qbraid-panel';
const SECTIONS = ['Account', 'Credits', 'Compute', 'API keys', 'Kernels'];
/** Wider than the sidebar at its default width, within the 64 characters a name may have. */
const LONG_NAME = 'A key whose name is far wider than the sidebar at default size';
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 }
];
const THEMES = { light: 'JupyterLab Light', dark: 'JupyterLab Dark' };

async function openPanel(page: IJupyterLabPageFixture): Promise<Locator> {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel.locator('.jp-qbraid-Email')).toHaveText('demo@example.com');
  await expect(panel.getByRole('list', { name: 'API keys' })).toBeVisible();
  await expect(
    panel.getByRole('listitem', { name: `API key ${LONG_NAME}` })
  ).toBeVisible();
  await expect(panel.locator('.jp-qbraid-HoursLeft')).toBeVisible();
  await expect(panel.locator('.jp-qbraid-Session')).toBeVisible();
  await expect(panel.locator('.jp-qbraid-Overview')).toBeVisible();
  return panel;
}

/** Every section open, whatever an earlier test left in Lab's state database. */
async function openEverySection(panel: Locator): Promise<void> {
  for (const label of SECTIONS) {
    const toggle = panel.getByRole('button', { name: label, exact: true });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    }
  }
}

/** Elements of the panel, other than its one column, whose content overflows their box. */
async function ownScrollers(panel: Locator): Promise<string[]> {
  return panel.evaluate(root =>
    Array.from(root.querySelectorAll<HTMLElement>('*'))
      .filter(element => !element.classList.contains('jp-qbraid-PanelContent'))
      .filter(element => {
        const overflow = getComputedStyle(element).overflowY;
        return (
          (overflow === 'auto' || overflow === 'scroll') &&
          element.scrollHeight > element.clientHeight
        );
      })
      .map(
        element =>
          `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`
      )
  );
}

/** The panel-fit tests, in the Lab configuration of the project that runs them. */
export function describePanelFit(setting: 'lab' | 'qbraid-lab'): void {
  for (const size of SIZES) {
    test.describe(`the panel at ${size.width}×${size.height}`, () => {
      useCleanEmulator();
      test.use({ viewport: size });
      let keyId: string | null = null;

      test.beforeEach(async ({ page }) => {
        const made = await page.request.post('/jupyterlab-qbraid/keys', {
          data: { name: LONG_NAME }
        });
        expect(made.status()).toBe(201);
        keyId = (await made.json()).key.id;
      });

      test.afterEach(async ({ page }) => {
        if (keyId) {
          await page.request.delete(`/jupyterlab-qbraid/keys/${keyId}`);
          keyId = null;
        }
      });

      test('no section scrolls on its own, and the column holds them all', async ({
        page
      }) => {
        const panel = await openPanel(page);
        await openEverySection(panel);

        const bodies = panel.locator('.jp-qbraid-SectionBody');
        await expect(bodies).toHaveCount(SECTIONS.length);
        for (const body of await bodies.all()) {
          const { scrollHeight, clientHeight } = await body.evaluate(node => ({
            scrollHeight: node.scrollHeight,
            clientHeight: node.clientHeight
          }));
          expect(scrollHeight).toBeLessThanOrEqual(clientHeight);
        }
        expect(await ownScrollers(panel)).toEqual([]);
      });

      test('every action can be scrolled into view and clicked', async ({ page }) => {
        const panel = await openPanel(page);
        await openEverySection(panel);
        const column = panel.locator('.jp-qbraid-PanelContent');

        const actions = [
          ...(await panel.getByRole('button').all()),
          ...(await panel.getByRole('link').all())
        ];
        const names: string[] = [];
        for (const action of actions) {
          await action.scrollIntoViewIfNeeded();
          await expect(action).toBeInViewport();
          await expect(action).toBeEnabled();
          // A trial click checks what a click needs (visible, stable, enabled, not covered
          // by the header or cut by the column) without acting.
          await action.click({ trial: true });
          names.push(
            (await action.getAttribute('aria-label')) ?? (await action.innerText())
          );
        }
        // The actions the issue found cut off are among them, in the scrolling column.
        await expect(
          column.getByRole('link', { name: 'Redeem a promo code' })
        ).toHaveCount(1);
        for (const name of ['Inject now', 'Remove from kernels']) {
          await expect(column.getByRole('button', { name })).toHaveCount(1);
        }
        expect(names).toContain(`Rotate ${LONG_NAME}`);
        expect(names).toContain(`Revoke ${LONG_NAME}`);
      });

      test('long values end in an ellipsis, whole in their tooltip and copyable', async ({
        page
      }) => {
        const panel = await openPanel(page);
        await openEverySection(panel);
        const row = panel.getByRole('listitem', { name: `API key ${LONG_NAME}` });
        const name = row.locator('.jp-qbraid-KeyRow-name .jp-qbraid-Truncated-value');

        await expect(name).toHaveAttribute('title', LONG_NAME);
        await expect(name).toHaveCSS('text-overflow', 'ellipsis');
        const cut = await name.evaluate(node => node.scrollWidth > node.clientWidth);
        expect(cut).toBe(true);
        await expect(
          row.getByRole('button', { name: `Copy the name of ${LONG_NAME}` })
        ).toBeEnabled();

        const email = panel.locator('.jp-qbraid-Email .jp-qbraid-Truncated-value');
        await expect(email).toHaveAttribute('title', 'demo@example.com');
        // One line: the address no longer wraps mid-word (its text's boxes share one top).
        const lines = await email.evaluate(node => {
          const range = document.createRange();
          range.selectNodeContents(node);
          return new Set([...range.getClientRects()].map(rect => Math.round(rect.top)))
            .size;
        });
        expect(lines).toBe(1);
      });

      test('screenshots in the light and the dark theme', async ({
        page
      }, testInfo) => {
        for (const [theme, themeName] of Object.entries(THEMES)) {
          await page.theme.setTheme(themeName);
          expect(await page.theme.getTheme()).toBe(themeName);
          const panel = await openPanel(page);
          await openEverySection(panel);
          const column = panel.locator('.jp-qbraid-PanelContent');
          // The column's top, then its end: together every section.
          for (const end of ['top', 'bottom']) {
            await column.evaluate(
              (node, end) => node.scrollTo(0, end === 'top' ? 0 : node.scrollHeight),
              end
            );
            const name = `panel-${setting}-${size.width}x${size.height}-${theme}-${end}.png`;
            await panel.screenshot({ path: testInfo.outputPath(name) });
            await testInfo.attach(name, {
              path: testInfo.outputPath(name),
              contentType: 'image/png'
            });
          }
        }
        await page.theme.setTheme(THEMES.light);
      });
    });
  }

  test.describe('the panel after a reload', () => {
    useCleanEmulator();

    test('opens its sections as they were left', async ({ page }) => {
      await page.sidebar.openTab(PANEL_ID);
      const panel = page.locator(`#${PANEL_ID}`);
      const credits = panel.getByRole('button', { name: 'Credits', exact: true });
      await expect(credits).toHaveAttribute('aria-expanded', 'true');
      const saved = page.waitForRequest(request => {
        if (
          request.method() !== 'PUT' ||
          !request.url().includes('/lab/api/workspaces')
        ) {
          return false;
        }
        // The workspace save that holds the closed section, not an earlier one of the layout.
        const workspace = JSON.parse(request.postData() ?? '{}');
        const closed = workspace.data?.['jupyterlab-qbraid:panel-collapsed'];
        return Array.isArray(closed) && closed.includes('Credits');
      });
      await credits.click();
      await expect(credits).toHaveAttribute('aria-expanded', 'false');
      await saved;

      await page.reload();
      await page.sidebar.openTab(PANEL_ID);
      const again = page
        .locator(`#${PANEL_ID}`)
        .getByRole('button', { name: 'Credits', exact: true });
      await expect(again).toHaveAttribute('aria-expanded', 'false');
      await again.click();
      await expect(again).toHaveAttribute('aria-expanded', 'true');
    });
  });
}
