import { nullTranslator } from '@jupyterlab/translation';
import { render, screen, within } from '@testing-library/react';
import * as React from 'react';

import { IUsageDay } from '../api';
import { CHART, layoutChart, niceCeiling } from '../account/chartScale';
import { creditHoursAtRate, hoursLeftAtProfile } from '../account/runwayMaths';
import { Runway } from '../account/Runway';
import { UsageCard } from '../account/UsageCard';
import { UsageChart } from '../account/UsageChart';
import { usageReport } from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

/** 30 days from 2026-10-31 to 2026-11-29, all empty unless `some` says otherwise. */
function month(some: Record<number, Partial<IUsageDay>> = {}): IUsageDay[] {
  return Array.from({ length: 30 }, (_, index) => {
    const date = new Date(Date.UTC(2026, 9, 31 + index)).toISOString().slice(0, 10);
    return { date, hours: 0, creditsCharged: 0, sessions: 0, ...some[index] };
  });
}

describe('niceCeiling', () => {
  it.each([
    [0, 1],
    [-3, 1],
    [0.3, 0.5],
    [1, 1],
    [1.2, 2],
    [2.2, 2.5],
    [3, 5],
    [7.5, 10],
    [12, 20],
    [240, 250],
    [251, 500]
  ])('%p becomes %p', (value, ceiling) => {
    expect(niceCeiling(value)).toBeCloseTo(ceiling, 10);
  });
});

describe('layoutChart', () => {
  it('scales the tallest bar to the scale and the rest in proportion', () => {
    const layout = layoutChart(
      month({ 3: { hours: 4, creditsCharged: 40 }, 4: { hours: 2 } })
    );
    const plot = layout.baseline - CHART.top;

    expect(layout.hoursMax).toBe(5);
    expect(layout.creditsMax).toBe(50);
    expect(layout.bars).toHaveLength(30);
    expect(layout.bars[3].height).toBeCloseTo((4 / 5) * plot);
    expect(layout.bars[4].height).toBeCloseTo((2 / 5) * plot);
    expect(layout.bars[3].y + layout.bars[3].height).toBeCloseTo(layout.baseline);
    expect(layout.bars[0].height).toBe(0);
    // The credits have their own scale: 40 of 50.
    expect(layout.points[3].y).toBeCloseTo(layout.baseline - 0.8 * plot);
    expect(layout.points[4].y).toBe(layout.baseline);
  });

  it('lays the days out left to right within the drawing, apart', () => {
    const { bars } = layoutChart(month({ 0: { hours: 1 }, 29: { hours: 1 } }));

    expect(bars[0].x).toBeGreaterThanOrEqual(CHART.left);
    expect(bars[29].x + bars[29].width).toBeLessThanOrEqual(CHART.width - CHART.right);
    for (let index = 1; index < bars.length; index++) {
      expect(bars[index].x).toBeGreaterThan(bars[index - 1].x + bars[index - 1].width);
    }
  });

  it('draws an empty month flat on a scale of one', () => {
    const layout = layoutChart(month());

    expect(layout.hoursMax).toBe(1);
    expect(layout.creditsMax).toBe(1);
    expect(layout.bars.every(bar => bar.height === 0)).toBe(true);
    expect(layoutChart([]).bars).toEqual([]);
  });
});

