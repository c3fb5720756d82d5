import { expect, Page, test } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { openPanel, setIdleMinutes } from './hubStack';
import { HUB_PORT } from './ports';
import { EMPTY_PYTHON_NOTEBOOK } from './notebooks';

/**
 * JupyterLab as qBraid Lab runs it: a real JupyterHub (configurable-http-proxy, local
 * spawner) whose single-user servers load the extension and look like platform pods
 * (QBRAID_CLUSTER_ID, an access token in QBRAID_ACCESS_TOKEN), with the emulator as the
 * account API acting on that hub.
 */

interface IHubState {
  hubUrl: string;
  userUrl: string;
  loginUrl: string;
  apiUrl: string;
  serviceToken: string;
  emulatorBase: string;
}

/**
 * The page option qbraidAccountUrl of the Lab servers: where Stop sends a platform pod's
 * user. The hub's home stands in for qBraid's account page (as in the demo, where the
 * server starts again there); the query tells it from the home a plain hub's Lab goes to.
 */
const ACCOUNT_PAGE = `http://127.0.0.1:${HUB_PORT}/hub/home?account-page`;

let launcher: ChildProcess;
let hub: IHubState;
/** The single-user server's root folder, as the launcher lays out its work folder. */
let notebookDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qbraid-hub-'));
  const stateFile = path.join(work, 'state.json');
  notebookDir = path.join(work, 'notebooks');
  launcher = spawn(
    'python',
    [
      '-m',
      'jupyterlab_qbraid.emulator.hub_process',
      `--port=${HUB_PORT}`,
      `--work=${work}`,
      `--state=${stateFile}`,
      '--access-token',
      `--account-page=${ACCOUNT_PAGE}`,
      // The idle stop as deployed, with a shorter look and warning so that its tests wait less.
      '--lab-option=--QbraidAccount.idle_check_seconds=1',
      '--lab-option=--QbraidAccount.idle_grace_seconds=20'
    ],
    { stdio: 'inherit' }
  );
  await expect.poll(() => fs.existsSync(stateFile), { timeout: 90_000 }).toBe(true);
  hub = JSON.parse(fs.readFileSync(stateFile, 'utf-8'));
});

test.afterAll(async () => {
  if (launcher.exitCode === null) {
    const exited = new Promise(resolve => launcher.on('exit', resolve));
    launcher.kill('SIGTERM');
    await exited;
  }
});

/** The demo user's server as the hub sees it: ready, or pending a start or stop. */
async function serverModel(): Promise<{
  ready: boolean;
  pending: string | null;
} | null> {
  const response = await fetch(`${hub.apiUrl}/users/demo`, {
    headers: { Authorization: `token ${hub.serviceToken}` }
  });
  const user = await response.json();
  return user.servers?.[''] ?? null;
}

async function serverRunning(): Promise<boolean> {
  return Boolean((await serverModel())?.ready);
}

/** Stopped for good: the hub no longer lists the server, not even as stopping. */
async function serverGone(): Promise<boolean> {
  return (await serverModel()) === null;
}

/** Log in through the hub, start the server if it is stopped, and wait for Lab. */
async function openLab(page: Page): Promise<void> {
  await page.goto(hub.loginUrl);
  // A server still stopping is started again only once it has stopped.
  await expect
    .poll(async () => (await serverModel())?.pending ?? null, { timeout: 60_000 })
    .toBeNull();
  if (!(await serverRunning())) {
    // JupyterHub does not start a stopped server by itself: this is the home page's button.
    await page.goto(`${hub.hubUrl}/hub/spawn/demo?next=/user/demo/lab`);
  }
  // Not /hub/user/demo/lab, where the hub sends a request for a server that is not running.
  await page.waitForURL(url => url.href.startsWith(`${hub.userUrl}lab`), {
    timeout: 90_000
  });
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
}

/** What the Lab server asked of the account API (the emulator's log holds no credential). */
async function upstreamCalls(): Promise<{ method: string; path: string }[]> {
  const response = await fetch(`${hub.emulatorBase}/__emulator__/requests`);
  return (await response.json()).data;
}

