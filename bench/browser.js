/**
 * Browser half of `make bench`: loads Lab in Debian's Chromium and measures what a person
 * waits for. Prints one JSON object on stdout.
 *
 * Usage: node bench/browser.js <plan.json>, the plan written by scripts/bench.py:
 *   labUrl        Lab's /lab URL with its token
 *   runs          page loads for the panel figures
 *   idleSeconds   how long to count requests while nobody looks (each of visible, hidden)
 *   startRuns     page loads per configuration for the start-time figures
 *   ratioRuns     page loads of Lab alone and with ours for our start ratio, the first
 *                 startRuns of them those above
 *   farm, store   Lab's only labextensions folder, and where labextensions wait when off
 *   workspaces    Lab's workspaces folder, emptied before each timed load
 *   configurations {name: [labextension folder names enabled]}; "none" is Lab alone (as
 *                 installed), "bare" Lab with no labextension at all, loaded in the first
 *                 startRuns rounds only
 *   extensions    {name: [its own labextension folder names]}: whose script time to profile
 *   ours          our configuration's name, enabled for the panel and idle figures
 *   profileRuns   page loads of each extension alone under Chromium's CPU profiler
 *
 * Lab's server reads the labextensions folder on every page load, so moving a labextension
 * in or out of it between loads turns it on or off on a warm server: nothing of it is
 * loaded when it is out, unlike a "disabled" extension, whose code Lab still fetches.
 */
const fs = require('fs');
const path = require('path');
const { chromium } = require(
  path.join(__dirname, '..', 'ui-tests', 'node_modules', 'playwright-core')
);

const EXTENSION_ASSETS = /\/lab\/extensions\/(.+)\/static\/([^/]+)$/;
const OUR_ASSETS = '/lab/extensions/jupyterlab-qbraid/static/';
// After app.restored, for the chunks an extension fetches once Lab is up (a status item).
const SETTLE_MS = 1500;

function enableOnly(plan, names) {
  const all = new Set(Object.values(plan.configurations).flat());
  for (const name of all) {
    const inFarm = path.join(plan.farm, name);
    const inStore = path.join(plan.store, name);
    if (names.includes(name) && !fs.existsSync(inFarm)) {
      fs.mkdirSync(path.dirname(inFarm), { recursive: true });
      fs.renameSync(inStore, inFarm);
    } else if (!names.includes(name) && fs.existsSync(inFarm)) {
      fs.mkdirSync(path.dirname(inStore), { recursive: true });
      fs.renameSync(inFarm, inStore);
    }
  }
}

/**
 * Time from navigation to `app.restored`. Lab sets window.jupyterapp right after it calls
 * app.start() when the page config has exposeAppInBrowser; a setter catches the app there
 * and notes when its `restored` promise settles. Under the profiler, the page's CPU profile
 * runs from the first script to that moment (console.profile, with the inspector's Profiler
 * enabled), so that nothing after the start is counted. Resource Timing keeps every request
 * of the start, in the same clock as restoredMs.
 */
function catchRestored(profile) {
  performance.setResourceTimingBufferSize(100000);
  if (profile) {
    console.profile('start');
  }
  Object.defineProperty(window, 'jupyterapp', {
    configurable: true,
    get: () => undefined,
    set: app => {
      Object.defineProperty(window, 'jupyterapp', {
        configurable: true,
        writable: true,
        value: app
      });
      // The shell's restore settles before app.restored does, and before Lab activates the
      // deferred plugins: what is requested after it is requested once Lab has started.
      app.shell.restored.then(() => {
        window.__benchShellRestoredMs = performance.now();
      });
      app.restored.then(() => {
        window.__benchRestoredMs = performance.now();
        if (profile) {
          console.profileEnd('start');
        }
      });
    }
  });
}

/**
 * Milliseconds of CPU profile samples in an extension's static files (`folders`, its
 * labextensions): `total` when any frame of the sample's stack is its (its code and what it
 * calls: evaluating its chunks, activating its plugins), `self` when the running function
 * itself is.
 */
