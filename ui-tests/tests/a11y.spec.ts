/**
 * The accessibility matrix: axe on the open panel (each section expanded) and on each of its
 * dialogs, in the light and the dark theme (the panel also in Lab's dark high-contrast one),
 * with no serious or critical violation; and every control of the panel reached and used
 * with the keyboard alone.
 *
 * Colour contrast (WCAG AA, axe's `color-contrast`) is judged with each control of the panel
 * scrolled into view first: axe cannot judge text its section's clipped edge hides, which is
 * how a Stop button of 1.45:1 once went unseen.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { Locator } from '@playwright/test';

type LabPage = IJupyterLabPageFixture;

import {
  addFault,
  clearFaults,
  emulatorState,
  restoreQbraidrc,
  useCleanEmulator
} from './emulator';

const PANEL_ID = 'jp-qbraid-panel';
const PANEL = `#${PANEL_ID}`;
const SECTIONS = ['Account', 'Credits', 'Compute', 'API keys', 'Kernels'];
const KEY_NAME = 'Accessibility key';

/**
 * Lab's body is 0 px tall with `overflow: hidden` (its shell is positioned on the page), so
 * axe takes every text as clipped away and skips `color-contrast` altogether: the body gets
 * the page's height, which changes nothing a person sees.
 */
async function letAxeSeeThePage(page: LabPage) {
  await page.evaluate(() => {
    document.body.style.height = '100vh';
  });
}

/** axe's serious and critical findings under `selector`, one readable line per node. */
async function seriousViolations(page: LabPage, selector: string): Promise<string[]> {
  await letAxeSeeThePage(page);
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations
    .filter(
      violation => violation.impact === 'serious' || violation.impact === 'critical'
    )
    .flatMap(violation =>
      violation.nodes.map(
        node =>
          `${violation.id} (${violation.impact}) at ${node.target.join(' ')}: ${
            violation.help
          }. ${node.failureSummary ?? ''}`
      )
    );
}

/**
 * axe's `color-contrast` on `selector` with every control in it seen in view: a run, then
 * the first control not yet fully in view when a run was made is scrolled into view (inside
 * its section's scrolling body too) and axe runs again, until each has been. The findings,
 * one line per node.
 */
async function contrastFailures(page: LabPage, selector: string): Promise<string[]> {
  /** Which controls are fully in view now; scrolls control `reveal` into view first. */
  const look = (reveal: number | null) =>
    page.evaluate(
      ({ root, focusable, reveal }) => {
        const all = Array.from(
          document.querySelectorAll<HTMLElement>(`${root} :is(${focusable}, button)`)
        ).filter(element => element.getClientRects().length > 0);
        if (reveal !== null) {
          all[reveal]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        }
        const fullyInView = (element: HTMLElement) => {
          const rect = element.getBoundingClientRect();
          const inside = (
            box: DOMRect | { top: number; left: number; bottom: number; right: number }
          ) =>
            rect.top >= box.top - 1 &&
            rect.left >= box.left - 1 &&
            rect.bottom <= box.bottom + 1 &&
            rect.right <= box.right + 1;
          if (!inside({ top: 0, left: 0, bottom: innerHeight, right: innerWidth })) {
            return false;
          }
          // Each clipping box up to the body (whose children Lab positions on the page).
          for (
            let up = element.parentElement;
            up && up !== document.body;
            up = up.parentElement
          ) {
            const style = getComputedStyle(up);
            const clips =
              style.overflowX !== 'visible' || style.overflowY !== 'visible';
            if (clips && !inside(up.getBoundingClientRect())) {
              return false;
            }
          }
          return true;
        };
        return all.map(fullyInView);
      },
      { root: selector, focusable: FOCUSABLE, reveal }
    );
  const found = new Set<string>();
  const covered = new Set<number>();
  let reveal: number | null = null;
  for (let round = 0; ; round++) {
    const inView = await look(reveal);
    expect(inView.length, `no control under ${selector}`).toBeGreaterThan(0);
    await letAxeSeeThePage(page);
    const results = await new AxeBuilder({ page })
      .include(selector)
      .withRules(['color-contrast'])
      .analyze();
    // It judged something: a rule that found no text to judge would pass anything.
    expect(results.inapplicable.map(rule => rule.id)).not.toContain('color-contrast');
    for (const violation of results.violations) {
      for (const node of violation.nodes) {
        found.add(`${node.target.join(' ')}: ${node.failureSummary ?? violation.help}`);
      }
    }
    inView.forEach((shown, index) => shown && covered.add(index));
    const next = inView.findIndex((_, index) => !covered.has(index));
    if (next === -1) {
      return [...found];
    }
    if (next === reveal) {
      // Scrolled to, yet not fully in view: a control taller or wider than its section.
      found.add(`control #${next} of ${selector} cannot be brought fully into view`);
      covered.add(next);
    }
    reveal = next;
    expect(round, 'rounds of axe').toBeLessThan(2 * inView.length + 1);
  }
}

