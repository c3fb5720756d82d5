/**
 * The qBraid Lab configuration: the stock Galata setup against a Lab started as qBraid's
 * published Lab starts it (jupyter_server_qbraid_lab_config.py: its disabled plugins, Lab's
 * notifications among them, and JupyterLab Dark by default), running qbraid-lab/.
 */
const base = require('./playwright.config');

const port = process.env.QBRAID_UI_PORT ?? '8893';
// The tests' own process reads the emulator this server started by its port (tests/ports.ts).
process.env.QBRAID_UI_PORT = port;

module.exports = {
  ...base,
  testDir: 'qbraid-lab',
  grep: undefined,
  // One project of its own, one worker.
  projects: undefined,
  workers: 1,
  outputDir: 'test-results/qbraid-lab-output',
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/qbraid-lab.json' }],
    ['html', { open: 'never', outputFolder: 'playwright-report/qbraid-lab' }]
  ],
  use: { ...base.use, baseURL: `http://localhost:${port}` },
  webServer: {
    command: 'jupyter lab --config jupyter_server_qbraid_lab_config.py',
    url: `http://localhost:${port}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI,
    env: { ...process.env, QBRAID_UI_PORT: port }
  }
};
