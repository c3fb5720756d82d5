/**
 * The browser half of the security matrix: after a key is created and another rotated
 * through the panel's dialogs, and the dialogs are closed, no secret is anywhere the page
 * keeps or sends things: storage, cookies, the DOM, URLs, request headers, the console,
 * settings or workspaces.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { Request } from '@playwright/test';

type LabPage = IJupyterLabPageFixture;

import { emulatorState, useCleanEmulator } from './emulator';

const PANEL_ID = 'jp-qbraid-panel';

async function openKeys(page: LabPage) {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel.getByRole('list', { name: 'API keys' })).toBeVisible();
  return panel;
}

async function readSecretAndClose(page: LabPage, keyName: string): Promise<string> {
  const dialog = page.locator('.jp-Dialog');
  const secret = await dialog.getByLabel(`Secret of ${keyName}`).inputValue();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toBeHidden();
  return secret;
}

/** Everything the page keeps, as text: storage, IndexedDB, caches, cookies, DOM, URL. */
async function whatThePageKeeps(page: LabPage): Promise<Record<string, string>> {
  const inPage = await page.evaluate(async () => {
    const storage = (store: Storage) => {
      const entries: Record<string, string | null> = {};
      for (let index = 0; index < store.length; index++) {
        const key = store.key(index)!;
        entries[key] = store.getItem(key);
      }
      return JSON.stringify(entries);
    };
    const indexedDb: unknown[] = [];
    const databases = indexedDB.databases ? await indexedDB.databases() : [];
    for (const info of databases) {
      if (!info.name) {
        continue;
      }
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown>((resolve, reject) => {
          const request = db
            .transaction(storeName, 'readonly')
            .objectStore(storeName)
            .getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        indexedDb.push({ db: info.name, store: storeName, values });
      }
      db.close();
    }
    const cached: string[] = [];
    if ('caches' in window) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const response = await cache.match(request);
          cached.push(request.url, response ? await response.text() : '');
        }
      }
    }
    // Input values are properties, not always attributes: read them too.
    const fields = Array.from(
      document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
        'input, textarea'
      )
    ).map(field => field.value);
    const settings = await fetch('/lab/api/settings').then(answer => answer.text());
    return {
      localStorage: storage(localStorage),
      sessionStorage: storage(sessionStorage),
      indexedDB: JSON.stringify(indexedDb),
      cacheStorage: cached.join('\n'),
      dom: document.documentElement.outerHTML,
      fieldValues: fields.join('\n'),
      location: window.location.href,
      history: JSON.stringify(history.state ?? null),
      documentCookie: document.cookie,
      settingsSeenByThePage: settings
    };
  });
  const cookies = JSON.stringify(await page.context().cookies());
  const serverSettings = await (await page.request.get('/lab/api/settings')).text();
  const workspaces = await (await page.request.get('/lab/api/workspaces')).text();
  return {
    ...inPage,
    cookies,
    serverSettings,
    workspaces,
    pageUrl: page.url()
  };
}

function leaks(
  places: Record<string, string>,
  secrets: Record<string, string>
): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(places)) {
    for (const [what, secret] of Object.entries(secrets)) {
      if (text.includes(secret)) {
        found.push(`${what} in ${where}`);
      }
    }
  }
  return found;
}