test('the Compute section shows the usage hours and the platform profile', async ({
  page
}) => {
  await openLab(page);
  const panel = await openPanel(page);
  await expect(panel.locator('.jp-qbraid-HoursLeft')).toHaveText('279.5 h left');
  await expect(panel.getByRole('progressbar')).toHaveAttribute(
    'aria-valuenow',
    '120.5'
  );
  await expect(
    panel.getByText('Subscription server on qbraid-demo-cluster')
  ).toBeVisible();
  await expect(panel.getByText('2 vCPU, 4 GB')).toBeVisible();
  await expect(panel.locator('.jp-qbraid-SessionCost')).toContainText(
    'compute hours so far'
  );
  await expect(page.locator('.jp-qbraid-StatusItem-hours')).toHaveText('279.5 h left');
  // The facts came from the routes qBraid's own client reads.
  const paths = (await upstreamCalls()).map(call => `${call.method} ${call.path}`);
  expect(paths).toContain('GET /api/v1/compute-sessions/usage');
  expect(paths).toContain('GET /api/v1/compute/servers/status');
  expect(paths).toContain('GET /api/v1/compute/profiles/cpu-2-4');
});

test('a Lab given an access token says so, and its SDK keeps using the token', async ({
  page
}) => {
  await openLab(page);
  const panel = await openPanel(page);
  await expect(
    panel.getByText('Signed in with an access token from qBraid Lab', { exact: false })
  ).toBeVisible();
  await expect(panel.getByText('demo@example.com')).toBeVisible();
});

test('Stop offers to save an unsaved notebook, saves it, and the hub stops the server', async ({
  page
}) => {
  test.setTimeout(180_000);
  await openLab(page);
  await page.evaluate(async content => {
    // A fresh notebook on disk, opened and edited so that it has unsaved changes.
    const xsrf = document.cookie
      .split('; ')
      .find(cookie => cookie.startsWith('_xsrf='))
      ?.slice('_xsrf='.length);
    await fetch('api/contents/unsaved.ipynb', {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/json',
        'X-XSRFToken': decodeURIComponent(xsrf ?? '')
      },
      body: JSON.stringify({ type: 'notebook', format: 'json', content })
    });
  }, EMPTY_PYTHON_NOTEBOOK);
  await page.goto(page.url().replace(/\/lab.*$/, '/lab/tree/unsaved.ipynb'));
  await page.locator('.jp-Notebook').waitFor();
  // Plain Playwright here: Galata's helpers drive its own server, not the hub's Lab.
  // eslint-disable-next-line jupyter/galata-prefer-notebook-cell-helper
  await page.locator('.jp-Notebook .jp-Cell .cm-content').first().click();
  await page.keyboard.type('print("saved before the stop")');
  await expect(page.locator('.lm-TabBar-tab.jp-mod-dirty')).toBeVisible();

  const panel = await openPanel(page);
  await panel.getByRole('button', { name: 'Stop server' }).click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.getByText('unsaved.ipynb')).toBeVisible();
  await expect(
    dialog.getByRole('button', { name: 'Stop the instance without saving' })
  ).toBeVisible();
  await dialog
    .getByRole('button', { name: 'Save all documents and stop the instance' })
    .click();
  // The "Stopping…" page says from the start where the instance starts again.
  const stopPage = page.getByRole('alertdialog', { name: 'qBraid instance' });
  await expect(stopPage.getByText('Ask qBraid to stop this server')).toBeVisible();
  await expect(
    stopPage.getByText('Start it again afterwards from the account page')
  ).toBeVisible();
  await expect(stopPage.getByRole('link', { name: ACCOUNT_PAGE })).toBeVisible();

  // The account page, once the hub reports the server stopped.
  await page.waitForURL(ACCOUNT_PAGE, { timeout: 90_000 });
  expect(await serverGone()).toBe(true);
  // The platform's route stopped it, not the hub API with the server's own token.
  const stops = (await upstreamCalls()).filter(
    call => call.method === 'DELETE' && call.path === '/api/v1/compute/servers/stop'
  );
  expect(stops).toHaveLength(1);
  const saved = fs.readFileSync(path.join(notebookDir, 'unsaved.ipynb'), 'utf-8');
  expect(saved).toContain('saved before the stop');

  // Where the person lands, they start it again: the page, as drawn, offers the start.
  await page.getByRole('button', { name: 'Start My Server' }).click();
  await page.waitForURL(url => url.href.startsWith(`${hub.userUrl}lab`), {
    timeout: 90_000
  });
  await expect.poll(serverRunning, { timeout: 30_000 }).toBe(true);
});

