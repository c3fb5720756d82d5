import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IUsageDay } from '../api';
import { formatCredits, formatHours } from '../shared/format';
import { CHART, layoutChart } from './chartScale';
import { formatDay, formatLongDay } from './usageDates';

export interface IUsageChartProps {
  /** The days, oldest first. */
  days: IUsageDay[];
  trans: TranslationBundle;
}

/**
 * The days as a bar chart drawn in SVG: hours as bars, credits charged as points joined
 * by a line on a scale of their own. A screen reader reads the table beside it instead.
 */
export function UsageChart(props: IUsageChartProps): JSX.Element {
  const { days, trans } = props;
  const layout = layoutChart(days);
  const empty = days.every(day => day.hours <= 0 && day.creditsCharged <= 0);
  const label = empty
    ? trans.__('No compute sessions in the last 30 days.')
    : trans.__(
        'Compute usage per day over the last 30 days, up to %1 h and %2 credits a day; the table that follows lists each day.',
        formatHours(Math.max(...days.map(day => day.hours))),
        formatCredits(Math.max(...days.map(day => day.creditsCharged)))
      );
  const first = days[0];
  const last = days[days.length - 1];
  return (
    <figure className="jp-qbraid-UsageChart">
      <div className="jp-qbraid-UsageChart-scales" aria-hidden="true">
        <span className="jp-qbraid-UsageChart-hoursMax">
          {trans.__('%1 h', formatHours(layout.hoursMax))}
        </span>
        <span className="jp-qbraid-UsageChart-creditsMax">
          {trans._n(
            '%2 credit',
            '%2 credits',
            layout.creditsMax,
            formatCredits(layout.creditsMax)
          )}
        </span>
      </div>
      <svg
        className="jp-qbraid-UsageChart-plot"
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-label={label}
        focusable="false"
      >
        <line
          className="jp-qbraid-UsageChart-axis"
          x1={CHART.left}
          x2={CHART.width - CHART.right}
          y1={layout.baseline}
          y2={layout.baseline}
        />
        {layout.bars
          .filter(bar => bar.height > 0)
          .map(bar => (
            <rect
              key={bar.day.date}
              className="jp-qbraid-UsageChart-bar"
              data-date={bar.day.date}
              x={bar.x}
              y={bar.y}
              width={bar.width}
              height={bar.height}
            >
              <title>{dayLine(bar.day, trans)}</title>
            </rect>
          ))}
        {!empty && (
          <polyline
            className="jp-qbraid-UsageChart-credits"
            points={layout.points.map(point => `${point.x},${point.y}`).join(' ')}
          />
        )}
        {layout.points
          .filter(point => point.day.creditsCharged > 0)
          .map(point => (
            <circle
              key={point.day.date}
              className="jp-qbraid-UsageChart-point"
              data-date={point.day.date}
              cx={point.x}
              cy={point.y}
              r={2}
            >
              <title>{dayLine(point.day, trans)}</title>
            </circle>
          ))}
      </svg>
      {first && last && (
        <div className="jp-qbraid-UsageChart-dates" aria-hidden="true">
          <span>{formatDay(first.date)}</span>
          <span>{formatDay(last.date)}</span>
        </div>
      )}
      <figcaption className="jp-qbraid-UsageChart-legend">
        {empty ? (
          trans.__('No compute sessions in the last 30 days.')
        ) : (
          <>
            <span className="jp-qbraid-UsageChart-key jp-qbraid-mod-hours">
              {trans.__('Hours')}
            </span>
            <span className="jp-qbraid-UsageChart-key jp-qbraid-mod-credits">
              {trans.__('Credits charged')}
            </span>
          </>
        )}
      </figcaption>
      {!empty && (
        // A table ignores a height smaller than its rows: its box is hidden around it.
        <div className="jp-qbraid-VisuallyHidden">
          <table>
            <caption>{trans.__('Compute usage per day, last 30 days')}</caption>
            <thead>
              <tr>
                <th scope="col">{trans.__('Day')}</th>
                <th scope="col">{trans.__('Hours')}</th>
                <th scope="col">{trans.__('Credits charged')}</th>
                <th scope="col">{trans.__('Sessions')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map(day => (
                <tr key={day.date}>
                  <th scope="row">{formatLongDay(day.date)}</th>
                  <td>{formatHours(day.hours)}</td>
                  <td>{formatCredits(day.creditsCharged)}</td>
                  <td>{day.sessions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

/** One day in words, for the pointer's tooltip. */
function dayLine(day: IUsageDay, trans: TranslationBundle): string {
  // %1 is the count for the plural form.
  return trans._n(
    '%2: %3 h, %4 credits, %1 session',
    '%2: %3 h, %4 credits, %1 sessions',
    day.sessions,
    formatDay(day.date),
    formatHours(day.hours),
    formatCredits(day.creditsCharged)
  );
}
