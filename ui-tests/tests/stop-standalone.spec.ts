import { expect, test } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { emulatorState } from './emulator';
import { STANDALONE_PORT as PORT } from './ports';

/**
 * Stop shuts the server down, so it gets a Jupyter server of its own rather than the one
 * the other browser tests share.
 */
const TOKEN = 'standalone-stop-test';
const LAB_URL = `http://127.0.0.1:${PORT}/lab`;

let server: ChildProcess;
/** When the server process ended (ms since the epoch). */
let exited: Promise<number>;
let logPath: string;

// Each test gets a fresh server (the test shuts it down), so that repeats run too.
test.beforeEach(async ({}, testInfo) => {
  // One budget for the server's start, the test and the server's exit.
  test.setTimeout(180_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qbraid-stop-'));
  const state = emulatorState();
  const qbraidrc = path.join(work, 'qbraidrc');
  fs.writeFileSync(
    qbraidrc,
    `[default]\napi-key = ${state.apiKey}\nurl = ${state.url}\n`,
    { mode: 0o600 }
  );
  fs.mkdirSync(path.join(work, 'notebooks'));
  // The server's own log, attached to a failed test: it tells where a shutdown hung.
  logPath = testInfo.outputPath('jupyter-lab.log');
  const log = fs.openSync(logPath, 'w');
  server = spawn(
    'jupyter',
    [
      'lab',
      '--no-browser',
      `--port=${PORT}`,
      '--ServerApp.port_retries=0',
      '--ServerApp.ip=127.0.0.1',
      '--ServerApp.allow_root=True',
      `--IdentityProvider.token=${TOKEN}`,
      `--ServerApp.root_dir=${path.join(work, 'notebooks')}`,
      `--QbraidAccount.api_url=${state.url}`,
      // Every request and each extension's stop in the log, with times.
      '--ServerApp.log_level=DEBUG'
    ],
    {
      env: {
        ...process.env,
        QBRAID_CONFIG_FILE: qbraidrc,
        // Nobody's saved layout or settings: a fresh Lab, as on a new laptop.
        JUPYTERLAB_SETTINGS_DIR: path.join(work, 'settings'),
        JUPYTERLAB_WORKSPACES_DIR: path.join(work, 'workspaces')
      },
      stdio: ['ignore', log, log]
    }
  );
  fs.closeSync(log);
  exited = new Promise(resolve => server.on('exit', () => resolve(Date.now())));
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${LAB_URL}?token=${TOKEN}`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000 }
    )
    .toBe(200);
});

test.afterEach(async ({}, testInfo) => {
  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await exited;
  }
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('jupyter lab output', {
      path: logPath,
      contentType: 'text/plain'
    });
  }
});

test(
  'Stop shuts the standalone server down and says so',
  { tag: '@smoke' },
  async ({ page }) => {
    await page.goto(`${LAB_URL}?token=${TOKEN}`);
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });

    await page.locator('[data-id="jp-qbraid-panel"]').click();
    const panel = page.locator('#jp-qbraid-panel');
    await expect(panel.locator('.jp-qbraid-Uptime')).toBeVisible();
    await expect(panel.getByText('This computer')).toBeVisible();

    await panel.getByRole('button', { name: 'Shut down server' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.getByText('Stop qBraid instance?')).toBeVisible();
    await expect(dialog.getByText('jupyter lab')).toBeVisible();
    await dialog.getByRole('button', { name: 'Stop the instance' }).click();

    await expect(
      page.getByRole('alertdialog').getByText('The server is stopped')
    ).toBeVisible({ timeout: 30_000 });
    const saidStopped = Date.now();
    // Its own wait and message, so that a process that lingers is told apart from a slow page.
    await expect
      .poll(() => server.exitCode, {
        message: 'jupyter lab exits after the shutdown (its log is attached)',
        timeout: 60_000
      })
      .toBe(0);
    test.info().annotations.push({
      type: 'measured',
      description: `exited ${(await exited) - saidStopped} ms after the page said so`
    });
  }
);
