/**
 * The Compute section's last 30 days and the platform's limits, on a Lab that is a qBraid
 * on-demand instance (its own server, with `QBRAID_INSTANCE_ID` as the platform sets it):
 * the chart and the runway drawn from the emulator's seeded month in the light and the dark
 * theme with no serious axe finding, and the limits form saved through the emulator.
 */
import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, expect, Locator, Page, test } from '@playwright/test';

import { clearFaults, emulatorState, tryAddFault } from './emulator';
import { IOwnServer, startOwnServer } from './ownServer';
import { ON_DEMAND_PORT as PORT } from './ports';

const PROFILE = 'vm-cpu-8-32';

let server: IOwnServer;
let instanceId: string;

/** An API route of the emulator as the demo user: its `data`. */
async function upstream(request: APIRequestContext, route: string): Promise<any> {
  const state = emulatorState();
  const response = await request.get(`${state.url}${route}`, {
    headers: { 'X-API-Key': state.apiKey }
  });
  expect(response.ok(), route).toBe(true);
  return (await response.json()).data;
}

/** The emulator's request log since it was last cleared. */
async function emulatorRequests(request: APIRequestContext): Promise<any[]> {
  const response = await request.get(`${emulatorState().base}/__emulator__/requests`);
  return (await response.json()).data;
}

test.beforeAll(async ({ request }, testInfo) => {
  test.setTimeout(120_000);
  // A running on-demand instance of this run's own, so that its limits are nobody else's.
  const created = await request.post(`${emulatorState().base}/__emulator__/instances`, {
    data: {
      profileSlug: PROFILE,
      status: 'running',
      autoStopIdleMinutes: 60,
      maxSessionMinutes: 480
    }
  });
  expect(created.ok()).toBe(true);
  instanceId = (await created.json()).data.instanceId;
  server = await startOwnServer(
    testInfo,
    PORT,
    // For the theme command, as Galata's own configuration does.
    ['c.LabApp.expose_app_in_browser = True'],
    { QBRAID_INSTANCE_ID: instanceId }
  );
});

test.afterAll(async ({ request }, testInfo) => {
  await clearFaults(request);
  await server.close(testInfo);
});

test.beforeEach(async ({ page }) => {
  // Nothing here may stop the instance.
  await page.route('**/jupyterlab-qbraid/instance/stop', route => route.abort());
  await page.route('**/api/shutdown', route => route.abort());
});

async function openCompute(page: Page, theme: string): Promise<Locator> {
  await page.goto(`${server.labUrl}?token=${server.token}`);
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await page.waitForFunction(() =>
    (window as any).jupyterapp?.commands.hasCommand('apputils:change-theme')
  );
  await page.evaluate(
    name =>
      (window as any).jupyterapp.commands.execute('apputils:change-theme', {
        theme: name
      }),
    theme
  );
  await expect(page.locator('body')).toHaveAttribute('data-jp-theme-name', theme);
  // The layout an earlier test left (the panel open, say) is back first.
  await page.evaluate(() => (window as any).jupyterapp.restored);
  if (!(await page.locator('#jp-qbraid-panel').isVisible())) {
    await page.locator('[data-id="jp-qbraid-panel"]').click();
  }
  const compute = page.locator('#jp-qbraid-panel .jp-qbraid-ComputeSection');
  await expect(compute.locator('.jp-qbraid-Session')).toBeVisible();
  return compute;
}

async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  // Lab's body is 0 px tall: axe would take every text as clipped and judge no contrast.
  await page.evaluate(() => {
    document.body.style.height = '100vh';
  });
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  expect(results.passes.map(rule => rule.id)).toContain('color-contrast');
  return results.violations
    .filter(found => found.impact === 'serious' || found.impact === 'critical')
    .flatMap(found =>
      found.nodes.map(node => `${found.id} at ${node.target.join(' ')}: ${found.help}`)
    );
}

function figure(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value);
}

