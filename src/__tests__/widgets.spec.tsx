import { Dialog, Notification } from '@jupyterlab/apputils';
import { Time } from '@jupyterlab/coreutils';
import { sleep, waitForDialog } from '@jupyterlab/testing';
import { StateDB } from '@jupyterlab/statedb';
import { nullTranslator } from '@jupyterlab/translation';
import { PanelWithToolbar } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';

import { QbraidApiError } from '../api';
import { formatCredits, formatDuration, formatHours } from '../shared/format';
import { ticker } from '../shared/ticker';
import { PANEL_ID } from '../tokens';
import { QbraidPanel } from '../panel/panel';
import type { IPanelOptions } from '../panel/sections';
import { QbraidStatusItem } from '../account/statusItem';
import {
  ACCOUNT,
  ACTIVE_KEY,
  apiError,
  COMPUTE,
  CREDITS,
  FakeAccount,
  FakeInstance,
  FakeKernels,
  FakeKeys,
  fakeApi,
  HUB_HOME_URL,
  instanceInfo,
  kernelsChange,
  kernelsSnapshot,
  keyList,
  LINKS,
  NOTEBOOK_KERNEL,
  ORPHAN_KERNEL,
  OTHER_KEY,
  section,
  SHARED_KERNEL,
  onDemandInfo,
  PASTED_KEY,
  SET_KEY_RESULT,
  standaloneInfo,
  subscriptionInfo,
  labNotices
} from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');
const STATUS_VIEW_ID = 'jp-qbraid-status';

/** Lumino and React changes both render outside React's own events; flush them in act. */
async function inAct(change: () => void): Promise<void> {
  await act(async () => {
    change();
  });
}

describe('QbraidStatusItem', () => {
  let account: FakeAccount;
  let open: jest.Mock;
  let item: QbraidStatusItem;

  beforeEach(async () => {
    account = new FakeAccount();
    open = jest.fn();
    item = new QbraidStatusItem(account, trans, open);
    await inAct(() => Widget.attach(item, document.body));
  });

  afterEach(async () => {
    await inAct(() => item.dispose());
  });

  const button = () => item.node.querySelector('button')!;

  it('reminds in its title to rotate an old key, following the keys', async () => {
    const keys = new FakeKeys();
    const withKeys = new QbraidStatusItem(account, trans, open, keys);
    await inAct(() => Widget.attach(withKeys, document.body));
    const title = () => withKeys.node.querySelector('button')!.title;
    expect(title()).not.toContain('rotate');

    keys.rotationReminder = {
      hint: 'abcd',
      ageDays: 91,
      afterDays: 90,
      canRotate: true
    };
    await inAct(() => keys.emit());
    expect(title()).toContain(
      'The API key Lab uses (…abcd) is 91 days old: rotate it from the qBraid panel.'
    );
    await inAct(() => withKeys.dispose());
  });

  it('says qBraid while nothing is known yet', () => {
    expect(button().textContent).toBe('qBraid');
    expect(button().title).toBe('qBraid account: click to open the panel');
  });

  it('says there is no key when not configured', async () => {
    account.configured = false;
    await inAct(() => account.emit());

    expect(button().textContent).toBe('qBraid: no key');
  });

  it('shows the credits once they are known', async () => {
    account.configured = true;
    account.credits = section({ data: CREDITS, updatedAt: new Date() });
    await inAct(() => account.emit());

    expect(button().textContent).toBe(
      `${formatCredits(CREDITS.qbraidCredits)} credits`
    );
    expect(button().classList).not.toContain('jp-qbraid-mod-warning');
    expect(button().classList).not.toContain('jp-qbraid-mod-stale');
  });

  it('warns when low on credits', async () => {
    account.configured = true;
    account.credits = section({ data: { ...CREDITS, qbraidCredits: 12 } });
    account.isLowOnCredits = true;
    await inAct(() => account.emit());

    // The warning marks the credits themselves, so hours can warn apart from them.
    const credits = button().querySelector('.jp-qbraid-StatusItem-credits')!;
    expect(credits.classList).toContain('jp-qbraid-mod-warning');
    expect(button().querySelectorAll('.jp-qbraid-mod-warning')).toHaveLength(1);
    expect(button().title).toContain('Low on credits');
  });

  it('marks stale credits with the reason in its title', async () => {
    account.configured = true;
    account.credits = section({
      data: CREDITS,
      error: apiError('timeout', 'qBraid took too long.')
    });
    await inAct(() => account.emit());

    expect(button().classList).toContain('jp-qbraid-mod-stale');
    expect(button().title).toContain('Last refresh failed: qBraid took too long.');
  });

  describe('with credits and compute hours', () => {
    const creditsText = `${formatCredits(CREDITS.qbraidCredits)} credits`;
    const hoursText = `${formatHours(COMPUTE.remaining)} h left`;
    const creditsSpan = () => button().querySelector('.jp-qbraid-StatusItem-credits')!;
    const hoursSpan = () => button().querySelector('.jp-qbraid-StatusItem-hours')!;

    async function show(lowCredits: boolean, lowHours: boolean): Promise<void> {
      account.configured = true;
      account.credits = section({ data: CREDITS, updatedAt: new Date() });
      account.compute = section({ data: COMPUTE, updatedAt: new Date() });
      account.isLowOnCredits = lowCredits;
      account.isLowOnHours = lowHours;
      await inAct(() => account.emit());
    }

    it('shows both, with no warning when neither is low', async () => {
      await show(false, false);

      expect(creditsSpan().textContent).toBe(creditsText);
      expect(hoursSpan().textContent).toBe(hoursText);
      expect(hoursText).toBe('7 h left');
      expect(button().textContent).toBe(creditsText + hoursText);
      expect(button().querySelectorAll('.jp-qbraid-mod-warning')).toHaveLength(0);
      expect(button().title).toBe(
        'qBraid account: click to open the panel\nCompute hours: 7 of 10 left this month'
      );
    });

    it('warns on the credits only when only they are low', async () => {
      await show(true, false);

      expect(creditsSpan().classList).toContain('jp-qbraid-mod-warning');
      expect(hoursSpan().classList).not.toContain('jp-qbraid-mod-warning');
      expect(button().title).toBe(
        'qBraid account: click to open the panel\nCompute hours: 7 of 10 left this month\nLow on credits'
      );
    });

    it('warns on the hours only when only they are low', async () => {
      await show(false, true);

      expect(creditsSpan().classList).not.toContain('jp-qbraid-mod-warning');
      expect(hoursSpan().classList).toContain('jp-qbraid-mod-warning');
      expect(button().title).toBe(
        'qBraid account: click to open the panel\nCompute hours: 7 of 10 left this month\nLow on compute hours'
      );
    });

    it('warns on both when both are low', async () => {
      await show(true, true);

      expect(creditsSpan().classList).toContain('jp-qbraid-mod-warning');
      expect(hoursSpan().classList).toContain('jp-qbraid-mod-warning');
      expect(button().title).toBe(
        'qBraid account: click to open the panel\nCompute hours: 7 of 10 left this month\nLow on credits\nLow on compute hours'
      );
      // Named by what it shows; the title describes the rest.
      expect(button().getAttribute('aria-label')).toBeNull();
    });

    it('shows the hours alone while the credits are unknown', async () => {
      account.configured = true;
      account.compute = section({ data: COMPUTE, updatedAt: new Date() });
      await inAct(() => account.emit());

      expect(button().textContent).toBe(hoursText);
      expect(creditsSpan()).toBeNull();
    });

    it('says there is no key when not configured, whatever it knew', async () => {
      await show(true, true);
      account.configured = false;
      await inAct(() => account.emit());

      expect(button().textContent).toBe('qBraid: no key');
      expect(button().querySelectorAll('.jp-qbraid-mod-warning')).toHaveLength(0);
    });

    it('marks stale hours with the reason in its title', async () => {
      await show(false, false);
      account.compute = section({
        data: COMPUTE,
        updatedAt: new Date(),
        error: apiError('unreachable', 'qBraid cannot be reached.')
      });
      await inAct(() => account.emit());

      expect(button().classList).toContain('jp-qbraid-mod-stale');
      expect(button().title).toBe(
        'qBraid account: click to open the panel\nCompute hours: 7 of 10 left this month\nLast refresh failed: qBraid cannot be reached.'
      );
      // The last known hours are still shown.
      expect(hoursSpan().textContent).toBe(hoursText);
    });

    it('is not stale for an error on a part it has no data for', async () => {
      await show(false, false);
      account.compute = section({ error: apiError('not_found', 'No compute hours.') });
      await inAct(() => account.emit());

      expect(button().classList).not.toContain('jp-qbraid-mod-stale');
      expect(button().title).not.toContain('Last refresh failed');
      expect(button().textContent).toBe(creditsText);
    });
  });

  it('calls the open callback when clicked', async () => {
    await inAct(() => fireEvent.click(button()));

    expect(open).toHaveBeenCalledTimes(1);
  });

  it('tells the account when it is on and off screen, and asks only what it shows', async () => {
    expect(account.setViewVisible).toHaveBeenLastCalledWith(STATUS_VIEW_ID, true, [
      'credits',
      'compute'
    ]);

    await inAct(() => Widget.detach(item));

    expect(account.setViewVisible).toHaveBeenLastCalledWith(STATUS_VIEW_ID, false);
    expect(account.setViewVisible).toHaveBeenCalledTimes(2);
  });
});

