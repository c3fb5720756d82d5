/**
 * Galata in Debian's Chromium; no browser is downloaded.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// Another port lets a second run go on beside this one (see tests/ports.ts).
const port = process.env.QBRAID_UI_PORT ?? '8888';
// The smoke suite (tests tagged @smoke) runs against the oldest supported JupyterLab
// (scripts/check_installed.py): the Jupyter first on PATH, reports of its own.
const smoke = Boolean(process.env.QBRAID_UI_SMOKE);
const results = smoke ? 'smoke' : 'results';

// Specs with a JupyterHub of their own (tests/hubStack.ts): they share nothing with the
// others, and spend most of their time waiting on real idle minutes and hub starts, so they
// run beside them, one at a time.
const OWN_HUB = /\/(hub|hub-stop|idle-tabs)\.spec\.ts$/;

module.exports = {
  ...baseConfig,
  testDir: 'tests',
  // One worker per project: the other specs share one Lab server and its emulator's account,
  // so they run one after another.
  workers: 2,
  projects: [
    { name: 'lab', testIgnore: OWN_HUB, workers: 1 },
    { name: 'hubs', testMatch: OWN_HUB, workers: 1 }
  ],
  grep: smoke ? /@smoke/ : undefined,
  // Apart, so that neither run clears the other's report.
  outputDir: `test-results/${results}-output`,
  retries: 0,
  // Ceilings, not waits: with two workers on two cores, a step that takes 2 s alone can
  // take 8 s beside a hub starting, and the tests wait on the event either way.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: `test-results/${results}.json` }],
    ['html', { open: 'never', outputFolder: `playwright-report/${results}` }]
  ],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    video: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-gpu'
      ]
    }
  },
  webServer: {
    command: 'jupyter lab --config jupyter_server_test_config.py',
    url: `http://localhost:${port}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