for (const theme of ['JupyterLab Light', 'JupyterLab Dark']) {
  test(`the last 30 days and the runway in ${theme}`, async ({ page, request }) => {
    test.setTimeout(120_000);
    const compute = await openCompute(page, theme);
    const zone = await page.evaluate(
      () => Intl.DateTimeFormat().resolvedOptions().timeZone
    );
    const usage = (
      await upstream(request, `/compute-sessions/usage?days=30&timezone=${zone}`)
    ).usageData;
    const profile = await upstream(request, `/compute/profiles/${PROFILE}`);
    const instance = await upstream(request, `/compute/bma/instances/${instanceId}`);
    const balance = await upstream(request, '/billing/credits/balance');

    const chart = compute.locator('.jp-qbraid-UsageChart');
    await expect(chart.getByRole('img')).toBeVisible();
    const busyDays = usage.daily.filter((day: any) => day.totalHours > 0);
    expect(busyDays.length).toBeGreaterThan(0);
    await expect(chart.locator('.jp-qbraid-UsageChart-bar')).toHaveCount(
      busyDays.length
    );
    await expect(chart.locator('.jp-qbraid-UsageChart-point')).toHaveCount(
      usage.daily.filter((day: any) => day.creditsCharged > 0).length
    );
    // The text alternative: a row for each of the 30 days, and the header row.
    await expect(chart.getByRole('table').getByRole('row')).toHaveCount(31);
    await expect(compute.locator('.jp-qbraid-UsageSessions')).toHaveText(
      String(usage.summary.totalSessions)
    );
    await expect(compute.locator('.jp-qbraid-UsageHours')).toHaveText(
      `${figure(usage.summary.totalHours)} h`
    );

    const vCpus = profile.resources.cpu.limit;
    await expect(compute.locator('.jp-qbraid-RunwayHours')).toHaveText(
      `≈ ${figure(usage.computeHours.remaining / vCpus)} h of compute hours left at this profile`
    );
    await expect(compute.locator('.jp-qbraid-RunwayCredits')).toHaveText(
      `credits last ≈ ${figure(
        balance.qbraidCredits / (instance.runningCreditsPerMin * 60)
      )} h at this profile's rate`
    );

    await chart.scrollIntoViewIfNeeded();
    const found = await seriousViolations(page, '.jp-qbraid-Usage');
    expect(found, found.join('\n')).toEqual([]);
    await compute.locator('.jp-qbraid-LimitsForm').scrollIntoViewIfNeeded();
    const inForm = await seriousViolations(page, '.jp-qbraid-LimitsForm');
    expect(inForm, inForm.join('\n')).toEqual([]);
  });
}

test('the platform limits are saved through qBraid and read back', async ({
  page,
  request
}) => {
  test.setTimeout(120_000);
  const compute = await openCompute(page, 'JupyterLab Light');
  const form = compute.locator('.jp-qbraid-LimitsForm');
  const idle = form.getByLabel('Stop after idle for (minutes)');
  const session = form.getByLabel('Stop after running for (minutes)');
  await expect(idle).toHaveValue('60');
  await expect(session).toHaveValue('480');
  const patches = async () =>
    (await emulatorRequests(request)).filter(
      entry =>
        entry.method === 'PATCH' &&
        entry.path === `/api/v1/compute/bma/instances/${instanceId}`
    );
  const before = (await patches()).length;

  // Out of range: said at the field, nothing sent.
  await session.fill('99999');
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(form.locator('.jp-qbraid-FieldError')).toHaveText(
    'Enter a whole number of minutes from 0 (off) to 43200.'
  );
  await expect(session).toHaveAttribute('aria-invalid', 'true');
  expect(await patches()).toHaveLength(before);

  // qBraid refuses once: the message, and what was typed stays.
  const fault = await tryAddFault(request, {
    path: `/compute/bma/instances/${instanceId}$`,
    status: 500,
    count: 1,
    method: 'PATCH'
  });
  expect(fault).toEqual({ added: true, message: '' });
  await idle.fill('25');
  await session.fill('600');
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(form.getByRole('alert')).toContainText('The limits were not saved');
  await expect(idle).toHaveValue('25');
  await expect(session).toHaveValue('600');

  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(form.getByRole('button', { name: 'Save limits' })).toBeDisabled();
  const record = await upstream(request, `/compute/bma/instances/${instanceId}`);
  expect([record.autoStopIdleMinutes, record.maxSessionMinutes]).toEqual([25, 600]);
  expect(await patches()).toHaveLength(before + 2);

  // A new page reads them back from qBraid.
  const again = await openCompute(page, 'JupyterLab Light');
  await expect(again.getByLabel('Stop after idle for (minutes)')).toHaveValue('25');
  await expect(again.getByLabel('Stop after running for (minutes)')).toHaveValue('600');
});