describe('QbraidStatusItem with the instance', () => {
  const NOW = Date.parse('2026-11-27T12:00:00.000Z');
  let account: FakeAccount;
  let instance: FakeInstance;
  let item: QbraidStatusItem;

  beforeEach(async () => {
    jest.useFakeTimers({ now: NOW });
    account = new FakeAccount();
    instance = new FakeInstance();
    item = new QbraidStatusItem(account, trans, jest.fn(), null, null, instance);
    await inAct(() => Widget.attach(item, document.body));
  });

  afterEach(async () => {
    await inAct(() => item.dispose());
    jest.useRealTimers();
  });

  const stop = () => item.node.querySelector<HTMLElement>('.jp-qbraid-StatusItem-stop');
  const advance = (ms: number) =>
    act(() => {
      jest.advanceTimersByTime(ms);
    });

  it('shows nothing of a stop when none is planned', () => {
    expect(stop()).toBeNull();
    expect(ticker.watching).toBe(0);
  });

  it('shows the next stop once it is under 15 minutes away, then counts down by itself', async () => {
    const at = new Date(NOW + 20 * 60 * 1000);
    await inAct(() => instance.setNextStopAt(at.toISOString()));
    expect(stop()).toBeNull();

    await advance(5 * 60 * 1000);
    expect(stop()).toBeNull();
    await advance(1);
    expect(stop()!.textContent).toBe('Stops in 14 min');
    expect(stop()!.title).toBe(
      `This instance stops by itself at ${Time.format(at)}, its next automatic stop.`
    );
    // Its name is what it shows, the credits' and the stop's together.
    expect(item.node.querySelector('button')!.textContent).toContain('Stops in 14 min');

    await advance(60 * 1000);
    expect(stop()!.textContent).toBe(`Stops in ${formatDuration(13 * 60 * 1000)}`);
    await advance(13 * 60 * 1000);
    expect(stop()!.textContent).toBe('Stops within a minute');
    // Past the stop nothing ticks any more; the counting asked the account nothing.
    await advance(60 * 1000);
    expect(ticker.watching).toBe(0);
    expect(account.refresh).not.toHaveBeenCalled();
  });

  it('follows the server: a later stop hides it, none takes it away', async () => {
    await inAct(() =>
      instance.setNextStopAt(new Date(NOW + 3 * 60 * 1000 + 1000).toISOString())
    );
    expect(stop()!.textContent).toBe('Stops in 3 min');

    await inAct(() =>
      instance.setNextStopAt(new Date(NOW + 60 * 60 * 1000).toISOString())
    );
    expect(stop()).toBeNull();

    await inAct(() =>
      instance.setNextStopAt(new Date(NOW + 5 * 60 * 1000).toISOString())
    );
    expect(stop()!.textContent).toBe('Stops in 5 min');

    await inAct(() => instance.setNextStopAt(null));
    expect(stop()).toBeNull();
    expect(ticker.watching).toBe(0);
  });
});

const CONFIGURED_IDS = [
  'jp-qbraid-section-account',
  'jp-qbraid-section-credits',
  'jp-qbraid-section-compute',
  'jp-qbraid-section-keys',
  'jp-qbraid-section-kernels'
];
const CONFIGURED_TITLES = ['Account', 'Credits', 'Compute', 'API keys', 'Kernels'];
/** Without a key: getting one, and the session (stopping needs no key). */
const NOT_CONFIGURED_IDS = [
  'jp-qbraid-section-getstarted',
  'jp-qbraid-section-compute'
];
const NOT_CONFIGURED_TITLES = ['Get started', 'Compute'];

