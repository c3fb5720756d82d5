/**
 * The Jupyter Notebook 7 smoke suite (notebook/), in Debian's Chromium. Plain Playwright:
 * Galata drives JupyterLab's shell only.
 */
const base = require('./playwright.config');

const port = process.env.QBRAID_UI_PORT ?? '8892';

module.exports = {
  ...base,
  testDir: 'notebook',
  grep: undefined,
  // One project of its own, one worker.
  projects: undefined,
  workers: 1,
  outputDir: 'test-results/notebook-output',
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/notebook.json' }],
    ['html', { open: 'never', outputFolder: 'playwright-report/notebook' }]
  ],
  use: { ...base.use, baseURL: `http://localhost:${port}` },
  webServer: {
    command: 'jupyter notebook --config jupyter_server_test_config.py',
    url: `http://localhost:${port}/tree`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI,
    env: { ...process.env, QBRAID_UI_PORT: port }
  }
};
