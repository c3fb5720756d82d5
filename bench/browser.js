/**
 * Browser half of `make bench`: loads Lab in Debian's Chromium and measures what a person
 * waits for. Prints one JSON object on stdout.
 *
 * Usage: node bench/browser.js <lab url with token> <runs>
 */
const path = require('path');
const { chromium } = require(path.join(
  __dirname,
  '..',
  'ui-tests',
  'node_modules',
  'playwright-core'
));

const EXTENSION_ASSETS = '/lab/extensions/jupyterlab-qbraid/static/';

async function measureOnce(browser, labUrl) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const assets = [];
  const summaries = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.pathname.includes(EXTENSION_ASSETS)) {
      assets.push(url.pathname.split('/').pop());
    }
    if (url.pathname.endsWith('/qbraid/summary')) {
      summaries.push(Date.now());
    }
  });
  const navigationStart = Date.now();
  await page.goto(labUrl.replace('/lab?', '/lab?reset&'));
  await page.waitForSelector('.jp-qbraid-StatusItem-button:has-text("credits")');
  const firstCreditsMs = Date.now() - navigationStart;
  // Let start-up settle so that only the panel's own loads count below.
  await page.waitForTimeout(1000);
  const atStart = [...assets];

  const summariesBeforeOpen = summaries.length;
  // Timed in the page: from the click's pointerdown to the first frame showing credits.
  await page.evaluate(() => {
    const tab = document.querySelector('.jp-SideBar [data-id="jp-qbraid-panel"]');
    window.__qbraidOpened = new Promise(resolve => {
      tab.addEventListener(
        'pointerdown',
        () => {
          const start = performance.now();
          const check = () => {
            const credits = document.querySelector(
              '#jp-qbraid-panel .jp-qbraid-Balance-credits'
            );
            if (credits && credits.offsetParent !== null) {
              resolve(performance.now() - start);
            } else {
              requestAnimationFrame(check);
            }
          };
          check();
        },
        { capture: true, once: true }
      );
    });
  });
  await page.click('.jp-SideBar [data-id="jp-qbraid-panel"]');
  const opened = await page.evaluate(() => window.__qbraidOpened);
  const afterOpen = assets.filter(asset => !atStart.includes(asset));

  // One manual refresh: how many requests does the browser make for it?
  const beforeRefresh = summaries.length;
  await page.getByRole('button', { name: 'Refresh Credits' }).click();
  await page.waitForTimeout(1500);
  const refreshRequests = summaries.length - beforeRefresh;
  await context.close();
  return {
    firstCreditsMs,
    panelToCreditsMs: opened,
    startAssets: atStart,
    panelAssets: afterOpen,
    summaryRequestsOnOpen: beforeRefresh - summariesBeforeOpen,
    refreshRequests
  };
}

/**
 * Requests to the extension's routes while nobody looks: the panel closed, first with the
 * tab visible (the status bar item refreshes), then with the tab hidden.
 */
async function idleRequests(browser, labUrl, seconds) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  let count = 0;
  page.on('request', request => {
    if (new URL(request.url()).pathname.includes('/qbraid/')) {
      count++;
    }
  });
  await page.goto(labUrl.replace('/lab?', '/lab?reset&'));
  await page.waitForSelector('.jp-qbraid-StatusItem-button:has-text("credits")');
  await page.waitForTimeout(2000);

  count = 0;
  await page.waitForTimeout(seconds * 1000);
  const visible = count;

  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => 'hidden'
    });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  count = 0;
  await page.waitForTimeout(seconds * 1000);
  const hidden = count;
  await context.close();
  return { seconds, visible, hidden };
}

(async () => {
  const [labUrl, runsText, idleSecondsText] = process.argv.slice(2);
  const runs = Number(runsText || 5);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic'
    ]
  });
  const results = [];
  for (let run = 0; run < runs; run++) {
    results.push(await measureOnce(browser, labUrl));
  }
  const idle = await idleRequests(browser, labUrl, Number(idleSecondsText || 65));
  await browser.close();
  process.stdout.write(JSON.stringify({ runs: results, idle }) + '\n');
})().catch(error => {
  console.error(error);
  process.exit(1);
});