async function expectContrast(page: LabPage, selector: string, what: string) {
  const found = await contrastFailures(page, selector);
  expect(found, `colour contrast, ${what}:\n${found.join('\n')}`).toEqual([]);
}

async function expectNoSeriousViolations(
  page: LabPage,
  selector: string,
  what: string
) {
  const found = await seriousViolations(page, selector);
  expect(found, `${what}:\n${found.join('\n')}`).toEqual([]);
}

/** Nothing a test here does may stop Lab: a stop would end every later test. */
async function guardAgainstStopping(page: LabPage) {
  await page.route('**/api/shutdown', route => route.abort());
  await page.route('**/jupyterlab-qbraid/instance/stop', route => route.abort());
}

async function openPanel(page: LabPage): Promise<Locator> {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(PANEL);
  await expect(panel.locator('.jp-qbraid-Email')).toHaveText('demo@example.com');
  await expect(panel.getByRole('list', { name: 'API keys' })).toBeVisible();
  await expect(panel.locator('.jp-qbraid-HoursLeft')).toBeVisible();
  await expect(panel.locator('.jp-qbraid-Session')).toBeVisible();
  return panel;
}

/** The button in a section's title bar that opens and closes it. */
function sectionTitle(panel: Locator, label: string): Locator {
  return panel.getByRole('button', { name: label, exact: true });
}

/** Expand `only` (every section when not given) and collapse the others. */
async function expandSections(panel: Locator, only?: string) {
  for (const label of SECTIONS) {
    const title = sectionTitle(panel, label);
    const wanted = only === undefined || only === label ? 'true' : 'false';
    if ((await title.getAttribute('aria-expanded')) !== wanted) {
      await title.click();
      await expect(title).toHaveAttribute('aria-expanded', wanted);
    }
  }
}

const THEMES = {
  light: 'JupyterLab Light',
  dark: 'JupyterLab Dark',
  'dark high-contrast': 'JupyterLab Dark High Contrast'
};

async function useTheme(page: LabPage, theme: keyof typeof THEMES) {
  await page.theme.setTheme(THEMES[theme]);
  expect(await page.theme.getTheme()).toBe(THEMES[theme]);
}

async function createKey(page: LabPage, name: string): Promise<string> {
  const answer = await page.request.post('/jupyterlab-qbraid/keys', { data: { name } });
  expect(answer.status()).toBe(201);
  return (await answer.json()).key.id;
}

const dialog = (page: LabPage) => page.locator('.jp-Dialog');

async function closeWith(page: LabPage, button: string) {
  await dialog(page).getByRole('button', { name: button, exact: true }).click();
  await expect(dialog(page)).toHaveCount(0);
}

