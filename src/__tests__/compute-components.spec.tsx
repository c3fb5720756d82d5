import { Time } from '@jupyterlab/coreutils';
import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';

import { ComputeHoursCard, IComputeHoursCardProps } from '../account/ComputeHoursCard';
import { ISessionCardProps, SessionCard } from '../instance/SessionCard';
import { formatCredits, formatDuration, formatHours } from '../shared/format';
import {
  COMPUTE,
  instanceInfo,
  LINKS,
  onDemandInfo,
  SESSION_NOW,
  standaloneInfo,
  subscriptionInfo
} from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

/** The value shown after a <dt> label. */
const fact = (label: string) => screen.getByText(label).nextElementSibling!;

describe('ComputeHoursCard', () => {
  function renderCard(props: Partial<IComputeHoursCardProps> = {}) {
    return render(
      <ComputeHoursCard
        hours={COMPUTE}
        low={false}
        lowThreshold={10}
        stale={false}
        trans={trans}
        {...props}
      />
    );
  }

  const meter = (container: HTMLElement) =>
    container.querySelector<HTMLElement>('[role="progressbar"]')!;

  it('shows the hours left, used, the total and what remains', () => {
    const { container } = renderCard();

    expect(container.querySelector('.jp-qbraid-HoursLeft')!.textContent).toBe(
      `${formatHours(7)} h left`
    );
    expect(container.querySelector('.jp-qbraid-HoursLeft')!.textContent).toBe(
      '7 h left'
    );
    expect(fact('Used').textContent).toBe('3 h');
    expect(fact('Total').textContent).toBe('10 h');
    expect(fact('Remaining').textContent).toBe('7 h');
  });

  it('keeps one decimal of the hours', () => {
    const { container } = renderCard({
      hours: { ...COMPUTE, used: 2.25, total: 10, remaining: 7.75 }
    });

    expect(container.querySelector('.jp-qbraid-HoursLeft')!.textContent).toBe(
      `${formatHours(7.75)} h left`
    );
    expect(formatHours(7.75)).toMatch(/^7[.,]8$/);
  });

  it('has a meter of the hours used out of the total', () => {
    const { container } = renderCard();
    const bar = meter(container);

    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuenow')).toBe('3');
    expect(bar.getAttribute('aria-valuemax')).toBe('10');
    expect(bar.getAttribute('aria-label')).toBe('3 of 10 compute hours used');
    expect(bar.title).toBe('3 of 10 compute hours used');
    expect(bar.querySelector<HTMLElement>('.jp-qbraid-Meter-fill')!.style.width).toBe(
      '30.0%'
    );
  });

  it('caps the meter at the total when more was used', () => {
    const { container } = renderCard({
      hours: { ...COMPUTE, used: 12, total: 10, remaining: 0 }
    });
    const bar = meter(container);

    expect(bar.getAttribute('aria-valuenow')).toBe('10');
    expect(bar.getAttribute('aria-valuemax')).toBe('10');
    expect(bar.querySelector<HTMLElement>('.jp-qbraid-Meter-fill')!.style.width).toBe(
      '100.0%'
    );
  });

  it('fills the meter when there are no hours at all', () => {
    const { container } = renderCard({
      hours: { ...COMPUTE, used: 0, total: 0, remaining: 0 }
    });

    expect(
      meter(container).querySelector<HTMLElement>('.jp-qbraid-Meter-fill')!.style.width
    ).toBe('100.0%');
  });

  it('shows the renewal as the date it is in the time zone the month was counted in', () => {
    renderCard();

    // 23:00 UTC on 30 November is midnight on 1 December in Berlin.
    expect(fact('Renews').textContent).toBe(
      new Date(Date.UTC(2026, 11, 1, 12)).toLocaleDateString(undefined, {
        dateStyle: 'medium',
        timeZone: 'UTC'
      })
    );
    expect(fact('Renews').getAttribute('title')).toBe('Europe/Berlin');
  });

  it('warns about low hours only when low, with the threshold', () => {
    const { container, rerender } = renderCard({ low: false });
    expect(screen.queryByText(/Low on compute hours/)).toBeNull();
    expect(meter(container).classList).not.toContain('jp-qbraid-mod-warning');

    rerender(
      <ComputeHoursCard
        hours={COMPUTE}
        low={true}
        lowThreshold={7.5}
        stale={false}
        trans={trans}
      />
    );

    const warning = screen.getByRole('status');
    expect(warning.textContent).toBe(
      `Low on compute hours: under ${formatHours(7.5)} h left this month. Stop the instance when you are done.`
    );
    expect(meter(container).classList).toContain('jp-qbraid-mod-warning');
  });

  it('marks itself stale only when told', () => {
    const { container, rerender } = renderCard({ stale: false });
    expect(container.firstElementChild!.classList).toContain('jp-qbraid-Card');
    expect(container.firstElementChild!.classList).not.toContain('jp-qbraid-mod-stale');

    rerender(
      <ComputeHoursCard
        hours={COMPUTE}
        low={false}
        lowThreshold={10}
        stale={true}
        trans={trans}
      />
    );

    expect(container.firstElementChild!.classList).toContain('jp-qbraid-mod-stale');
  });
});

