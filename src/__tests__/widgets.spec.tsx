import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { act, fireEvent, within } from '@testing-library/react';

import { formatCredits } from '../format';
import { PANEL_ID } from '../tokens';
import { QbraidPanel } from '../widgets/panel';
import { QbraidStatusItem } from '../widgets/statusItem';
import { ACCOUNT, apiError, CREDITS, FakeAccount, section } from './fixtures';

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

    expect(button().textContent).toBe(`${formatCredits(CREDITS.qbraidCredits)} credits`);
    expect(button().classList).not.toContain('jp-qbraid-mod-warning');
    expect(button().classList).not.toContain('jp-qbraid-mod-stale');
  });

  it('warns when low on credits', async () => {
    account.configured = true;
    account.credits = section({ data: { ...CREDITS, qbraidCredits: 12 } });
    account.isLowOnCredits = true;
    await inAct(() => account.emit());

    expect(button().classList).toContain('jp-qbraid-mod-warning');
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

  it('calls the open callback when clicked', async () => {
    await inAct(() => fireEvent.click(button()));

    expect(open).toHaveBeenCalledTimes(1);
  });

  it('tells the account when it is on and off screen', async () => {
    expect(account.setViewVisible).toHaveBeenLastCalledWith(STATUS_VIEW_ID, true);

    await inAct(() => Widget.detach(item));

    expect(account.setViewVisible).toHaveBeenLastCalledWith(STATUS_VIEW_ID, false);
    expect(account.setViewVisible).toHaveBeenCalledTimes(2);
  });
});

describe('QbraidPanel', () => {
  let account: FakeAccount;
  let panel: QbraidPanel;

  beforeEach(() => {
    account = new FakeAccount();
    panel = new QbraidPanel(account, trans);
  });

  afterEach(async () => {
    await inAct(() => panel.dispose());
  });

  /** As in Lab's sidebar: added hidden, then shown when its tab is activated. */
  async function attachAndShow(): Promise<void> {
    panel.hide();
    Widget.attach(panel, document.body);
    await inAct(() => panel.show());
    await inAct(() => undefined);
    await panel.ready;
    await inAct(() => undefined);
  }

  /** The sections a person can see: on the panel and not hidden. */
  const shownSections = () => panel.widgets.filter(widget => !widget.isHidden);
  const shownIds = () => shownSections().map(widget => widget.id);
  /** The accordion's title bars, which must follow the sections in and out. */
  const titleBars = () =>
    Array.from(panel.content.node.querySelectorAll('.lm-AccordionPanel-title')).map(
      title => title.textContent
    );
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
  });

  it('creates its sections once shown', async () => {
    await attachAndShow();

    // Before the server answers, the sections for a configured account are shown.
    expect(shownIds()).toEqual([
      'jp-qbraid-section-account',
      'jp-qbraid-section-credits'
    ]);
    expect(shownSections().map(widget => widget.title.label)).toEqual([
      'Account',
      'Credits'
    ]);
  });

  it('creates the sections only once', async () => {
    await attachAndShow();
    const first = shownSections();
    await inAct(() => panel.hide());
    await inAct(() => panel.show());
    await panel.ready;

    expect(shownSections()).toEqual(first);
    expect(titleBars()).toEqual(['Account', 'Credits']);
  });

  it('shows only "Get started" when no key is configured', async () => {
    account.configured = false;
    await attachAndShow();

    expect(shownIds()).toEqual(['jp-qbraid-section-getstarted']);
    expect(titleBars()).toEqual(['Get started']);
    const body = within(shownSection('jp-qbraid-section-getstarted').node);
    expect(body.getByText('Get an API key')).toBeTruthy();
    expect(body.getByLabelText('qBraid API key')).toBeTruthy();
  });

  it('shows Account and Credits, not "Get started", when configured', async () => {
    account.configured = true;
    account.account = section({ data: ACCOUNT, updatedAt: new Date() });
    account.credits = section({ data: CREDITS, updatedAt: new Date() });
    await attachAndShow();

    expect(shownIds()).toEqual([
      'jp-qbraid-section-account',
      'jp-qbraid-section-credits'
    ]);
    expect(titleBars()).toEqual(['Account', 'Credits']);
    expect(
      within(shownSection('jp-qbraid-section-account').node).getByText(ACCOUNT.email)
    ).toBeTruthy();
    expect(
      within(shownSection('jp-qbraid-section-credits').node).getByText(
        `${formatCredits(CREDITS.qbraidCredits)} credits`
      )
    ).toBeTruthy();
  });

  it('switches sections when the account changes', async () => {
    account.configured = false;
    await attachAndShow();

    account.configured = true;
    await inAct(() => account.emit());
    expect(shownIds()).toEqual([
      'jp-qbraid-section-account',
      'jp-qbraid-section-credits'
    ]);
    expect(titleBars()).toEqual(['Account', 'Credits']);

    account.configured = false;
    await inAct(() => account.emit());
    expect(shownIds()).toEqual(['jp-qbraid-section-getstarted']);
    expect(titleBars()).toEqual(['Get started']);
  });

  it('hands a pasted key to the account', async () => {
    account.configured = false;
    await attachAndShow();
    const getStarted = shownSection('jp-qbraid-section-getstarted');

    fireEvent.change(within(getStarted.node).getByLabelText('qBraid API key'), {
      target: { value: 'pasted-key' }
    });
    await inAct(() => fireEvent.submit(getStarted.node.querySelector('form')!));

    expect(account.setKey).toHaveBeenCalledWith('pasted-key');
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

    expect(account.refresh).toHaveBeenCalledTimes(1);
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
});