for (const theme of Object.keys(THEMES) as (keyof typeof THEMES)[]) {
  test.describe(`accessibility in the ${theme} theme`, () => {
    useCleanEmulator();
    const made: string[] = [];

    test.beforeEach(async ({ page }, testInfo) => {
      // axe runs once per screenful of each section and dialog, on machines that may be slow.
      testInfo.setTimeout(300_000);
      await guardAgainstStopping(page);
      await useTheme(page, theme);
    });

    test.afterEach(async ({ page }) => {
      while (made.length) {
        await page.request.delete(`/jupyterlab-qbraid/keys/${made.pop()}`);
      }
    });

    test('the open panel, all sections and each one alone', async ({
      page,
      request
    }) => {
      made.push(await createKey(page, KEY_NAME));
      // A running kernel, so that the kernel list has a row.
      await page.notebook.createNew('a11y.ipynb');
      const panel = await openPanel(page);
      await expect(panel.locator('.jp-qbraid-KernelRow').first()).toBeVisible({
        timeout: 20000
      });
      // A key row that is not Lab's, with "Use in Lab", and one with Details open.
      const row = panel.getByRole('listitem', { name: `API key ${KEY_NAME}` });
      await expect(row.getByRole('button', { name: 'Use in Lab' })).toBeVisible();
      await row.locator('summary').click();

      await expandSections(panel);
      await expectNoSeriousViolations(page, PANEL, 'the panel, every section expanded');
      await expectNoSeriousViolations(
        page,
        '.jp-qbraid-StatusItem-button',
        'the status bar item'
      );
      for (const label of SECTIONS) {
        await expandSections(panel, label);
        await expectNoSeriousViolations(page, PANEL, `the panel, ${label} alone`);
        await expectContrast(page, PANEL, `the panel, ${label} alone`);
      }

      // The error state of a section: the message, the stale values and Retry.
      await expandSections(panel);
      await addFault(request, { path: 'balance', status: 500, count: 0 });
      await panel.getByRole('button', { name: 'Refresh Credits' }).click();
      await expect(
        panel.locator('.jp-qbraid-CreditsSection').getByRole('alert')
      ).toContainText('may be out of date');
      await expandSections(panel, 'Credits');
      await expectNoSeriousViolations(page, PANEL, 'the Credits section with an error');
      await expectContrast(page, PANEL, 'the Credits section with an error');
      await clearFaults(request);
    });

    test('the key dialogs: name, secret, rotate, revoke, use', async ({ page }) => {
      const panel = await openPanel(page);
      await expandSections(panel, 'API keys');

      await panel.getByRole('button', { name: 'Create an API key' }).click();
      await expect(dialog(page).getByLabel('Key name')).toBeVisible();
      await expectNoSeriousViolations(page, '.jp-Dialog', 'the key name dialog');
      await dialog(page).getByLabel('Key name').fill('   ');
      await expect(dialog(page).getByRole('alert')).toContainText(
        'Give the key a name'
      );
      await expectNoSeriousViolations(
        page,
        '.jp-Dialog',
        'the key name dialog with its error'
      );
      await dialog(page).getByLabel('Key name').fill(KEY_NAME);
      await dialog(page).getByRole('button', { name: 'Create' }).click();
      await expect(dialog(page).getByText('it will not be shown again')).toBeVisible();
      await expectNoSeriousViolations(page, '.jp-Dialog', 'the secret dialog');
      await closeWith(page, 'Close');

      const row = panel.getByRole('listitem', { name: `API key ${KEY_NAME}` });
      await expect(row).toBeVisible();
      made.push((await row.locator('.jp-qbraid-KeyRow-details code').textContent())!);

      await row.getByRole('button', { name: `Rotate ${KEY_NAME}` }).click();
      await expect(dialog(page)).toContainText('stops working at once');
      await expectNoSeriousViolations(page, '.jp-Dialog', 'the rotate confirmation');
      await closeWith(page, 'Cancel');

      await row.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
      await expect(dialog(page)).toContainText('cannot be undone');
      await expectNoSeriousViolations(page, '.jp-Dialog', 'the revoke confirmation');
      await closeWith(page, 'Cancel');

      await row.getByRole('button', { name: 'Use in Lab' }).click();
      await expect(dialog(page).getByLabel('qBraid API key')).toBeVisible();
      await expectNoSeriousViolations(page, '.jp-Dialog', 'the "use this key" dialog');
      await closeWith(page, 'Cancel');
    });

    test('the stop confirmation (cancelled) and the scan dialog', async ({ page }) => {
      const panel = await openPanel(page);
      await expandSections(panel, 'Compute');

      await panel.getByRole('button', { name: 'Shut down server' }).click();
      await expect(dialog(page)).toContainText('Stop qBraid instance?');
      await expectNoSeriousViolations(page, '.jp-Dialog', 'the stop confirmation');
      // Never confirmed: Cancel, and Lab is still there.
      await closeWith(page, 'Cancel');
      await expect(
        panel.getByRole('button', { name: 'Shut down server' })
      ).toBeEnabled();

      await expandSections(panel, 'API keys');
      await panel.getByRole('button', { name: 'Scan files for qBraid keys' }).click();
      await expect(dialog(page).locator('.jp-qbraid-Scan-progress')).toContainText(
        'Scanned',
        {
          timeout: 30000
        }
      );
      await expectNoSeriousViolations(page, '.jp-Dialog', 'the scan dialog');
      await closeWith(page, 'Close');
    });

    test('the panel when Lab has no key', async ({ page }) => {
      expect((await page.request.delete('/jupyterlab-qbraid/key')).ok()).toBe(true);
      try {
        await page.sidebar.openTab(PANEL_ID);
        await page.evaluate(() =>
          window.jupyterapp.commands.execute('jupyterlab-qbraid:refresh-account')
        );
        const panel = page.locator(PANEL);
        await expect(panel.getByText('Lab has no qBraid API key yet')).toBeVisible();
        await expectNoSeriousViolations(page, PANEL, 'the not-configured panel');
        await panel.getByLabel('qBraid API key').fill('not a key');
        await panel.getByRole('button', { name: 'Use this key' }).click();
        await expect(panel.getByRole('alert')).toContainText('not a qBraid API key');
        await expectNoSeriousViolations(
          page,
          PANEL,
          'the not-configured panel with its error'
        );
      } finally {
        restoreQbraidrc();
      }
    });
  });
}