describe('UsageChart', () => {
  it('draws a bar for each day with hours and a point for each with credits', () => {
    const { container } = render(
      <UsageChart
        days={month({
          0: { hours: 3, creditsCharged: 0, sessions: 1 },
          10: { hours: 1.5, creditsCharged: 120, sessions: 2 },
          29: { hours: 0, creditsCharged: 12, sessions: 1 }
        })}
        trans={trans}
      />
    );
    const bars = container.querySelectorAll('.jp-qbraid-UsageChart-bar');
    const points = container.querySelectorAll('.jp-qbraid-UsageChart-point');

    expect([...bars].map(bar => bar.getAttribute('data-date'))).toEqual([
      '2026-10-31',
      '2026-11-10'
    ]);
    expect([...points].map(point => point.getAttribute('data-date'))).toEqual([
      '2026-11-10',
      '2026-11-29'
    ]);
    expect(Number(bars[0].getAttribute('height'))).toBeCloseTo(
      2 * Number(bars[1].getAttribute('height'))
    );
    expect(bars[1].querySelector('title')!.textContent).toBe(
      'Nov 10: 1.5 h, 120 credits, 2 sessions'
    );
    expect(container.querySelector('.jp-qbraid-UsageChart-hoursMax')!.textContent).toBe(
      '5 h'
    );
    expect(
      container.querySelector('.jp-qbraid-UsageChart-creditsMax')!.textContent
    ).toBe('200 credits');
    expect(container.querySelector('.jp-qbraid-UsageChart-dates')!.textContent).toBe(
      'Oct 31Nov 29'
    );
  });

  it('gives a screen reader a summary and a table of every day', () => {
    render(
      <UsageChart
        days={month({ 10: { hours: 1.5, creditsCharged: 120, sessions: 2 } })}
        trans={trans}
      />
    );
    const image = screen.getByRole('img');
    const table = screen.getByRole('table', {
      name: 'Compute usage per day, last 30 days'
    });
    const rows = within(table).getAllByRole('row');

    expect(image.getAttribute('aria-label')).toBe(
      'Compute usage per day over the last 30 days, up to 1.5 h and 120 credits a day; the table that follows lists each day.'
    );
    expect(rows).toHaveLength(31);
    expect(
      within(rows[11])
        .getAllByRole('cell')
        .map(cell => cell.textContent)
    ).toEqual(['1.5', '120', '2']);
    expect(within(rows[11]).getByRole('rowheader').textContent).toBe(
      'Tue, Nov 10, 2026'
    );
    expect(table.parentElement?.className).toBe('jp-qbraid-VisuallyHidden');
  });

  it('says so when the month had no sessions, with no bars and no table', () => {
    const { container } = render(<UsageChart days={month()} trans={trans} />);

    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      'No compute sessions in the last 30 days.'
    );
    expect(container.querySelector('figcaption')!.textContent).toBe(
      'No compute sessions in the last 30 days.'
    );
    expect(container.querySelectorAll('rect, circle, polyline')).toHaveLength(0);
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('runway maths', () => {
  it('divides the hours left by the vCPUs', () => {
    expect(hoursLeftAtProfile(279.5, 2)).toBe(139.75);
    expect(hoursLeftAtProfile(10, 8)).toBe(1.25);
    expect(hoursLeftAtProfile(-4, 2)).toBe(0);
    expect(hoursLeftAtProfile(10, null)).toBeNull();
    expect(hoursLeftAtProfile(10, 0)).toBeNull();
  });

  it('spends the credits at the profile rate per minute', () => {
    expect(creditHoursAtRate(12500, 0.23)).toBeCloseTo(905.797, 3);
    expect(creditHoursAtRate(90, 1.5)).toBe(1);
    expect(creditHoursAtRate(-5, 1.5)).toBe(0);
    expect(creditHoursAtRate(null, 1.5)).toBeNull();
    expect(creditHoursAtRate(100, null)).toBeNull();
    expect(creditHoursAtRate(100, 0)).toBeNull();
  });
});

describe('Runway', () => {
  const profile = {
    slug: 'cpu-2-4',
    name: '2 vCPU, 4 GB',
    vCpus: 2,
    creditsPerMinute: 0.23,
    source: 'platform' as const
  };

  it('says how long the hours and the credits last at this profile', () => {
    const { container } = render(
      <Runway remainingHours={279.5} credits={12500} profile={profile} trans={trans} />
    );

    expect(container.querySelector('.jp-qbraid-RunwayHours')!.textContent).toBe(
      '≈ 139.8 h of compute hours left at this profile'
    );
    expect(container.querySelector('.jp-qbraid-RunwayCredits')!.textContent).toBe(
      "credits last ≈ 905.8 h at this profile's rate"
    );
  });

  it('leaves out what the profile does not tell', () => {
    const { container, rerender } = render(
      <Runway
        remainingHours={10}
        credits={100}
        profile={{ ...profile, vCpus: null }}
        trans={trans}
      />
    );
    expect(container.querySelector('.jp-qbraid-RunwayHours')).toBeNull();
    expect(container.querySelector('.jp-qbraid-RunwayCredits')).not.toBeNull();

    rerender(<Runway remainingHours={10} credits={100} profile={null} trans={trans} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('UsageCard', () => {
  it('shows the chart, the summary and the runway', () => {
    const { container } = render(
      <UsageCard
        report={usageReport()}
        stale={false}
        profile={{
          slug: 'cpu-2-4',
          name: '2 vCPU, 4 GB',
          vCpus: 2,
          creditsPerMinute: 0.23,
          source: 'platform'
        }}
        credits={12500}
        trans={trans}
      />
    );

    expect(container.querySelector('.jp-qbraid-UsageSessions')!.textContent).toBe('3');
    expect(container.querySelector('.jp-qbraid-UsageHours')!.textContent).toBe('4.5 h');
    expect(container.querySelector('.jp-qbraid-UsageCredits')!.textContent).toBe('132');
    expect(container.querySelectorAll('.jp-qbraid-UsageChart-bar')).toHaveLength(2);
    expect(container.querySelector('.jp-qbraid-RunwayHours')!.textContent).toBe(
      '≈ 3.5 h of compute hours left at this profile'
    );
    expect(container.querySelector('.jp-qbraid-mod-stale')).toBeNull();
  });
});