describe('SessionCard', () => {
  function renderCard(props: Partial<ISessionCardProps> = {}) {
    const onStop = jest.fn();
    const view = render(
      <SessionCard
        info={instanceInfo()}
        phase="running"
        nextStopAt={null}
        onStop={onStop}
        accountUrl={LINKS.account}
        trans={trans}
        now={() => SESSION_NOW}
        {...props}
      />
    );
    return { ...view, onStop };
  }

  const stopButton = () => screen.getByRole('button') as HTMLButtonElement;

  it.each([
    [
      'a subscription server',
      subscriptionInfo(),
      'Subscription server on qbraid-demo-cluster'
    ],
    [
      'a subscription server of an unknown cluster',
      subscriptionInfo({ clusterId: null }),
      'Subscription server'
    ],
    ['an on-demand instance', onDemandInfo(), 'On-demand instance inst-7'],
    ['a JupyterHub server', instanceInfo(), 'JupyterHub server (ada)'],
    ['a server of its own', standaloneInfo(), 'This computer']
  ])('says what it runs on: %s', (_, info, text) => {
    renderCard({ info });

    expect(fact('Running on').textContent).toBe(text);
  });

  it.each([
    ['a subscription server', subscriptionInfo(), 'Stop server'],
    ['an on-demand instance', onDemandInfo(), 'Stop instance'],
    ['a JupyterHub server', instanceInfo(), 'Stop server'],
    ['a server of its own', standaloneInfo(), 'Shut down server']
  ])('words Stop for %s', (_, info, label) => {
    renderCard({ info });

    expect(stopButton().textContent).toBe(label);
    expect(stopButton().disabled).toBe(false);
  });

  it('shows the uptime from startedAt to now', () => {
    renderCard();

    expect(fact('Up for').textContent).toBe('1 hr 30 min');
  });

  it.each([
    ['qBraid', subscriptionInfo(), "qBraid's record"],
    ['the hub', instanceInfo(), "the hub's record"],
    ['the server', standaloneInfo(), "the server's own start"]
  ])('shows since when it runs, and that %s says so', (_, info, source) => {
    renderCard({ info });

    expect(fact('Running since').textContent).toBe('11/27/26, 10:30 AM');
    expect(fact('Running since').getAttribute('title')).toBe(`From ${source}`);
  });

  it('says that nothing will stop it by itself', () => {
    renderCard();

    expect(fact('Next automatic stop').textContent).toBe('None');
    expect(fact('Next automatic stop').getAttribute('title')).toBeNull();
  });

  describe('with a next automatic stop', () => {
    beforeEach(() => {
      jest.useFakeTimers({ now: SESSION_NOW });
    });

    afterEach(() => {
      jest.useRealTimers();
    });

    it('says how long until it, the exact time in its tooltip, and counts down', () => {
      const nextStopAt = new Date(SESSION_NOW + 65 * 60 * 1000 + 30 * 1000);
      renderCard({ nextStopAt });

      expect(fact('Next automatic stop').textContent).toBe('in 1 hr 5 min');
      expect(fact('Next automatic stop').getAttribute('title')).toBe(
        Time.format(nextStopAt)
      );

      // The minute shown changes 30 s on, without anything asked of the server.
      act(() => {
        jest.advanceTimersByTime(30 * 1000 + 1);
      });
      expect(fact('Next automatic stop').textContent).toBe(
        `in ${formatDuration(64 * 60 * 1000)}`
      );
      act(() => {
        jest.advanceTimersByTime(64 * 60 * 1000);
      });
      expect(fact('Next automatic stop').textContent).toBe('within a minute');
    });

    it('follows a new time from the server', () => {
      const { rerender, onStop } = renderCard({
        nextStopAt: new Date(SESSION_NOW + 10 * 60 * 1000)
      });
      expect(fact('Next automatic stop').textContent).toBe('in 10 min');

      rerender(
        <SessionCard
          info={instanceInfo()}
          phase="running"
          nextStopAt={null}
          onStop={onStop}
          accountUrl={LINKS.account}
          trans={trans}
          now={() => SESSION_NOW}
        />
      );
      expect(fact('Next automatic stop').textContent).toBe('None');
    });
  });

  it('never shows a negative uptime when the clocks disagree', () => {
    renderCard({ now: () => Date.parse(instanceInfo().startedAt) - 5 * 60 * 1000 });

    expect(fact('Up for').textContent).toBe('0 min');
  });

  it('shows the profile, its rate and what the session has cost so far', () => {
    const { container } = renderCard();

    expect(fact('Profile').textContent).toBe('GPU small');
    expect(screen.queryByText('vCPUs')).toBeNull();
    expect(fact('Rate').textContent).toBe(`${formatCredits(0.23)} credits per minute`);
    // 90 minutes at 0.23 credits a minute.
    expect(container.querySelector('.jp-qbraid-SessionCost')!.textContent).toBe(
      `${formatCredits(20.7)} credits so far`
    );
    expect(fact('This session').textContent).toMatch(/^20[.,]7 credits so far$/);
  });

  it('shows an on-demand profile with its vCPUs and credits so far', () => {
    renderCard({ info: onDemandInfo() });

    expect(fact('Profile').textContent).toBe('GPU T4');
    expect(fact('Profile').getAttribute('title')).toBe('gpu-t4');
    expect(fact('vCPUs').textContent).toBe('4');
    expect(fact('Rate').textContent).toBe(`${formatCredits(1.5)} credits per minute`);
    // 90 minutes at 1.5 credits a minute.
    expect(fact('This session').textContent).toBe(
      `${formatCredits(135)} credits so far`
    );
  });

  it('counts a subscription server in compute hours, one per vCPU an hour', () => {
    renderCard({ info: subscriptionInfo() });

    expect(fact('Profile').textContent).toBe('2 vCPU, 4 GB');
    expect(fact('vCPUs').textContent).toBe('2');
    expect(fact('Rate').textContent).toBe(`${formatCredits(0.23)} credits per minute`);
    // 1.5 hours on 2 vCPUs.
    expect(fact('This session').textContent).toBe(
      `${formatHours(3)} compute hours so far`
    );
  });

  it('shows the profile without a rate row when its rate is unknown', () => {
    const { container } = renderCard({
      info: instanceInfo({
        profile: {
          slug: null,
          name: 'CPU default',
          vCpus: null,
          creditsPerMinute: null,
          source: 'environment'
        }
      })
    });

    expect(fact('Profile').textContent).toBe('CPU default');
    expect(screen.queryByText('Rate')).toBeNull();
    expect(screen.queryByText('This session')).toBeNull();
    expect(container.querySelector('.jp-qbraid-SessionCost')).toBeNull();
  });

  it('shows neither profile nor rate without a profile', () => {
    renderCard({ info: standaloneInfo() });

    expect(screen.queryByText('Profile')).toBeNull();
    expect(screen.queryByText('Rate')).toBeNull();
  });

  it('calls onStop when Stop is clicked', () => {
    const { onStop } = renderCard();

    fireEvent.click(stopButton());

    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('disables Stop of an on-demand instance that cannot be stopped, says why and links to the account page', () => {
    const { onStop, container } = renderCard({
      info: onDemandInfo({ supportsStop: false })
    });

    expect(stopButton().disabled).toBe(true);
    fireEvent.click(stopButton());
    expect(onStop).not.toHaveBeenCalled();
    const reason = container.querySelector('.jp-qbraid-StopUnsupported')!;
    expect(reason.textContent).toBe(
      'This on-demand instance cannot be stopped, only terminated, on the account page. Open account page'
    );
    expect(stopButton().getAttribute('aria-describedby')).toBe(reason.id);
    const link = screen.getByRole('link', { name: 'Open account page' });
    expect(link.getAttribute('href')).toBe(LINKS.account);
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('says nothing of terminating where an on-demand instance can be stopped', () => {
    const { container } = renderCard({ info: onDemandInfo({ supportsStop: null }) });

    expect(stopButton().disabled).toBe(false);
    expect(container.querySelector('.jp-qbraid-StopUnsupported')).toBeNull();
  });

  it('keeps Stop enabled after a failed stop', () => {
    const { onStop } = renderCard({ phase: 'failed' });

    fireEvent.click(stopButton());

    expect(stopButton().textContent).toBe('Stop server');
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('disables Stop while stopping, and says so', () => {
    const { onStop } = renderCard({ phase: 'stopping' });

    expect(stopButton().textContent).toBe('Stopping…');
    expect(stopButton().disabled).toBe(true);
    fireEvent.click(stopButton());
    expect(onStop).not.toHaveBeenCalled();
  });

  it('disables Stop once stopped', () => {
    renderCard({ phase: 'stopped' });

    expect(stopButton().disabled).toBe(true);
  });

  describe('as time passes', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('redraws the uptime and the cost by itself', () => {
      let now = SESSION_NOW;
      const { container } = renderCard({ now: () => now });
      expect(fact('Up for').textContent).toBe('1 hr 30 min');

      now += 60 * 60 * 1000;
      act(() => {
        jest.advanceTimersByTime(30 * 1000);
      });

      expect(fact('Up for').textContent).toBe('2 hr 30 min');
      // 150 minutes at 0.23 credits a minute.
      expect(container.querySelector('.jp-qbraid-SessionCost')!.textContent).toBe(
        `${formatCredits(34.5)} credits so far`
      );
    });
  });
});