/** What can take the keyboard focus in `root`: enabled, rendered, not taken out of the order. */
const FOCUSABLE =
  'button:not([disabled]), jp-button:not([disabled]), a[href], input:not([disabled]), ' +
  'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Number each focusable control of the panel; answers their descriptions by number. */
async function numberControls(page: LabPage): Promise<Record<string, string>> {
  return page.evaluate(
    ({ panelSelector, focusable }) => {
      const controls: Record<string, string> = {};
      const all = document.querySelectorAll<HTMLElement>(
        `${panelSelector} :is(${focusable})`
      );
      let index = 0;
      for (const element of Array.from(all)) {
        if (
          element.getClientRects().length === 0 ||
          element.closest('[inert], [hidden]')
        ) {
          continue;
        }
        element.dataset.a11yControl = String(index);
        controls[String(index)] = `${element.tagName.toLowerCase()} "${
          element.getAttribute('aria-label') ||
          element.getAttribute('title') ||
          element.textContent?.trim().slice(0, 40)
        }"`;
        index++;
      }
      return controls;
    },
    { panelSelector: PANEL, focusable: FOCUSABLE }
  );
}

const focusedControl = (page: LabPage) =>
  page.evaluate(
    () => (document.activeElement as HTMLElement | null)?.dataset?.a11yControl ?? null
  );

/** What has the focus, for a failure message: a numbered control, or where outside the panel. */
const focusedDescription = (page: LabPage) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) {
      return 'body';
    }
    const id = element.dataset?.a11yControl;
    const label =
      element.getAttribute('aria-label') || element.getAttribute('title') || '';
    return id !== undefined
      ? `#${id}`
      : `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''} "${label}"`;
  });

/** Whether the focused element (inside a shadow root too) draws a focus ring. */
const focusIsVisible = (page: LabPage) =>
  page.evaluate(() => {
    let element = document.activeElement as HTMLElement | null;
    while (element?.shadowRoot?.activeElement) {
      element = element.shadowRoot.activeElement as HTMLElement;
    }
    if (!element) {
      return false;
    }
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
  });

/**
 * Press `key` up to `budget` times, collecting the numbered controls that got the focus
 * (and, in `unringed`, those that showed no focus ring).
 */
async function walk(
  page: LabPage,
  key: string,
  budget: number,
  wanted: number,
  path: string[] = [],
  unringed: Set<string> = new Set()
): Promise<Set<string>> {
  const reached = new Set<string>();
  const record = async () => {
    const control = await focusedControl(page);
    path.push(await focusedDescription(page));
    if (control !== null) {
      reached.add(control);
      if (!(await focusIsVisible(page))) {
        unringed.add(control);
      }
    }
  };
  for (let press = 0; press < budget && reached.size < wanted; press++) {
    await page.keyboard.press(key);
    await record();
    // A toolbar is one Tab stop; its buttons are reached with the arrow keys (ARIA toolbar).
    const items = await toolbarItems(page);
    for (let item = 1; item < items; item++) {
      await page.keyboard.press(key === 'Tab' ? 'ArrowRight' : 'ArrowLeft');
      await record();
    }
  }
  return reached;
}

