import { test } from '@jupyterlab/galata';
import { APIRequestContext } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { UI_PORT } from './ports';

/** What jupyter_server_test_config.py wrote about the emulator it started. */
export interface IEmulatorState {
  url: string;
  base: string;
  apiKey: string;
  qbraidrc: string;
}

export function emulatorState(): IEmulatorState {
  const file = path.join(
    __dirname,
    '..',
    '.qbraid-test-state',
    `emulator-${UI_PORT}.json`
  );
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

export interface IFault {
  path: string;
  status?: number;
  count?: number;
  latencyMs?: number;
  malformed?: boolean;
  retryAfter?: number;
}

export async function addFault(
  request: APIRequestContext,
  fault: IFault
): Promise<void> {
  const response = await request.post(`${emulatorState().base}/__emulator__/faults`, {
    data: fault
  });
  if (!response.ok()) {
    throw new Error(`fault not added: ${response.status()}`);
  }
}

/** Change the seeded organization, e.g. `{ cpuHours: { used: 395 } }`. */
export async function patchState(
  request: APIRequestContext,
  changes: Record<string, unknown>
): Promise<void> {
  const response = await request.patch(`${emulatorState().base}/__emulator__/state`, {
    data: changes
  });
  if (!response.ok()) {
    throw new Error(`state not changed: ${response.status()}`);
  }
}

export async function clearFaults(request: APIRequestContext): Promise<void> {
  await request.delete(`${emulatorState().base}/__emulator__/faults`);
}

/** Put the seeded key back in the test qbraidrc, as after `qbraid configure`. */
export function restoreQbraidrc(): void {
  const state = emulatorState();
  fs.writeFileSync(
    state.qbraidrc,
    `[default]\napi-key = ${state.apiKey}\nurl = ${state.url}\n`,
    { mode: 0o600 }
  );
}

/** Each test starts, and the suite ends, with no faults and the seeded key in use. */
export function useCleanEmulator(): void {
  test.beforeEach(async ({ request }) => {
    await clearFaults(request);
    restoreQbraidrc();
  });

  test.afterAll(async ({ request }) => {
    await clearFaults(request);
    restoreQbraidrc();
  });
}

/**
 * A fault rule with every option of the emulator's admin API (faults.py): `method` and
 * `body` too, and any option a newer emulator may know (such as a connection drop).
 */
export interface IFaultRule extends IFault {
  method?: string;
  /** The JSON answer in place of the real one (e.g. an envelope missing fields). */
  body?: unknown;
  [option: string]: unknown;
}

/**
 * Add a rule; answers whether the emulator took it and, when it did not (an option it does
 * not know, say), the emulator's message, so that a test can skip instead of fail.
 */
export async function tryAddFault(
  request: APIRequestContext,
  rule: IFaultRule
): Promise<{ added: boolean; message: string }> {
  const response = await request.post(`${emulatorState().base}/__emulator__/faults`, {
    data: rule
  });
  if (response.ok()) {
    return { added: true, message: '' };
  }
  let message = `${response.status()}`;
  try {
    message = (await response.json()).message ?? message;
  } catch {
    // not JSON: the status says enough
  }
  return { added: false, message };
}