function scriptTime(profile, folders) {
  const byId = new Map(profile.nodes.map(node => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const paths = folders.map(folder => `/lab/extensions/${folder}/static/`);
  const isOurs = node => paths.some(assets => node.callFrame.url.includes(assets));
  const inOurs = new Map();
  const underOurs = id => {
    if (!inOurs.has(id)) {
      const node = byId.get(id);
      inOurs.set(
        id,
        isOurs(node) || (parent.has(id) ? underOurs(parent.get(id)) : false)
      );
    }
    return inOurs.get(id);
  };
  // A sample lasts until the next one; the last until the profile's end.
  const times = [];
  let time = profile.startTime;
  for (const delta of profile.timeDeltas) {
    time += delta;
    times.push(time);
  }
  times.push(profile.endTime);
  let total = 0;
  let self = 0;
  profile.samples.forEach((id, index) => {
    const micros = Math.max(0, times[index + 1] - times[index]);
    if (underOurs(id)) {
      total += micros;
      if (isOurs(byId.get(id))) {
        self += micros;
      }
    }
  });
  return { totalMs: total / 1000, selfMs: self / 1000 };
}

/**
 * One fresh page load (new browser context: nothing cached) on the warm server. With
 * `profiled` (labextension folders), under Chromium's CPU profiler (100 µs samples), for
 * their script time. With `settle`, what loads once Lab is up is let arrive too.
 */
async function startOnce(browser, plan, workspace, profiled = null, settle = true) {
  const profile = profiled !== null;
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  await context.addInitScript(catchRestored, profile);
  const page = await context.newPage();
  let finished;
  if (profile) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    finished = new Promise(resolve =>
      cdp.on('Profiler.consoleProfileFinished', event => resolve(event.profile))
    );
  }
  const assets = {};
  page.on('request', request => {
    const match = new URL(request.url()).pathname.match(EXTENSION_ASSETS);
    if (match) {
      (assets[match[1]] = assets[match[1]] || new Set()).add(match[2]);
    }
  });
  // Lab saves each load's workspace, and its start lists them all: hundreds of them, as a
  // bench leaves, took a load here from 1.4 s to 2.5 s over the run. A person has a few.
  for (const saved of fs.readdirSync(plan.workspaces)) {
    fs.rmSync(path.join(plan.workspaces, saved), { force: true });
  }
  // A workspace of its own: the default layout, with nothing to reset.
  await page.goto(plan.labUrl.replace('/lab?', `/lab/workspaces/${workspace}?`));
  await page.waitForFunction(() => window.__benchRestoredMs !== undefined, null, {
    timeout: 120000
  });
  const restoredMs = await page.evaluate(() => window.__benchRestoredMs);
  const script = profile ? scriptTime(await finished, profiled) : null;
  if (settle) {
    // Let the chunks an extension fetches once Lab is up (a status item) arrive.
    await page.waitForTimeout(SETTLE_MS);
  }
  // Extensions' static files requested before Lab's shell had restored its layout.
  const beforeRestored = await page.evaluate(
    ([pattern]) =>
      performance
        .getEntriesByType('resource')
        .filter(entry => entry.startTime < window.__benchShellRestoredMs)
        .map(entry => new URL(entry.name).pathname.match(new RegExp(pattern)))
        .filter(match => match !== null)
        .map(match => [match[1], match[2]]),
    [EXTENSION_ASSETS.source]
  );
  // Our requests before app.restored: to our server routes, or naming our package (its
  // settings, say), other than our own static files.
  const oursBeforeRestored = await page.evaluate(
    ([restored, assetsPath]) =>
      performance
        .getEntriesByType('resource')
        .filter(entry => entry.startTime < restored)
        .map(entry => new URL(entry.name).pathname)
        .filter(
          pathname =>
            (pathname.includes('/jupyterlab-qbraid/') ||
              pathname.includes('jupyterlab-qbraid')) &&
            !pathname.includes(assetsPath)
        ),
    [restoredMs, OUR_ASSETS]
  );
  await context.close();
  return {
    restoredMs,
    scriptTime: script,
    oursBeforeRestored,
    assets: Object.fromEntries(
      Object.entries(assets).map(([name, files]) => [name, [...files]])
    ),
    assetsBeforeRestored: beforeRestored.reduce((byFolder, [name, file]) => {
      (byFolder[name] = byFolder[name] || []).push(file);
      return byFolder;
    }, {})
  };
}

/**
 * Lab start per configuration: round after round, every configuration once per round, the
 * order turned by one each round, so that drift and order weigh on all alike. After
 * `startRuns` rounds, rounds of Lab alone and with ours only, for our ratio's interval;
 * those need only the time, not what loads after it.
 *
 * Every load follows a load of another configuration. A load right after one of its own
 * configuration started about 3 % sooner here, so the rounds of two keep their order:
 * turned each round, half of each configuration's loads would follow their own.
 */
async function startFigures(browser, plan) {
  const names = Object.keys(plan.configurations);
  const loads = Object.fromEntries(names.map(name => [name, []]));
  for (let round = 0; round < plan.ratioRuns; round++) {
    const every = round < plan.startRuns;
    const order = every
      ? names.map((_, index) => names[(index + round) % names.length])
      : ['none', plan.ours];
    for (const name of order) {
      enableOnly(plan, plan.configurations[name]);
      loads[name].push(
        await startOnce(
          browser,
          plan,
          `bench-${round}-${loads[name].length}-${name.replace(/\W/g, '')}`,
          null,
          every
        )
      );
    }
  }
  return loads;
}

/**
 * Loads of Lab with each extension alone under the CPU profiler, apart from the timed
 * rounds: ours for its budget, the others for what a federated extension costs. Only the
 * extension's own labextensions count, not Lab's.
 */
async function profiledStarts(browser, plan) {
  const profiled = Object.entries(plan.extensions);
  const loads = Object.fromEntries(profiled.map(([name]) => [name, []]));
  // Round after round, like the timed loads, so that drift weighs on each extension alike.
  for (let run = 0; run < plan.profileRuns; run++) {
    for (const [name, folders] of profiled) {
      enableOnly(plan, plan.configurations[name]);
      const workspace = `bench-profile-${name.replace(/\W/g, '')}-${run}`;
      loads[name].push(await startOnce(browser, plan, workspace, folders));
    }
  }
  return loads;
}

async function measureOnce(browser, labUrl) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const assets = [];
  const summaries = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.pathname.includes(OUR_ASSETS)) {
      assets.push(url.pathname.split('/').pop());
    }
    if (url.pathname.endsWith('/jupyterlab-qbraid/summary')) {
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

/** The tab hidden or shown again, as the page sees a switch to another tab. */
function setHidden(page, hidden) {
  return page.evaluate(hidden => {
    Object.defineProperty(document, 'hidden', {
      configurable: true,
      get: () => hidden
    });
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible')
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/**
 * What the tab sends the extension while nobody looks: requests to its routes and reports
 * on the idle socket, the panel closed, first with the tab visible (the status bar item
 * refreshes), then hidden; then the idle reports while a person types without pause,
 * counted from the first one (the tab reports input at once, then at most once a minute).
 */
async function idleRequests(browser, labUrl, seconds) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  let count = 0;
  let reports = 0;
  page.on('request', request => {
    if (new URL(request.url()).pathname.includes('/jupyterlab-qbraid/')) {
      count++;
    }
  });
  page.on('websocket', socket => {
    if (socket.url().includes('/jupyterlab-qbraid/idle/socket')) {
      socket.on('framesent', () => reports++);
    }
  });
  await page.goto(labUrl.replace('/lab?', '/lab?reset&'));
  await page.waitForSelector('.jp-qbraid-StatusItem-button:has-text("credits")');
  await page.waitForTimeout(2000);

  count = 0;
  reports = 0;
  await page.waitForTimeout(seconds * 1000);
  const visible = count;
  const visibleReports = reports;

  await setHidden(page, true);
  count = 0;
  reports = 0;
  await page.waitForTimeout(seconds * 1000);
  const hidden = count;
  const hiddenReports = reports;

  await setHidden(page, false);
  reports = 0;
  const typeUntil = async end => {
    while (Date.now() < end()) {
      await page.keyboard.press('Shift');
      await page.waitForTimeout(500);
    }
  };
  // Input before the socket is open is not told: the first report may take a minute.
  const firstBy = Date.now() + 2 * 60 * 1000;
  await typeUntil(() => (reports > 0 ? 0 : firstBy));
  count = 0;
  reports = 0;
  const typingEnds = Date.now() + seconds * 1000;
  await typeUntil(() => typingEnds);
  await context.close();
  return {
    seconds,
    visible,
    hidden,
    visibleReports,
    hiddenReports,
    typingReports: reports,
    typingRequests: count
  };
}

(async () => {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
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
  try {
    const start = await startFigures(browser, plan);
    const profiled = await profiledStarts(browser, plan);
    // The panel and idle figures: ours alone.
    enableOnly(plan, plan.configurations[plan.ours]);
    const runs = [];
    for (let run = 0; run < plan.runs; run++) {
      runs.push(await measureOnce(browser, plan.labUrl));
    }
    const idle =
      plan.idleSeconds > 0
        ? await idleRequests(browser, plan.labUrl, plan.idleSeconds)
        : null;
    process.stdout.write(
      JSON.stringify({
        browserVersion: browser.version(),
        start,
        profiled,
        runs,
        idle
      }) + '\n'
    );
  } finally {
    await browser.close();
  }
})().catch(error => {
  console.error(error);
  process.exit(1);
});
