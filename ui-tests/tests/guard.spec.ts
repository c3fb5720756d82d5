import { expect, test } from '@jupyterlab/galata';

import { emulatorState, useCleanEmulator } from './emulator';

const TOAST = '.Toastify__toast';

test.describe('the key leak guard', () => {
  useCleanEmulator();

  test('a printed key is saved as a marker, and a notification says why', async ({
    page,
    tmpPath
  }) => {
    const apiKey = emulatorState().apiKey;
    const marker = `[qBraid API key …${apiKey.slice(-4)} redacted]`;
    const notebook = 'printed-key.ipynb';
    await page.notebook.createNew(notebook);
    await page.notebook.setCell(
      0,
      'code',
      'import os\nprint(os.environ["QBRAID_API_KEY"])'
    );
    await page.notebook.runCell(0);
    expect(((await page.notebook.getCellTextOutput(0)) ?? []).join('')).toContain(
      apiKey
    );
    await page.notebook.save();

    const notice = page.locator(TOAST, { hasText: 'saved as a marker in 1 output' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(`…${apiKey.slice(-4)}`);
    await expect(notice).not.toContainText(apiKey);

    const onDisk = await page.request.get(`/api/contents/${tmpPath}/${notebook}`);
    const text = JSON.stringify(await onDisk.json());
    expect(text).toContain(marker);
    expect(text).not.toContain(apiKey);

    await page.notebook.close(true);
    await page.notebook.open(notebook);
    expect(((await page.notebook.getCellTextOutput(0)) ?? []).join('')).toContain(
      marker
    );
  });

  test('a pasted key is replaced with the environment variable, and the code still works', async ({
    page,
    tmpPath
  }) => {
    const apiKey = emulatorState().apiKey;
    const notebook = 'pasted-key.ipynb';
    await page.notebook.createNew(notebook);
    await page.notebook.setCell(0, 'code', `key = "${apiKey}"\nprint(len(key))`);
    await page.notebook.save();

    const notice = page.locator(TOAST, { hasText: 'is in the code of cell 1' });
    await expect(notice).toBeVisible();
    await expect(notice).not.toContainText(apiKey);
    // With Lab's notifications, the notice is theirs alone: no banner, no count of ours.
    await expect(page.locator('.jp-qbraid-NoticeBanner')).toHaveCount(0);
    await expect(page.locator('.jp-qbraid-StatusItem-notices')).toHaveCount(0);
    await notice
      .getByRole('button', { name: 'Replace with environment variable' })
      .click();
    await expect(
      page.locator(TOAST, { hasText: 'Now reads the key from QBRAID_API_KEY' })
    ).toBeVisible();

    const onDisk = await page.request.get(`/api/contents/${tmpPath}/${notebook}`);
    const text = JSON.stringify(await onDisk.json());
    expect(text).not.toContain(apiKey);
    expect(text).toContain('os.environ[\\"QBRAID_API_KEY\\"]');

    await page.notebook.runCell(0);
    expect(((await page.notebook.getCellTextOutput(0)) ?? []).join('').trim()).toBe(
      String(apiKey.length)
    );
  });

  test('the scan lists a file holding a key by its hint, never the key', async ({
    page,
    tmpPath
  }) => {
    const apiKey = emulatorState().apiKey;
    const planted = `${tmpPath}/deep/er/still/config.env`;
    for (const folder of ['deep', 'deep/er', 'deep/er/still']) {
      await page.request.put(`/api/contents/${tmpPath}/${folder}`, {
        data: { type: 'directory' }
      });
    }
    const saved = await page.request.put(`/api/contents/${planted}`, {
      data: { type: 'file', format: 'text', content: `QBRAID_API_KEY=${apiKey}\n` }
    });
    expect(saved.ok()).toBe(true);

    await page.evaluate(() => {
      // Not awaited: the command ends when its dialog is closed.
      void window.jupyterapp.commands.execute('jupyterlab-qbraid:scan-files');
    });
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.getByText(/Scanned \d+ files? in/)).toBeVisible({
      timeout: 30_000
    });
    const row = dialog.locator('.jp-qbraid-ScanResult', { hasText: planted });
    await expect(row).toContainText(`…${apiKey.slice(-4)}`);
    await expect(row).toContainText('1 line');
    expect(await dialog.innerText()).not.toContain(apiKey);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
