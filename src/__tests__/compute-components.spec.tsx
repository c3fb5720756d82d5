import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';

import {
  ComputeHoursCard,
  IComputeHoursCardProps
} from '../components/ComputeHoursCard';
import { ISessionCardProps, SessionCard } from '../components/SessionCard';
import { formatCredits, formatHours } from '../format';
import { COMPUTE, instanceInfo, SESSION_NOW, standaloneInfo } from './fixtures';

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

  it('shows the hours left, used and the quota', () => {
    const { container } = renderCard();

    expect(container.querySelector('.jp-qbraid-HoursLeft')!.textContent).toBe(
      `${formatHours(7)} h left`
    );
    expect(container.querySelector('.jp-qbraid-HoursLeft')!.textContent).toBe(
      '7 h left'
    );
    expect(fact('Used').textContent).toBe('3 h');
    expect(fact('Quota').textContent).toBe('10 h');
  });

  it('keeps one decimal of the hours', () => {
    const { container } = renderCard({
      hours: { used: 2.25, quota: 10, remaining: 7.75, renewalDate: null }
    });

    expect(container.querySelector('.jp-qbraid-HoursLeft')!.textContent).toBe(
      `${formatHours(7.75)} h left`
    );
    expect(formatHours(7.75)).toMatch(/^7[.,]8$/);
  });

  it('has a meter of the hours used out of the quota', () => {
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

  it('caps the meter at the quota when more was used', () => {
    const { container } = renderCard({
      hours: { used: 12, quota: 10, remaining: 0, renewalDate: null }
    });
    const bar = meter(container);

    expect(bar.getAttribute('aria-valuenow')).toBe('10');
    expect(bar.getAttribute('aria-valuemax')).toBe('10');
    expect(bar.querySelector<HTMLElement>('.jp-qbraid-Meter-fill')!.style.width).toBe(
      '100.0%'
    );
  });

  it('fills the meter when there is no quota at all', () => {
    const { container } = renderCard({
      hours: { used: 0, quota: 0, remaining: 0, renewalDate: null }
    });

    expect(
      meter(container).querySelector<HTMLElement>('.jp-qbraid-Meter-fill')!.style.width
    ).toBe('100.0%');
  });

  it('shows the renewal date when there is one', () => {
    const { rerender } = renderCard();
    expect(fact('Renews').textContent).toBe(
      new Date(COMPUTE.renewalDate!).toLocaleDateString(undefined, {
        timeZone: 'UTC'
      })
    );

    rerender(
      <ComputeHoursCard
        hours={{ ...COMPUTE, renewalDate: null }}
        low={false}
        lowThreshold={10}
        stale={false}
        trans={trans}
      />
    );
    expect(screen.queryByText('Renews')).toBeNull();
    expect(fact('Quota').textContent).toBe('10 h');
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
        onStop={onStop}
        trans={trans}
        now={() => SESSION_NOW}
        {...props}
      />
    );
    return { ...view, onStop };
  }

  const stopButton = () => screen.getByRole('button') as HTMLButtonElement;

  it('says it runs under JupyterHub, for whom', () => {
    renderCard();

    expect(fact('Running on').textContent).toBe('JupyterHub (ada)');
  });

  it('says it runs on this Jupyter server when standalone', () => {
    renderCard({ info: standaloneInfo() });

    expect(fact('Running on').textContent).toBe('this Jupyter server');
    expect(screen.queryByText(/JupyterHub/)).toBeNull();
  });

  it('shows the uptime from startedAt to now', () => {
    renderCard();

    expect(fact('Up for').textContent).toBe('1 h 30 min');
  });

  it('says where the start time comes from', () => {
    const { rerender } = renderCard();
    const since = new Date(instanceInfo().startedAt).toLocaleString();
    expect(fact('Up for').getAttribute('title')).toBe(
      `Since ${since} (the hub's record)`
    );

    rerender(
      <SessionCard
        info={standaloneInfo()}
        phase="running"
        onStop={jest.fn()}
        trans={trans}
        now={() => SESSION_NOW}
      />
    );
    expect(fact('Up for').getAttribute('title')).toBe(
      `Since ${since} (the server's own start)`
    );
  });

  it('never shows a negative uptime when the clocks disagree', () => {
    renderCard({ now: () => Date.parse(instanceInfo().startedAt) - 5 * 60 * 1000 });

    expect(fact('Up for').textContent).toBe('0 min');
  });

  it('shows the profile, its rate and what the session has cost so far', () => {
    const { container } = renderCard();

    expect(fact('Profile').textContent).toBe('GPU small');
    expect(fact('Rate').textContent).toBe(`${formatCredits(0.23)} credits per minute`);
    // 90 minutes at 0.23 credits a minute.
    expect(container.querySelector('.jp-qbraid-SessionCost')!.textContent).toBe(
      `${formatCredits(20.7)} credits so far`
    );
    expect(fact('This session').textContent).toMatch(/^20[.,]7 credits so far$/);
  });

  it('shows the profile without a rate row when its rate is unknown', () => {
    const { container } = renderCard({
      info: instanceInfo({ profile: { name: 'CPU default', creditsPerMinute: null } })
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

    expect(stopButton().textContent).toBe('Stop instance');
    expect(stopButton().disabled).toBe(false);
    fireEvent.click(stopButton());

    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('keeps Stop enabled after a failed stop', () => {
    const { onStop } = renderCard({ phase: 'failed' });

    fireEvent.click(stopButton());

    expect(stopButton().textContent).toBe('Stop instance');
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
      expect(fact('Up for').textContent).toBe('1 h 30 min');

      now += 60 * 60 * 1000;
      act(() => {
        jest.advanceTimersByTime(30 * 1000);
      });

      expect(fact('Up for').textContent).toBe('2 h 30 min');
      // 150 minutes at 0.23 credits a minute.
      expect(container.querySelector('.jp-qbraid-SessionCost')!.textContent).toBe(
        `${formatCredits(34.5)} credits so far`
      );
    });
  });
});