describe('QbraidPanel', () => {
  let account: FakeAccount;
  let keys: FakeKeys;
  let kernels: FakeKernels;
  let instance: FakeInstance;
  let stopInstance: jest.Mock<void, []>;
  let state: StateDB;
  let panel: QbraidPanel;

  beforeEach(() => {
    account = new FakeAccount();
    keys = new FakeKeys();
    kernels = new FakeKernels();
    instance = new FakeInstance();
    stopInstance = jest.fn();
    state = new StateDB();
    panel = new QbraidPanel(
      trans,
      Promise.resolve({
        account,
        keys,
        kernels,
        instance,
        notices: labNotices(),
        stopInstance,
        scanFiles: jest.fn(),
        accountUrl: () => LINKS.account,
        state,
        trans,
        api: fakeApi()
      })
    );
  });

  afterEach(async () => {
    await inAct(() => panel.dispose());
  });

  /** As in Lab's sidebar: added hidden, then shown when its tab is activated. */
  async function attachAndShowNow(): Promise<void> {
    panel.hide();
    Widget.attach(panel, document.body);
    await inAct(() => panel.show());
  }

  async function attachAndShow(): Promise<void> {
    await attachAndShowNow();
    await inAct(() => undefined);
    await panel.ready;
    await inAct(() => undefined);
  }

  /** The sections a person can see: on the panel and not hidden. */
  const shownSections = () => panel.widgets.filter(widget => !widget.isHidden);
  const shownIds = () => shownSections().map(widget => widget.id);
  /** The sections' title bars, which must follow the sections in and out. */
  const titleBars = () =>
    Array.from(
      panel.content.node.querySelectorAll('.jp-qbraid-SectionToggle-label')
    ).map(title => title.textContent);
  const shownSection = (id: string) => {
    const found = shownSections().find(widget => widget.id === id);
    expect(found).toBeDefined();
    return found!;
  };

  it('has its id, title and accessible name', () => {
    expect(panel.id).toBe(PANEL_ID);
    expect(panel.id).toBe('jp-qbraid-panel');
    expect(panel.title.caption).toBe('qBraid');
    const heading = panel.header.node.querySelector('h2')!;
    expect(heading.textContent).toBe('qBraid');
    expect(panel.node.getAttribute('aria-label')).toBe('qBraid account panel');
  });

  it('creates no sections before it is first shown', async () => {
    panel.hide();
    Widget.attach(panel, document.body);
    await panel.ready;

    expect(panel.widgets).toHaveLength(0);
    expect(account.setViewVisible).not.toHaveBeenCalled();
    expect(kernels.setVisible).not.toHaveBeenCalled();
  });

  it('shown before its models come (Lab reopening it at start), shows its sections once they do', async () => {
    panel.dispose();
    let connect: (options: IPanelOptions) => void = () => undefined;
    panel = new QbraidPanel(
      trans,
      new Promise<IPanelOptions>(resolve => (connect = resolve))
    );
    await attachAndShowNow();
    expect(panel.widgets).toHaveLength(0);
    expect(account.setViewVisible).not.toHaveBeenCalled();

    await inAct(() =>
      connect({
        account,
        keys,
        kernels,
        instance,
        notices: labNotices(),
        stopInstance,
        scanFiles: jest.fn(),
        accountUrl: () => LINKS.account,
        state,
        trans,
        api: fakeApi()
      })
    );
    await panel.ready;
    await inAct(() => undefined);

    expect(shownIds()).toEqual(CONFIGURED_IDS);
    expect(account.setViewVisible).toHaveBeenCalledWith(PANEL_ID, true);
    expect(kernels.setVisible).toHaveBeenCalledWith(true);
  });

  it('creates its sections once shown', async () => {
    await attachAndShow();

    // Before the server answers, the sections for a configured account are shown.
    expect(shownIds()).toEqual(CONFIGURED_IDS);
    expect(shownSections().map(widget => widget.title.label)).toEqual(
      CONFIGURED_TITLES
    );
  });

  it('creates the sections only once', async () => {
    await attachAndShow();
    const first = shownSections();
    await inAct(() => panel.hide());
    await inAct(() => panel.show());
    await panel.ready;

    expect(shownSections()).toEqual(first);
    expect(titleBars()).toEqual(CONFIGURED_TITLES);
  });

  it('puts every section in one column, each with a title that opens and closes it', async () => {
    await attachAndShow();

    expect(panel.content.node.classList).toContain('jp-qbraid-PanelContent');
    expect(panel.content.node.querySelector('.lm-AccordionPanel-title')).toBeNull();
    const kernelsSection = shownSection('jp-qbraid-section-kernels');
    const toggle = within(kernelsSection.node).getByRole('button', { name: 'Kernels' });
    const body = kernelsSection.node.querySelector('.jp-qbraid-SectionBody')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(body.id);

    await inAct(() => fireEvent.click(toggle));

    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(body.classList).toContain('lm-mod-hidden');
  });

  it('opens the sections again as they were left, from Lab’s state database', async () => {
    await attachAndShow();
    const credits = shownSection('jp-qbraid-section-credits');
    await inAct(() =>
      fireEvent.click(within(credits.node).getByRole('button', { name: 'Credits' }))
    );
    await inAct(() => panel.dispose());

    // A reload: a new panel on the same database.
    panel = new QbraidPanel(
      trans,
      Promise.resolve({
        account,
        keys,
        kernels,
        instance,
        notices: labNotices(),
        stopInstance,
        scanFiles: jest.fn(),
        accountUrl: () => LINKS.account,
        state,
        trans
      })
    );
    await attachAndShow();

    const again = shownSection('jp-qbraid-section-credits');
    expect(
      within(again.node)
        .getByRole('button', { name: 'Credits' })
        .getAttribute('aria-expanded')
    ).toBe('false');
    expect(
      within(shownSection('jp-qbraid-section-account').node)
        .getByRole('button', { name: 'Account' })
        .getAttribute('aria-expanded')
    ).toBe('true');
  });

  it('keeps the overview above the sections, with a configured account only', async () => {
    await attachAndShow();
    const overview = () =>
      panel.header.node.querySelector('.jp-qbraid-OverviewWidget')!;

    expect(overview().classList).not.toContain('lm-mod-hidden');
    expect(panel.content.node.contains(overview())).toBe(false);

    account.configured = false;
    await inAct(() => account.emit());
    expect(overview().classList).toContain('lm-mod-hidden');
  });

  it('shows one message with the fix, and no section, when Jupyter has no server part of ours', async () => {
    account.serverMissing = true;
    await attachAndShow();

    expect(shownIds()).toEqual(['jp-qbraid-section-server']);
    expect(titleBars()).toEqual(['qBraid server extension']);
    const message = within(shownSection('jp-qbraid-section-server').node).getByRole(
      'alert'
    );
    expect(message.textContent).toContain('pip install --upgrade jupyterlab-qbraid');
    expect(message.textContent).toContain(
      'jupyter server extension enable jupyterlab_qbraid'
    );

    // Installed and restarted: the next answer brings the sections back.
    account.serverMissing = false;
    account.configured = true;
    await inAct(() => account.emit());
    expect(shownIds()).toEqual(CONFIGURED_IDS);
  });

  describe('once the instance stops by something other than this tab', () => {
    let assign: jest.Mock;
    let location: PropertyDescriptor;

    beforeEach(() => {
      location = Object.getOwnPropertyDescriptor(window, 'location')!;
      assign = jest.fn();
      // jsdom's location cannot be spied on: a stand-in takes its place.
      Object.defineProperty(window, 'location', {
        configurable: true,
        value: { ...window.location, assign }
      });
      instance.info = section({ data: instanceInfo(), updatedAt: new Date() });
      instance.hubHomeUrl = HUB_HOME_URL;
    });

    afterEach(() => {
      Object.defineProperty(window, 'location', location);
    });

    const stoppedMessage = () =>
      within(shownSection('jp-qbraid-section-stopped').node).getByRole('alert');
    /** The section's body: its title bar has the button that closes it. */
    const stoppedBody = () =>
      shownSection('jp-qbraid-section-stopped').node.querySelector<HTMLElement>(
        '.jp-qbraid-SectionBody'
      )!;
    const startButton = () => within(stoppedBody()).getByRole('button');

    it('replaces every section with one message: who stopped it, and where to start it again', async () => {
      await attachAndShow();
      instance.stopCause = { by: 'other-tab', idleMinutes: null };
      instance.phase = 'stopping';
      await inAct(() => instance.emit());

      expect(shownIds()).toEqual(['jp-qbraid-section-stopped']);
      expect(stoppedMessage().textContent).toContain(
        'You stopped this instance in another tab.'
      );
      expect(stoppedMessage().textContent).toContain('The instance is stopping…');
      // Not before the hub reports it stopped: its page would still offer "Stop My Server".
      expect(startButton().textContent).toBe('Start it again on the hub home page');
      expect((startButton() as HTMLButtonElement).disabled).toBe(true);

      instance.phase = 'stopped';
      await inAct(() => instance.emit());
      expect(stoppedMessage().textContent).toContain('The instance is stopped.');
      fireEvent.click(startButton());
      expect(assign).toHaveBeenCalledWith(HUB_HOME_URL);
    });

    it.each([
      [
        { by: 'idle', idleMinutes: 30 },
        instanceInfo(),
        'It was idle for 30 minutes, so the idle stop stopped it.'
      ],
      [
        { by: 'platform', idleMinutes: null },
        instanceInfo(),
        'JupyterHub stopped this Lab server; no tab asked for it'
      ],
      [
        { by: 'platform', idleMinutes: null },
        subscriptionInfo(),
        'qBraid stopped this instance; no tab asked for it'
      ]
    ] as const)('says what stopped it: %j', async (cause, info, said) => {
      instance.info = section({ data: info, updatedAt: new Date() });
      instance.stopCause = { ...cause };
      instance.phase = 'stopped';
      await attachAndShow();

      expect(stoppedMessage().textContent).toContain(said);
    });

    it('sends a platform pod to the account page', async () => {
      instance.info = section({ data: subscriptionInfo(), updatedAt: new Date() });
      instance.stopCause = { by: 'platform', idleMinutes: null };
      instance.phase = 'stopped';
      await attachAndShow();

      expect(startButton().textContent).toBe('Start it again on the account page');
      fireEvent.click(startButton());
      expect(assign).toHaveBeenCalledWith(LINKS.account);
    });

    it('standalone, says how to start it again, with no button', async () => {
      instance.info = section({ data: standaloneInfo(), updatedAt: new Date() });
      instance.hubHomeUrl = null;
      instance.stopCause = { by: 'platform', idleMinutes: null };
      instance.phase = 'stopped';
      await attachAndShow();

      expect(stoppedMessage().textContent).toContain(
        'The Jupyter server was shut down from outside this tab.'
      );
      expect(stoppedMessage().textContent).toContain('jupyter lab');
      expect(within(stoppedBody()).queryByRole('button')).toBeNull();
    });

    it('keeps the sections for this tab’s own stop, which covers Lab with its page', async () => {
      await attachAndShow();
      instance.stopCause = { by: 'this-tab', idleMinutes: null };
      instance.phase = 'stopping';
      await inAct(() => instance.emit());

      expect(shownIds()).toEqual(CONFIGURED_IDS);
    });
  });

  it('shows only "Get started" and Compute when no key is configured', async () => {
    account.configured = false;
    await attachAndShow();

    expect(shownIds()).toEqual(NOT_CONFIGURED_IDS);
    expect(titleBars()).toEqual(NOT_CONFIGURED_TITLES);
    const body = within(shownSection('jp-qbraid-section-getstarted').node);
    expect(body.getByText('Get an API key')).toBeTruthy();
    expect(body.getByLabelText('qBraid API key')).toBeTruthy();
  });

  it('shows Account, Credits, Compute, API keys and Kernels, not "Get started", when configured', async () => {
    account.configured = true;
    account.account = section({ data: ACCOUNT, updatedAt: new Date() });
    account.credits = section({ data: CREDITS, updatedAt: new Date() });
    await attachAndShow();

    expect(shownIds()).toEqual(CONFIGURED_IDS);
    expect(titleBars()).toEqual(CONFIGURED_TITLES);
    expect(
      within(shownSection('jp-qbraid-section-account').node).getByText(ACCOUNT.email)
    ).toBeTruthy();
    expect(
      within(shownSection('jp-qbraid-section-credits').node).getByText(
        `${formatCredits(CREDITS.qbraidCredits)} credits`
      )
    ).toBeTruthy();
  });

  it('shows in the Account section the credential and an API host that is not the default', async () => {
    account.configured = true;
    account.account = section({ data: ACCOUNT, updatedAt: new Date() });
    account.credential = { kind: 'apiKey', hint: 'abcd', source: 'qbraidrc' };
    account.apiUrl = { url: 'https://api.equal1.com/api/v1', source: 'key' };
    await attachAndShow();
    const node = shownSection('jp-qbraid-section-account').node;

    expect(node.querySelector('.jp-qbraid-Credential')!.textContent).toBe(
      'Signed in with API key …abcd (qbraidrc)'
    );
    expect(node.querySelector('.jp-qbraid-ApiHost')!.textContent).toBe(
      'api.equal1.com (from the API key)'
    );
  });

  it('switches sections when the account changes', async () => {
    account.configured = false;
    await attachAndShow();

    account.configured = true;
    await inAct(() => account.emit());
    expect(shownIds()).toEqual(CONFIGURED_IDS);
    expect(titleBars()).toEqual(CONFIGURED_TITLES);

    account.configured = false;
    await inAct(() => account.emit());
    expect(shownIds()).toEqual(NOT_CONFIGURED_IDS);
    expect(titleBars()).toEqual(NOT_CONFIGURED_TITLES);
  });

  it('hands a pasted key to the account', async () => {
    account.configured = false;
    await attachAndShow();
    const getStarted = shownSection('jp-qbraid-section-getstarted');

    fireEvent.change(within(getStarted.node).getByLabelText('qBraid API key'), {
      target: { value: PASTED_KEY }
    });
    await inAct(() => fireEvent.submit(getStarted.node.querySelector('form')!));

    expect(account.setKey).toHaveBeenCalledWith(PASTED_KEY);
  });

  it('refreshes from the Retry button of a failed section', async () => {
    account.configured = true;
    account.credits = section({ error: apiError('unreachable', 'qBraid is down.') });
    await attachAndShow();

    const retry = within(shownSection('jp-qbraid-section-credits').node).getByRole(
      'button',
      { name: 'Retry' }
    );
    await inAct(() => fireEvent.click(retry));

    // By hand, and only what the section shows.
    expect(account.refresh).toHaveBeenCalledTimes(1);
    expect(account.refresh).toHaveBeenLastCalledWith(['credits']);
  });

  it('tells the account when it is shown and hidden', async () => {
    await attachAndShow();
    expect(account.setViewVisible).toHaveBeenLastCalledWith(PANEL_ID, true);

    await inAct(() => panel.hide());
    expect(account.setViewVisible).toHaveBeenLastCalledWith(PANEL_ID, false);

    await inAct(() => panel.show());
    expect(account.setViewVisible).toHaveBeenLastCalledWith(PANEL_ID, true);
    expect(account.setViewVisible).toHaveBeenCalledTimes(3);
  });

  it('tells the kernels model when it is shown, hidden and detached', async () => {
    await attachAndShow();
    expect(kernels.setVisible.mock.calls).toEqual([[true]]);

    await inAct(() => panel.hide());
    expect(kernels.setVisible.mock.calls).toEqual([[true], [false]]);

    await inAct(() => panel.show());
    expect(kernels.setVisible.mock.calls).toEqual([[true], [false], [true]]);

    await inAct(() => Widget.detach(panel));
    expect(kernels.setVisible.mock.calls).toEqual([[true], [false], [true], [false]]);
    expect(account.setViewVisible).toHaveBeenLastCalledWith(PANEL_ID, false);
  });

  it('leaves following the kernels to the model: creating the sections fetches none', async () => {
    account.configured = true;
    await attachAndShow();

    expect(kernels.refresh).not.toHaveBeenCalled();
    expect(kernels.inject).not.toHaveBeenCalled();
  });

  describe('API keys section', () => {
    afterEach(async () => {
      // Only left open by a test that failed half-way.
      await inAct(() => Dialog.flush());
    });

    /** Wait for the dialog titled `title`, then close it with its Cancel button. */
    async function cancelDialog(title: string): Promise<void> {
      const header = await screen.findByText(title, { selector: '.jp-Dialog-header' });
      const dialog = header.closest('.jp-Dialog')!;
      const cancel = Array.from(
        dialog.querySelectorAll('.jp-Dialog-footer button')
      ).find(button => button.textContent === 'Cancel');
      expect(cancel).toBeDefined();
      await inAct(() => fireEvent.click(cancel!));
      await waitFor(() => expect(document.querySelector('.jp-Dialog')).toBeNull());
    }

    /** The shown keys section, with the account configured and the keys as given. */
    async function keysSection(
      list = section({ data: keyList(), updatedAt: new Date() })
    ): Promise<HTMLElement> {
      account.configured = true;
      keys.list = list;
      await attachAndShow();
      return shownSection('jp-qbraid-section-keys').node;
    }

    /**
     * A toolbar button of the keys section (a `jp-button` element) by its label. The
     * side panel shows each section's toolbar in the section's title bar.
     */
    const toolbarButton = async (label: string): Promise<HTMLElement> => {
      const keysSection = shownSection('jp-qbraid-section-keys') as PanelWithToolbar;
      const toolbar = keysSection.toolbar.node;
      expect(panel.content.node.contains(toolbar)).toBe(true);
      return waitFor(() => {
        const button = toolbar.querySelector<HTMLElement>(
          `.jp-ToolbarButtonComponent[aria-label="${label}"]`
        );
        expect(button).not.toBeNull();
        return button!;
      });
    };

    it('fetches the key list when the sections are created', async () => {
      await keysSection();

      expect(keys.refresh).toHaveBeenCalledTimes(1);
    });

    it('lists the keys, marking the one Lab uses', async () => {
      const node = await keysSection();
      const body = within(node);

      expect(body.getByRole('listitem', { name: 'API key Laptop' })).toBeTruthy();
      expect(body.getByRole('listitem', { name: 'API key CI runner' })).toBeTruthy();
      expect(
        within(body.getByRole('listitem', { name: 'API key Laptop' })).getByText(
          'In use by Lab'
        )
      ).toBeTruthy();
    });

    it('follows the keys model as it changes', async () => {
      const node = await keysSection(section({ loading: true }));
      expect(within(node).getByRole('status').textContent).toBe('Loading API keys…');

      keys.list = section({ data: keyList([OTHER_KEY]), updatedAt: new Date() });
      await inAct(() => keys.emit());

      expect(within(node).queryByRole('status')).toBeNull();
      expect(
        within(node)
          .getAllByRole('listitem')
          .map(li => li.getAttribute('aria-label'))
      ).toEqual(['API key CI runner']);
    });

    it('disables the row actions while a change runs', async () => {
      const node = await keysSection();

      keys.busy = true;
      await inAct(() => keys.emit());

      const actions = node.querySelectorAll<HTMLButtonElement>(
        '.jp-qbraid-KeyRow-actions button'
      );
      expect(actions).toHaveLength(5);
      for (const button of Array.from(actions)) {
        expect(button.disabled).toBe(true);
      }
    });

    it('shows why the list failed, with a Retry that refetches it', async () => {
      const node = await keysSection(
        section({ error: apiError('forbidden', 'This key may not list keys.', 403) })
      );
      keys.refresh.mockClear();

      expect(within(node).getByRole('alert').textContent).toContain(
        'This key may not list keys.'
      );
      await inAct(() =>
        fireEvent.click(within(node).getByRole('button', { name: 'Retry' }))
      );

      expect(keys.refresh).toHaveBeenCalledTimes(1);
      expect(account.refresh).not.toHaveBeenCalled();
    });

    it('says so when the account has no keys', async () => {
      const node = await keysSection(
        section({ data: keyList([]), updatedAt: new Date() })
      );

      expect(within(node).getByText('This account has no API keys.')).toBeTruthy();
    });

    it('has create and refresh buttons; refresh refetches the list only', async () => {
      await keysSection();
      keys.refresh.mockClear();

      const refresh = await toolbarButton('Refresh API keys');
      expect(await toolbarButton('Create an API key')).toBeTruthy();
      await inAct(() => fireEvent.click(refresh));

      expect(keys.refresh).toHaveBeenCalledTimes(1);
      expect(account.refresh).not.toHaveBeenCalled();
    });

    it('opens the create dialog from its toolbar', async () => {
      await keysSection();

      const create = await toolbarButton('Create an API key');
      // The dialog and its React body render asynchronously: wait for them inside act.
      await act(async () => {
        fireEvent.click(create);
        await waitForDialog();
        await sleep(50);
      });
      expect(screen.getByLabelText('Key name')).toBeTruthy();

      await cancelDialog('Create a qBraid API key');
      expect(keys.create).not.toHaveBeenCalled();
    });

    it('reminds to rotate an old key in use, and “Rotate now” asks to rotate it', async () => {
      const node = await keysSection();
      expect(node.querySelector('.jp-qbraid-RotationReminder')).toBeNull();

      keys.rotationReminder = {
        hint: 'abcd',
        ageDays: 120,
        afterDays: 90,
        canRotate: true
      };
      await inAct(() => keys.emit());
      const reminder = node.querySelector<HTMLElement>('.jp-qbraid-RotationReminder')!;
      expect(reminder.textContent).toContain(
        'The key Lab uses (…abcd) is 120 days old.'
      );

      await inAct(() =>
        fireEvent.click(within(reminder).getByRole('button', { name: 'Rotate now' }))
      );
      // The usual rotate flow, for the key in use.
      await cancelDialog('Rotate “Laptop”?');
      expect(keys.rotate).not.toHaveBeenCalled();
    });

    it('asks before revoking a key from its row', async () => {
      const node = await keysSection();

      await inAct(() =>
        fireEvent.click(within(node).getByRole('button', { name: 'Revoke Laptop' }))
      );

      await cancelDialog('Revoke “Laptop”?');
      expect(keys.revoke).not.toHaveBeenCalled();
    });

    it('says the SDK keeps the access token, and follows the credential as it changes', async () => {
      const node = await keysSection();
      expect(within(node).queryByRole('note')).toBeNull();

      account.credential = { kind: 'accessToken', hint: 'tok1', source: 'environment' };
      await inAct(() => account.emit());

      expect(within(node).getByRole('note').textContent).toContain(
        'qBraid’s SDK in this Lab keeps using the access token from the environment (QBRAID_ACCESS_TOKEN).'
      );
      expect(within(node).getByRole('note').textContent).toContain(
        'for code that reads QBRAID_API_KEY.'
      );
      // The list is still there: keys are still made active.
      expect(
        within(node).getByRole('listitem', { name: 'API key Laptop' })
      ).toBeTruthy();
    });

    it('shows what the server noticed when a pasted key was made active', async () => {
      const info = jest.spyOn(Notification, 'info');
      account.credential = { kind: 'accessToken', hint: 'tok1', source: 'qbraidrc' };
      account.setKey.mockResolvedValueOnce({
        ...SET_KEY_RESULT,
        notices: [
          {
            level: 'info',
            message:
              "qBraid's SDK in this Lab keeps using the access token from qbraidrc; the key is used by kernels that read QBRAID_API_KEY."
          }
        ]
      });
      const node = await keysSection(
        section({
          data: { supported: false, keys: [], activeKeyAge: null },
          updatedAt: new Date()
        })
      );
      expect(within(node).getByRole('note').textContent).toContain(
        'keeps using the access token from qbraidrc.'
      );

      fireEvent.change(within(node).getByLabelText('qBraid API key'), {
        target: { value: PASTED_KEY }
      });
      await inAct(() => fireEvent.submit(node.querySelector('form')!));

      expect(info).toHaveBeenCalledWith(
        "qBraid's SDK in this Lab keeps using the access token from qbraidrc; the key is used by kernels that read QBRAID_API_KEY.",
        { autoClose: false }
      );
      info.mockRestore();
    });

    describe('where the service cannot manage keys', () => {
      const unsupported = () =>
        section({
          data: { supported: false, keys: [], activeKeyAge: null },
          updatedAt: new Date()
        });

      it('reminds to rotate an old key on the account page', async () => {
        keys.rotationReminder = {
          hint: 'abcd',
          ageDays: 95,
          afterDays: 90,
          canRotate: false
        };
        const node = await keysSection(unsupported());

        const reminder = node.querySelector<HTMLElement>(
          '.jp-qbraid-RotationReminder'
        )!;
        expect(reminder.textContent).toContain('has been in use here for 95 days.');
        expect(within(reminder).queryByRole('button')).toBeNull();
        expect(
          within(reminder)
            .getByRole('link', { name: 'Rotate it on the account page' })
            .getAttribute('href')
        ).toBe(LINKS.apiKeys);
      });

      it('links to the API keys page instead of listing keys', async () => {
        const node = await keysSection(unsupported());
        const body = within(node);

        const link = body.getByText('Open the API keys page');
        expect(link.tagName).toBe('A');
        expect(link.getAttribute('href')).toBe(LINKS.apiKeys);
        expect(link.getAttribute('target')).toBe('_blank');
        expect(link.getAttribute('rel')?.split(' ')).toContain('noopener');
        expect(body.getByText(/manages keys on its account page only/)).toBeTruthy();
        expect(body.queryByRole('list')).toBeNull();
        expect(body.queryByText('This account has no API keys.')).toBeNull();
      });

      it('takes a pasted key and hands it to the account', async () => {
        const node = await keysSection(unsupported());

        const field = within(node).getByLabelText('qBraid API key') as HTMLInputElement;
        expect(field.type).toBe('password');
        fireEvent.change(field, { target: { value: PASTED_KEY } });
        await inAct(() => fireEvent.submit(node.querySelector('form')!));

        expect(account.setKey).toHaveBeenCalledWith(PASTED_KEY);
        await waitFor(() => expect(field.value).toBe(''));
      });

      it('switches to the list once the service supports keys', async () => {
        const node = await keysSection(unsupported());

        keys.list = section({ data: keyList([ACTIVE_KEY]), updatedAt: new Date() });
        await inAct(() => keys.emit());

        expect(within(node).queryByText('Open the API keys page')).toBeNull();
        expect(
          within(node).getByRole('listitem', { name: 'API key Laptop' })
        ).toBeTruthy();
      });
    });
  });

  describe('Compute section', () => {
    /** The shown Compute section, with the account configured or not. */
    async function computeSection(
      configured: boolean | null = true
    ): Promise<HTMLElement> {
      account.configured = configured;
      await attachAndShow();
      return shownSection('jp-qbraid-section-compute').node;
    }

    const fact = (scope: HTMLElement, label: string) =>
      within(scope).getByText(label).nextElementSibling!.textContent;

    it('is there with a key, between Credits and API keys', async () => {
      await computeSection(true);

      const ids = shownIds();
      expect(ids.indexOf('jp-qbraid-section-compute')).toBe(
        ids.indexOf('jp-qbraid-section-credits') + 1
      );
      expect(shownSection('jp-qbraid-section-compute').title.label).toBe('Compute');
    });

    it('is there without a key, after "Get started", to stop the instance', async () => {
      instance.info = section({ data: standaloneInfo(), updatedAt: new Date() });
      const node = await computeSection(false);

      expect(shownIds()).toEqual(NOT_CONFIGURED_IDS);
      expect(
        within(node).getByRole('button', { name: 'Shut down server' })
      ).toBeTruthy();
      expect(fact(node, 'Running on')).toBe('This computer');
    });

    it('always shows the next automatic stop, following the server', async () => {
      instance.info = section({ data: instanceInfo(), updatedAt: new Date() });
      const node = await computeSection();
      expect(fact(node, 'Next automatic stop')).toBe('None');

      await inAct(() =>
        instance.setNextStopAt(
          new Date(Date.now() + 65 * 60 * 1000 + 30 * 1000).toISOString()
        )
      );
      expect(fact(node, 'Next automatic stop')).toBe(
        `in ${formatDuration(65 * 60 * 1000)}`
      );

      await inAct(() => instance.setNextStopAt(null));
      expect(fact(node, 'Next automatic stop')).toBe('None');
    });

    it('stays the same section when the account switches', async () => {
      await computeSection(false);
      const compute = shownSection('jp-qbraid-section-compute');

      account.configured = true;
      await inAct(() => account.emit());

      expect(shownSection('jp-qbraid-section-compute')).toBe(compute);
      expect(titleBars().filter(title => title === 'Compute')).toHaveLength(1);
    });

    it('fetches the instance once when the sections are created', async () => {
      await computeSection();

      expect(instance.refresh).toHaveBeenCalledTimes(1);
      expect(instance.refresh).toHaveBeenLastCalledWith();
      expect(instance.stop).not.toHaveBeenCalled();
    });

    it('asks for the instance only when the section comes on screen', async () => {
      await computeSection();
      instance.refresh.mockClear();

      await inAct(() => panel.hide());
      await inAct(() => undefined);
      expect(instance.refresh).not.toHaveBeenCalled();

      await inAct(() => panel.show());
      await inAct(() => undefined);
      // Not by hand: the server answers from its cache when it is young enough.
      expect(instance.refresh).toHaveBeenCalledTimes(1);
      expect(instance.refresh).toHaveBeenLastCalledWith();
    });

    it('shows the compute hours, and the low warning when the account says so', async () => {
      account.compute = section({ data: COMPUTE, updatedAt: new Date() });
      const node = await computeSection();
      expect(node.querySelector('.jp-qbraid-HoursLeft')!.textContent).toBe('7 h left');
      expect(within(node).queryByText(/Low on compute hours/)).toBeNull();

      account.isLowOnHours = true;
      account.preferences = { ...account.preferences, lowHoursThreshold: 8 };
      await inAct(() => account.emit());

      expect(
        within(node).getByText(/Low on compute hours: under 8 h left/)
      ).toBeTruthy();
    });

    it('shows the session and follows the instance as it changes', async () => {
      instance.info = section({ data: instanceInfo(), updatedAt: new Date() });
      const node = await computeSection();
      const stop = within(node).getByRole('button', { name: 'Stop server' });
      expect((stop as HTMLButtonElement).disabled).toBe(false);
      expect(fact(node, 'Running on')).toBe('JupyterHub server (ada)');
      expect(fact(node, 'Profile')).toBe('GPU small');

      instance.phase = 'stopping';
      await inAct(() => instance.emit());

      const stopping = within(node).getByRole('button', { name: 'Stopping…' });
      expect((stopping as HTMLButtonElement).disabled).toBe(true);
    });

    it('hands Stop to the stop flow it was given', async () => {
      instance.info = section({ data: instanceInfo(), updatedAt: new Date() });
      const node = await computeSection();

      await inAct(() =>
        fireEvent.click(within(node).getByRole('button', { name: 'Stop server' }))
      );

      expect(stopInstance).toHaveBeenCalledTimes(1);
      // Stopping asks first: the section never stops the instance itself.
      expect(instance.stop).not.toHaveBeenCalled();
    });

    it('disables Stop of an on-demand instance that cannot stop, linking to the account page', async () => {
      instance.info = section({
        data: onDemandInfo({ supportsStop: false }),
        updatedAt: new Date()
      });
      const node = await computeSection();

      const stop = within(node).getByRole('button', { name: 'Stop instance' });
      expect((stop as HTMLButtonElement).disabled).toBe(true);
      expect(fact(node, 'Running on')).toBe('On-demand instance inst-7');
      expect(
        within(node)
          .getByRole('link', { name: 'Open account page' })
          .getAttribute('href')
      ).toBe(LINKS.account);
    });

    it('says why the last stop failed', async () => {
      instance.info = section({ data: instanceInfo(), updatedAt: new Date() });
      instance.phase = 'failed';
      instance.stopError = apiError('rejected', 'JupyterHub refused (403).', 403);
      const node = await computeSection();

      expect(within(node).getByRole('alert').textContent).toBe(
        'The last stop failed; the instance keeps running. JupyterHub refused (403).'
      );
    });

    it('says once that the instance keeps running when the server’s reason says it', async () => {
      instance.info = section({ data: subscriptionInfo(), updatedAt: new Date() });
      instance.phase = 'failed';
      instance.stopError = apiError(
        'rejected',
        'qBraid refused to stop the subscription server (403 FORBIDDEN: Not allowed). The instance keeps running.',
        403,
        null,
        'FORBIDDEN'
      );
      const node = await computeSection();

      expect(within(node).getByRole('alert').textContent).toBe(
        'The last stop failed: qBraid refused to stop the subscription server (403 FORBIDDEN: Not allowed). The instance keeps running.'
      );
    });

    it('shows why the session could not be read, with a Retry that asks the instance again', async () => {
      instance.info = section({
        error: apiError('server_unreachable', 'The Jupyter server cannot be reached.')
      });
      const node = await computeSection();
      instance.refresh.mockClear();

      expect(within(node).getByRole('alert').textContent).toContain(
        'The Jupyter server cannot be reached.'
      );
      await inAct(() =>
        fireEvent.click(within(node).getByRole('button', { name: 'Retry' }))
      );

      expect(instance.refresh).toHaveBeenCalledTimes(1);
      expect(instance.refresh).toHaveBeenLastCalledWith(true);
      expect(account.refresh).not.toHaveBeenCalled();
    });

    it('has a refresh button that refreshes the hours and the session', async () => {
      await computeSection();
      instance.refresh.mockClear();
      const toolbar = (shownSection('jp-qbraid-section-compute') as PanelWithToolbar)
        .toolbar.node;

      const refresh = await waitFor(() => {
        const found = toolbar.querySelector<HTMLElement>(
          '.jp-ToolbarButtonComponent[aria-label="Refresh Compute"]'
        );
        expect(found).not.toBeNull();
        return found!;
      });
      await inAct(() => fireEvent.click(refresh));

      // By hand: only the hours of the account, and the session, asked of qBraid now.
      expect(account.refresh).toHaveBeenCalledTimes(1);
      expect(account.refresh).toHaveBeenLastCalledWith(['compute']);
      expect(instance.refresh).toHaveBeenCalledTimes(1);
      expect(instance.refresh).toHaveBeenLastCalledWith(true);
      expect(kernels.refresh).not.toHaveBeenCalled();
    });
  });

  describe('Kernels section', () => {
    let success: jest.SpyInstance;
    let failure: jest.SpyInstance;

    beforeEach(() => {
      success = jest.spyOn(Notification, 'success').mockReturnValue('note');
      failure = jest.spyOn(Notification, 'error').mockReturnValue('note');
    });

    afterEach(() => {
      success.mockRestore();
      failure.mockRestore();
    });

    /** The shown kernels section, with the account configured and the snapshot as given. */
    async function kernelsSection(
      snapshot = section({ data: kernelsSnapshot(), updatedAt: new Date() })
    ): Promise<HTMLElement> {
      account.configured = true;
      kernels.snapshot = snapshot;
      await attachAndShow();
      return shownSection('jp-qbraid-section-kernels').node;
    }

    /** The value shown after a <dt> label inside `scope`. */
    const fact = (scope: HTMLElement, label: string) =>
      within(scope).getByText(label).nextElementSibling!.textContent;

    const button = (node: HTMLElement, name: string) =>
      within(node).getByRole('button', { name }) as HTMLButtonElement;

    it('is the last of the configured sections and absent without a key', async () => {
      account.configured = false;
      await attachAndShow();
      expect(shownIds()).not.toContain('jp-qbraid-section-kernels');

      account.configured = true;
      await inAct(() => account.emit());

      expect(shownIds()[shownIds().length - 1]).toBe('jp-qbraid-section-kernels');
      expect(shownSection('jp-qbraid-section-kernels').title.label).toBe('Kernels');
    });

    it('shows the variable and whether injection is automatic, following the model', async () => {
      const node = await kernelsSection();
      expect(fact(node, 'Variable')).toBe('QBRAID_API_KEY');
      expect(node.querySelector('code')!.textContent).toBe('QBRAID_API_KEY');
      expect(fact(node, 'Automatic')).toBe('On');

      kernels.preferences = { variableName: 'MY_KEY', autoInject: false };
      await inAct(() => kernels.emit());

      expect(fact(node, 'Variable')).toBe('MY_KEY');
      expect(fact(node, 'Automatic')).toBe('Off');
    });

    it('lists the running kernels by the notebooks that use them', async () => {
      const node = await kernelsSection(
        section({
          data: kernelsSnapshot({
            kernels: [NOTEBOOK_KERNEL, SHARED_KERNEL, ORPHAN_KERNEL]
          }),
          updatedAt: new Date()
        })
      );

      expect(
        within(node)
          .getAllByRole('listitem')
          .map(li => li.getAttribute('aria-label'))
      ).toEqual([
        'bell.ipynb: Has the current key',
        'ghz.ipynb, Console 1: Has an old key',
        'Kernel ir: Language not supported'
      ]);
    });

    it('says which variable new kernels get when none are running', async () => {
      kernels.preferences = { variableName: 'MY_KEY', autoInject: true };
      const node = await kernelsSection(
        section({ data: kernelsSnapshot({ kernels: [] }), updatedAt: new Date() })
      );

      expect(
        within(node).getByText(
          'No kernels are running. New ones get MY_KEY when they start.'
        )
      ).toBeTruthy();
      expect(within(node).queryByRole('list')).toBeNull();
    });

    it('says it is loading before the first answer, then lists what came', async () => {
      const node = await kernelsSection(section({ loading: true }));
      expect(within(node).getByRole('status').textContent).toBe('Loading kernels…');
      expect(within(node).queryByRole('list')).toBeNull();

      kernels.snapshot = section({ data: kernelsSnapshot(), updatedAt: new Date() });
      await inAct(() => kernels.emit());

      expect(within(node).queryByRole('status')).toBeNull();
      expect(within(node).getAllByRole('listitem')).toHaveLength(2);
    });

    it('shows why the kernels could not be read, with a Retry that asks the model again', async () => {
      const node = await kernelsSection(
        section({ error: apiError('server_error', 'The kernels could not be listed.') })
      );

      expect(within(node).getByRole('alert').textContent).toContain(
        'The kernels could not be listed.'
      );
      await inAct(() => fireEvent.click(button(node, 'Retry')));

      expect(kernels.refresh).toHaveBeenCalledTimes(1);
      expect(account.refresh).not.toHaveBeenCalled();
    });

    it('has a refresh button in its title bar that refreshes the kernels only', async () => {
      await kernelsSection();
      const kernelSection = shownSection(
        'jp-qbraid-section-kernels'
      ) as PanelWithToolbar;
      const toolbar = kernelSection.toolbar.node;
      expect(panel.content.node.contains(toolbar)).toBe(true);

      const refresh = await waitFor(() => {
        const found = toolbar.querySelector<HTMLElement>(
          '.jp-ToolbarButtonComponent[aria-label="Refresh Kernels"]'
        );
        expect(found).not.toBeNull();
        return found!;
      });
      await inAct(() => fireEvent.click(refresh));

      expect(kernels.refresh).toHaveBeenCalledTimes(1);
      expect(keys.refresh).toHaveBeenCalledTimes(1); // only the one at creation
      expect(account.refresh).not.toHaveBeenCalled();
    });

    it('injects the key when "Inject now" is pressed and says how it went', async () => {
      kernels.inject.mockResolvedValue(
        kernelsChange({
          kernels: [NOTEBOOK_KERNEL, SHARED_KERNEL, ORPHAN_KERNEL],
          durationMs: 41.6
        })
      );
      const node = await kernelsSection();

      await inAct(() => fireEvent.click(button(node, 'Inject now')));

      expect(kernels.inject).toHaveBeenCalledTimes(1);
      expect(kernels.remove).not.toHaveBeenCalled();
      expect(success).toHaveBeenCalledWith(
        'The key is in the kernels (3 kernels, 42 ms).',
        { autoClose: 4000 }
      );
      expect(failure).not.toHaveBeenCalled();
    });

    it('removes the key when "Remove from kernels" is pressed and says how it went', async () => {
      kernels.remove.mockResolvedValue(kernelsChange({ kernels: [], durationMs: 3.2 }));
      const node = await kernelsSection();

      await inAct(() => fireEvent.click(button(node, 'Remove from kernels')));

      expect(kernels.remove).toHaveBeenCalledTimes(1);
      expect(kernels.inject).not.toHaveBeenCalled();
      expect(success).toHaveBeenCalledWith(
        'The key was removed from the kernels (0 kernels, 3 ms).',
        { autoClose: 4000 }
      );
    });

    it('shows the reason as an error notification when a change fails', async () => {
      kernels.inject.mockRejectedValue(
        new QbraidApiError(
          apiError('busy', 'The kernels are still being updated.'),
          409
        )
      );
      kernels.remove.mockRejectedValue('server went away');
      const node = await kernelsSection();

      await inAct(() => fireEvent.click(button(node, 'Inject now')));
      await inAct(() => fireEvent.click(button(node, 'Remove from kernels')));

      expect(failure.mock.calls).toEqual([
        ['The kernels are still being updated.'],
        ['server went away']
      ]);
      expect(success).not.toHaveBeenCalled();
    });

    it('disables both buttons while a kernel change runs, and enables them after', async () => {
      const node = await kernelsSection();
      expect(button(node, 'Inject now').disabled).toBe(false);
      expect(button(node, 'Remove from kernels').disabled).toBe(false);

      kernels.busy = true;
      await inAct(() => kernels.emit());

      expect(button(node, 'Inject now').disabled).toBe(true);
      expect(button(node, 'Remove from kernels').disabled).toBe(true);
      await inAct(() => fireEvent.click(button(node, 'Inject now')));
      await inAct(() => fireEvent.click(button(node, 'Remove from kernels')));
      expect(kernels.inject).not.toHaveBeenCalled();
      expect(kernels.remove).not.toHaveBeenCalled();

      kernels.busy = false;
      await inAct(() => kernels.emit());

      expect(button(node, 'Inject now').disabled).toBe(false);
      expect(button(node, 'Remove from kernels').disabled).toBe(false);
    });

    it('keeps the buttons while the kernels cannot be read', async () => {
      const node = await kernelsSection(
        section({
          error: apiError('server_unreachable', 'The Jupyter server cannot be reached.')
        })
      );

      expect(button(node, 'Inject now')).toBeTruthy();
      expect(button(node, 'Remove from kernels')).toBeTruthy();
    });
  });
});
