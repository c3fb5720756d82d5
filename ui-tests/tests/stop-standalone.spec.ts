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
let exited: Promise<number | null>;

test.beforeAll(async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qbraid-stop-'));
  const state = emulatorState();
  const qbraidrc = path.join(work, 'qbraidrc');
  fs.writeFileSync(
    qbraidrc,
    `[default]\napi-key = ${state.apiKey}\nurl = ${state.url}\n`,
    { mode: 0o600 }
  );
  fs.mkdirSync(path.join(work, 'notebooks'));
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
      `--QbraidAccount.api_url=${state.url}`
    ],
    {
      env: {
        ...process.env,
        QBRAID_CONFIG_FILE: qbraidrc,
        // Nobody's saved layout or settings: a fresh Lab, as on a new laptop.
        JUPYTERLAB_SETTINGS_DIR: path.join(work, 'settings'),
        JUPYTERLAB_WORKSPACES_DIR: path.join(work, 'workspaces')
      },
      stdio: 'ignore'
    }
  );
  exited = new Promise(resolve => server.on('exit', code => resolve(code)));
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

test.afterAll(() => {
  if (server.exitCode === null) {
    server.kill('SIGKILL');
  }
});

test('Stop shuts the standalone server down and says so', async ({ page }) => {
  test.setTimeout(120_000);
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
  expect(await exited).toBe(0);
});