/** The platform's stop requests the emulator has seen so far. */
async function stopCalls(): Promise<number> {
  return (await upstreamCalls()).filter(
    call => call.method === 'DELETE' && call.path === '/api/v1/compute/servers/stop'
  ).length;
}

/*
 * These come last: they stop the server and leave the setting at one minute. How the
 * server's idle clock counts (kernels, terminals, input, Keep running) is proven against a
 * real server in tests/server/test_idle_stop.py; here, passes through the real thing.
 */
test('idle stop: "Keep running" cancels the countdown; the next one stops the instance and the tab offers the account page', async ({
  page
}) => {
  test.setTimeout(300_000);
  // Once the server is gone, JupyterLab's own hub plugin asks, in a dialog over the panel,
  // whether to restart it, again after each failed look at the server; a person dismisses it.
  await page.addLocatorHandler(
    page.getByText('Server unavailable or unreachable'),
    async () => {
      await page.getByRole('button', { name: 'Dismiss' }).click();
    }
  );
  await openLab(page);
  await setIdleMinutes(page, 1);
  await page.reload();
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  const stopsBefore = await stopCalls();

  const countdown = page.locator('.Toastify__toast', {
    hasText: 'the qBraid instance stops in'
  });
  await expect(countdown).toBeVisible({ timeout: 90_000 });
  await countdown.getByRole('button', { name: 'Keep running' }).click();
  await expect(countdown).toBeHidden();
  // Keep running restarts the idle clock: the next countdown shows one idle minute later,
  // after the cancelled one would have ended. Lab is still there to show it, and no stop
  // request reached the platform.
  await expect(countdown).toBeVisible({ timeout: 90_000 });
  expect(await stopCalls()).toBe(stopsBefore);
  expect(await serverRunning()).toBe(true);

  // This one runs out: the server stops itself, and the tab (which had not shown how the
  // instance runs before) says why and offers the account page; one stop request in all.
  const stopped = page.locator('#jp-qbraid-panel .jp-qbraid-Stopped');
  await expect(
    stopped.getByText('It was idle for 1 minute, so the idle stop stopped it.')
  ).toBeVisible({ timeout: 60_000 });
  const start = stopped.getByRole('button', {
    name: 'Start it again on the account page'
  });
  // Enabled once the hub reports the server stopped.
  await expect(start).toBeEnabled({ timeout: 90_000 });
  expect(await serverGone()).toBe(true);
  expect(await stopCalls()).toBe(stopsBefore + 1);
  await start.click();
  await page.waitForURL(ACCOUNT_PAGE);
  await expect(page.getByRole('button', { name: 'Start My Server' })).toBeVisible();
});

test('idle stop with every tab closed: the server stops itself and the hub reports it stopped', async ({
  page,
  context
}) => {
  test.setTimeout(300_000);
  await openLab(page);
  const second = await context.newPage();
  await second.goto(page.url());
  await second.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  const stopsBefore = await stopCalls();

  // The limit the last test left, one minute, counts on with nobody there to warn.
  await second.close();
  await page.close();
  await expect.poll(serverGone, { timeout: 180_000 }).toBe(true);
  expect(await stopCalls()).toBe(stopsBefore + 1);
});