test.describe('secrets in the browser', () => {
  useCleanEmulator();

  const made: string[] = [];
  test.afterEach(async ({ request }) => {
    // The keys of this test go; the seeded key stays (other tests use it).
    while (made.length) {
      await request.delete(`/jupyterlab-qbraid/keys/${made.pop()}`);
    }
  });

  test('a created and a rotated secret are kept nowhere once their dialogs close', async ({
    page
  }) => {
    const requests: Request[] = [];
    const consoleLines: string[] = [];
    page.on('request', request => requests.push(request));
    page.on('console', message => consoleLines.push(message.text()));
    page.on('pageerror', error => consoleLines.push(String(error)));

    const panel = await openKeys(page);

    // Create through the panel's dialog.
    await panel.getByRole('button', { name: 'Create an API key' }).click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByLabel('Key name').fill('Security matrix key');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByText('it will not be shown again')).toBeVisible();
    const created = await readSecretAndClose(page, 'Security matrix key');
    expect(created).toMatch(/^qbr_[0-9a-f]{64}$/);

    // Rotate it through its row's button and the confirmation.
    const row = panel.getByRole('listitem', { name: 'API key Security matrix key' });
    await expect(row).toContainText(`…${created.slice(-4)}`);
    made.push(
      (await row
        .locator('.jp-qbraid-KeyRow-details code')
        .textContent({ timeout: 5000 }))!
    );
    await row.getByRole('button', { name: 'Rotate Security matrix key' }).click();
    await expect(page.locator('.jp-Dialog')).toContainText('stops working at once');
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Rotate' }).click();
    await expect(page.locator('.jp-Dialog')).toContainText(
      'it will not be shown again'
    );
    const rotated = await readSecretAndClose(page, 'Security matrix key');
    expect(rotated).not.toEqual(created);
    await expect(row).toContainText(`…${rotated.slice(-4)}`);

    // A refresh after the dialogs closed: its answer, and what the panel draws from it,
    // are in the places checked below.
    const refreshed = page.waitForResponse(
      response =>
        new URL(response.url()).pathname.endsWith('/jupyterlab-qbraid/keys') &&
        response.request().method() === 'GET'
    );
    await page
      .locator(`#${PANEL_ID}`)
      .getByRole('button', { name: 'Refresh API keys' })
      .click();
    await (await refreshed).finished();
    await expect(row).toContainText(`…${rotated.slice(-4)}`);

    const secrets = {
      seeded: emulatorState().apiKey,
      created,
      rotated
    };
    const places = await whatThePageKeeps(page);
    places.requestUrls = requests.map(request => request.url()).join('\n');
    places.requestHeaders = JSON.stringify(
      await Promise.all(requests.map(request => request.allHeaders().catch(() => ({}))))
    );
    places.console = consoleLines.join('\n');
    expect(leaks(places, secrets)).toEqual([]);
    // Not vacuous: the page did talk to the key routes, and the DOM holds the hints.
    expect(places.requestUrls).toContain('/jupyterlab-qbraid/keys');
    expect(places.dom).toContain(`…${rotated.slice(-4)}`);
  });

  test('the active key rotated from the panel is kept nowhere either', async ({
    page
  }) => {
    const consoleLines: string[] = [];
    const urls: string[] = [];
    page.on('console', message => consoleLines.push(message.text()));
    page.on('request', request => urls.push(request.url()));

    // A key of its own made active, so that the seeded key is never rotated.
    const answer = await page.request.post('/jupyterlab-qbraid/keys', {
      data: { name: 'Active security key' }
    });
    expect(answer.status()).toBe(201);
    const { key, secret } = await answer.json();
    made.push(key.id);
    expect(
      (
        await page.request.post('/jupyterlab-qbraid/key', { data: { apiKey: secret } })
      ).ok()
    ).toBe(true);

    const panel = await openKeys(page);
    const row = panel.getByRole('listitem', { name: 'API key Active security key' });
    await expect(row).toContainText('In use by Lab');
    await row.getByRole('button', { name: 'Rotate Active security key' }).click();
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Rotate' }).click();
    await expect(page.locator('.jp-Dialog')).toContainText(
      'Lab now uses the new secret'
    );
    const rotated = await readSecretAndClose(page, 'Active security key');
    await expect(row).toContainText(`…${rotated.slice(-4)}`);
    await expect(panel.locator('.jp-qbraid-Email')).toHaveText('demo@example.com');

    const places = await whatThePageKeeps(page);
    places.requestUrls = urls.join('\n');
    places.console = consoleLines.join('\n');
    expect(
      leaks(places, { seeded: emulatorState().apiKey, before: secret, rotated })
    ).toEqual([]);
  });

  test('a key name with markup is drawn as text', async ({ page }) => {
    const name = '<img src=x onerror=window.__qbraidXss=1>';
    const answer = await page.request.post('/jupyterlab-qbraid/keys', {
      data: { name }
    });
    expect(answer.status()).toBe(201);
    made.push((await answer.json()).key.id);

    const panel = await openKeys(page);
    const row = panel.getByRole('listitem', { name: `API key ${name}` });
    await expect(row.locator('.jp-qbraid-KeyRow-name')).toHaveText(name);
    await expect(panel.locator('img[src="x"]')).toHaveCount(0);

    // Its confirmations name it as text too.
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = page.locator('.jp-Dialog');
    await expect(confirm).toContainText(name);
    await expect(confirm.locator('img')).toHaveCount(0);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    expect(await page.evaluate(() => (window as any).__qbraidXss)).toBeUndefined();
  });
});
