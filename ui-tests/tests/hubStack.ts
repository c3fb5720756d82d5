import { expect, Page } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A real JupyterHub with the emulator (jupyterlab_qbraid.emulator.hub_process) for one
 * spec file: started in its beforeAll, stopped in its afterAll.
 */
export interface IHubState {
  hubUrl: string;
  userUrl: string;
  loginUrl: string;
  apiUrl: string;
  serviceToken: string;
  emulatorBase: string;
}

export class HubStack {
  /** `args`: the launcher's options beyond its port and folders. */
  static async start(port: number, args: string[]): Promise<HubStack> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qbraid-hub-'));
    const stateFile = path.join(work, 'state.json');
    const launcher = spawn(
      'python',
      [
        '-m',
        'jupyterlab_qbraid.emulator.hub_process',
        `--port=${port}`,
        `--work=${work}`,
        `--state=${stateFile}`,
        ...args
      ],
      { stdio: 'inherit' }
    );
    const stack = new HubStack(launcher);
    try {
      await expect
        .poll(() => fs.existsSync(stateFile), { timeout: 120_000 })
        .toBe(true);
    } catch (error) {
      // Not left behind by a start that took too long.
      await stack.stop();
      throw error;
    }
    stack.state = JSON.parse(fs.readFileSync(stateFile, 'utf-8'));
    return stack;
  }

  private constructor(private readonly _launcher: ChildProcess) {}

  /** Its URLs and tokens, once the launcher has written them. */
  state!: IHubState;

  async stop(): Promise<void> {
    if (this._launcher.exitCode === null) {
      const exited = new Promise(resolve => this._launcher.on('exit', resolve));
      this._launcher.kill('SIGTERM');
      await exited;
    }
  }

  /** The hub's REST API, with the launcher's service token. */
  api(method: string, route: string): Promise<Response> {
    return fetch(`${this.state.apiUrl}${route}`, {
      method,
      headers: { Authorization: `token ${this.state.serviceToken}` }
    });
  }

  /** The demo user's server as the hub sees it: ready, or pending a start or stop. */
  async server(): Promise<{ ready: boolean; pending: string | null } | null> {
    const user = await (await this.api('GET', '/users/demo')).json();
    return user.servers?.[''] ?? null;
  }

  /** Log in through the hub, start the server if it is stopped, and wait for Lab. */
  async openLab(page: Page): Promise<void> {
    await page.goto(this.state.loginUrl);
    // A server still stopping is started again only once it has stopped.
    await expect
      .poll(async () => (await this.server())?.pending ?? null, { timeout: 60_000 })
      .toBeNull();
    if (!(await this.server())?.ready) {
      // The hub does not start a stopped server by itself: this is the home page's button.
      await page.goto(`${this.state.hubUrl}/hub/spawn/demo?next=/user/demo/lab`);
    }
    await page.waitForURL(url => url.href.startsWith(`${this.state.userUrl}lab`), {
      timeout: 90_000
    });
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  }
}

/**
 * The idle limit through Lab's settings REST API: the server follows it within seconds, and
 * a page loaded after this has it.
 */
export async function setIdleMinutes(page: Page, minutes: number): Promise<void> {
  const status = await page.evaluate(async minutes => {
    const xsrf = document.cookie
      .split('; ')
      .find(cookie => cookie.startsWith('_xsrf='))
      ?.slice('_xsrf='.length);
    const response = await fetch('lab/api/settings/jupyterlab-qbraid:instance', {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/json',
        'X-XSRFToken': decodeURIComponent(xsrf ?? '')
      },
      body: JSON.stringify({ raw: JSON.stringify({ idleStopMinutes: minutes }) })
    });
    return response.status;
  }, minutes);
  expect(status).toBe(204);
}

export async function openPanel(page: Page) {
  const panel = page.locator('#jp-qbraid-panel');
  // The tab toggles, and Lab may restore the layout an earlier test left (panel open).
  await expect(async () => {
    if (!(await panel.isVisible())) {
      await page.locator('[data-id="jp-qbraid-panel"]').click();
    }
    await expect(panel).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  return panel;
}

/** Stop from the panel: its Stop button, then the dialog's Stop. */
export async function stopFromPanel(page: Page): Promise<void> {
  const panel = await openPanel(page);
  await panel.getByRole('button', { name: 'Stop server' }).click();
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Stop the instance', exact: true })
    .click();
}
