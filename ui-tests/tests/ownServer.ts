/**
 * A Jupyter server of a test's own, for what the shared one must not go through: being shut
 * down, or running without our server extension.
 */
import { expect, TestInfo } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { emulatorState } from './emulator';

export interface IOwnServer {
  /** Lab's URL, without the token. */
  readonly labUrl: string;
  readonly token: string;
  readonly process: ChildProcess;
  /** When the server process ended (ms since the epoch). */
  readonly exited: Promise<number>;
  /** Kills what is still running; attaches the server's log to a failed test. */
  close(testInfo: TestInfo): Promise<void>;
}

/**
 * `jupyter lab` on `port` with its own folders and a qbraidrc holding the emulator's key;
 * `config` lines go into a config file of its own, `env` into its environment (what a
 * platform pod carries, say). Resolves once Lab answers.
 */
export async function startOwnServer(
  testInfo: TestInfo,
  port: number,
  config: string[] = [],
  env: Record<string, string> = {}
): Promise<IOwnServer> {
  const token = `own-server-${port}`;
  const labUrl = `http://127.0.0.1:${port}/lab`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qbraid-own-server-'));
  const state = emulatorState();
  const qbraidrc = path.join(work, 'qbraidrc');
  fs.writeFileSync(
    qbraidrc,
    `[default]\napi-key = ${state.apiKey}\nurl = ${state.url}\n`,
    {
      mode: 0o600
    }
  );
  fs.mkdirSync(path.join(work, 'notebooks'));
  const configFile = path.join(work, 'jupyter_config.py');
  // No build check: Lab runs it in a worker thread (node subprocesses) that Python waits
  // for at exit, so a shutdown soon after the page loads would wait on it too.
  const noBuildCheck =
    "c.ServerApp.tornado_settings = {'page_config_data': {'buildCheck': False, 'buildAvailable': False}}";
  fs.writeFileSync(configFile, [noBuildCheck, ...config].join('\n') + '\n');
  // The server's own log, attached to a failed test: it tells where a start or stop hung.
  const logPath = testInfo.outputPath(`jupyter-lab-${port}.log`);
  const log = fs.openSync(logPath, 'w');
  const server = spawn(
    'jupyter',
    [
      'lab',
      `--config=${configFile}`,
      '--no-browser',
      `--port=${port}`,
      '--ServerApp.port_retries=0',
      '--ServerApp.ip=127.0.0.1',
      '--ServerApp.allow_root=True',
      `--IdentityProvider.token=${token}`,
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
        JUPYTERLAB_WORKSPACES_DIR: path.join(work, 'workspaces'),
        ...env
      },
      stdio: ['ignore', log, log]
    }
  );
  fs.closeSync(log);
  const exited = new Promise<number>(resolve =>
    server.on('exit', () => resolve(Date.now()))
  );
  // Its own token: another server left on the port answers 403, not 200.
  await expect
    .poll(
      async () => {
        if (server.exitCode !== null) {
          return `exited with ${server.exitCode}`;
        }
        try {
          return (await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`))
            .status;
        } catch {
          return 0;
        }
      },
      {
        message: `jupyter lab answers on port ${port} (its log is attached)`,
        timeout: 60_000
      }
    )
    .toBe(200);
  return {
    labUrl,
    token,
    process: server,
    exited,
    close: async (info: TestInfo) => {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGKILL');
        await exited;
      }
      if (info.status !== info.expectedStatus) {
        await info.attach('jupyter lab output', {
          path: logPath,
          contentType: 'text/plain'
        });
      }
    }
  };
}