/**
 * The number of items of the toolbar that has the focus, 0 outside one: its buttons and, in
 * a section's title bar, the button that opens and closes the section.
 */
const toolbarItems = (page: LabPage) =>
  page.evaluate(() => {
    const toolbar = document.activeElement?.closest('[role="toolbar"]');
    return toolbar
      ? toolbar.querySelectorAll(
          '.jp-Toolbar-item jp-button:not([disabled]), .jp-Toolbar-item button:not([disabled])'
        ).length
      : 0;
  });

async function focusSidebarTab(page: LabPage) {
  const tab = page.locator(
    `.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="${PANEL_ID}"]`
  );
  await tab.focus();
  await expect(tab).toBeFocused();
  return tab;
}

test.describe('the panel by keyboard', () => {
  useCleanEmulator();
  const made: string[] = [];

  test.beforeEach(async ({ page }) => {
    await guardAgainstStopping(page);
  });

  test.afterEach(async ({ page }) => {
    while (made.length) {
      await page.request.delete(`/jupyterlab-qbraid/keys/${made.pop()}`);
    }
  });

  test('the sidebar tab opens the panel, and Tab and Shift+Tab reach every control', async ({
    page
  }) => {
    made.push(await createKey(page, KEY_NAME));
    // Opened by keyboard: focus the sidebar tab and press Enter.
    const tab = await focusSidebarTab(page);
    await page.keyboard.press('Enter');
    const panel = page.locator(PANEL);
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('list', { name: 'API keys' })).toBeVisible();
    await expect(panel.locator('.jp-qbraid-Session')).toBeVisible();
    await expect(tab).toHaveAttribute('aria-selected', 'true');

    const controls = await numberControls(page);
    const count = Object.keys(controls).length;
    expect(count).toBeGreaterThan(15);

    await focusSidebarTab(page);
    const path: string[] = [];
    const unringed = new Set<string>();
    const forward = await walk(page, 'Tab', 4 * count + 40, count, path, unringed);
    const missedForward = Object.keys(controls).filter(id => !forward.has(id));
    expect(
      missedForward.map(id => controls[id]),
      `not reached with Tab; controls ${JSON.stringify(controls)}; focus went ${path.join(' → ')}`
    ).toEqual([]);
    expect(
      [...unringed].map(id => controls[id]),
      'focused without a visible focus ring'
    ).toEqual([]);

    // Backwards, from the last control.
    const last = String(count - 1);
    await page.locator(`[data-a11y-control="${last}"]`).focus();
    const backward = await walk(page, 'Shift+Tab', 4 * count + 40, count - 1);
    backward.add(last);
    const missedBackward = Object.keys(controls).filter(id => !backward.has(id));
    expect(
      missedBackward.map(id => controls[id]),
      'not reached with Shift+Tab'
    ).toEqual([]);
  });

  test('Enter and Space activate buttons; Enter toggles a section; Escape closes a dialog', async ({
    page
  }) => {
    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(PANEL);
    await expect(panel.getByRole('list', { name: 'API keys' })).toBeVisible();

    // In a section's title bar: the button acts, and the section stays open.
    const refreshKeys = panel.getByRole('button', { name: 'Refresh API keys' });
    await refreshKeys.focus();
    const listed = page.waitForRequest(
      request =>
        request.method() === 'GET' && request.url().includes('/jupyterlab-qbraid/keys')
    );
    await page.keyboard.press('Enter');
    await listed;
    await expect(sectionTitle(panel, 'API keys')).toHaveAttribute(
      'aria-expanded',
      'true'
    );

    const refreshCredits = panel.getByRole('button', { name: 'Refresh Credits' });
    await refreshCredits.focus();
    const summary = page.waitForRequest(request =>
      request.url().includes('/jupyterlab-qbraid/summary')
    );
    await page.keyboard.press('Space');
    await summary;
    await expect(sectionTitle(panel, 'Credits')).toHaveAttribute(
      'aria-expanded',
      'true'
    );

    // A button in a section's body: Enter and Space both.
    const injectNow = panel.getByRole('button', { name: 'Inject now' });
    for (const key of ['Enter', 'Space']) {
      await injectNow.focus();
      const injected = page.waitForRequest(request =>
        request.url().includes('/jupyterlab-qbraid/kernels/inject')
      );
      await page.keyboard.press(key);
      await injected;
      await expect(injectNow).toBeEnabled();
    }

    // A section title collapses and expands from the keyboard.
    const title = sectionTitle(panel, 'Kernels');
    await title.focus();
    await expect(title).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Enter');
    await expect(title).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('Space');
    await expect(title).toHaveAttribute('aria-expanded', 'true');

    // A dialog opens from the keyboard with the focus in its field; Escape closes it.
    const create = panel.getByRole('button', { name: 'Create an API key' });
    await create.focus();
    await page.keyboard.press('Enter');
    await expect(dialog(page).getByLabel('Key name')).toBeFocused();
    await page.keyboard.type('Typed key');
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);
    await expect(
      panel.getByRole('listitem', { name: 'API key Typed key' })
    ).toHaveCount(0);

    // Typed, and Enter creates it; in the secret dialog the focus is on the default,
    // "Copy and close", which changes nothing; the dialog closes with Escape.
    await create.focus();
    await page.keyboard.press('Space');
    await expect(dialog(page).getByLabel('Key name')).toBeFocused();
    await page.keyboard.type(KEY_NAME);
    await page.keyboard.press('Enter');
    await expect(dialog(page).getByText('it will not be shown again')).toBeVisible();
    await expect(
      dialog(page).getByRole('button', { name: 'Copy and close' })
    ).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);
    const row = panel.getByRole('listitem', { name: `API key ${KEY_NAME}` });
    await expect(row).toBeVisible();
    made.push((await row.locator('.jp-qbraid-KeyRow-details code').textContent())!);

    // The stop confirmation, by keyboard, cancelled by keyboard: the default is Cancel.
    await panel.getByRole('button', { name: 'Shut down server' }).focus();
    await page.keyboard.press('Enter');
    await expect(dialog(page)).toContainText('Stop qBraid instance?');
    await expect(dialog(page).getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);
  });

  test('"Use in Lab": the pasted secret is used with Enter', async ({ page }) => {
    const name = 'Pasted by keyboard';
    const answer = await page.request.post('/jupyterlab-qbraid/keys', {
      data: { name }
    });
    expect(answer.status()).toBe(201);
    const { key, secret } = await answer.json();
    made.push(key.id);
    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(PANEL);
    const row = panel.getByRole('listitem', { name: `API key ${name}` });
    await row.getByRole('button', { name: 'Use in Lab' }).focus();
    await page.keyboard.press('Enter');
    await expect(dialog(page).getByLabel('qBraid API key')).toBeFocused();
    await page.keyboard.type(secret);
    await page.keyboard.press('Enter');
    await expect(dialog(page)).toHaveCount(0);
    await expect(row).toContainText('In use by Lab');
  });

  test('without a key, the paste field is reached and used by keyboard', async ({
    page
  }) => {
    expect((await page.request.delete('/jupyterlab-qbraid/key')).ok()).toBe(true);
    try {
      await page.sidebar.openTab(PANEL_ID);
      await page.evaluate(() =>
        window.jupyterapp.commands.execute('jupyterlab-qbraid:refresh-account')
      );
      const panel = page.locator(PANEL);
      await expect(panel.getByText('Lab has no qBraid API key yet')).toBeVisible();

      const controls = await numberControls(page);
      const count = Object.keys(controls).length;
      const field = panel.getByLabel('qBraid API key');
      const fieldId = await field.getAttribute('data-a11y-control');
      expect(fieldId).not.toBeNull();

      await focusSidebarTab(page);
      const reached = await walk(page, 'Tab', 4 * count + 40, count);
      const missed = Object.keys(controls).filter(id => !reached.has(id));
      expect(
        missed.map(id => controls[id]),
        'not reached with Tab'
      ).toEqual([]);

      // Typed and submitted with Enter: the panel comes back configured.
      await field.focus();
      await page.keyboard.type(emulatorState().apiKey);
      await page.keyboard.press('Enter');
      await expect(panel.locator('.jp-qbraid-Email')).toHaveText('demo@example.com');
    } finally {
      restoreQbraidrc();
    }
  });
});
