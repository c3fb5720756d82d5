import { IUsageDay } from '../api';

/** The chart's drawing area in SVG units; the SVG scales to the section's width. */
export const CHART = {
  width: 300,
  height: 120,
  top: 8,
  bottom: 16,
  left: 4,
  right: 4
};

export interface IBar {
  day: IUsageDay;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface IPoint {
  day: IUsageDay;
  x: number;
  y: number;
}

export interface IChartLayout {
  bars: IBar[];
  /** Credits charged each day, on their own scale. */
  points: IPoint[];
  /** The top of each scale: the hours' and the credits'. */
  hoursMax: number;
  creditsMax: number;
  /** The baseline's y. */
  baseline: number;
}

/**
 * The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at or above `value`,
 * so that the top of a scale reads well; 1 for nothing at all.
 */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    return 1;
  }
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    // A hair of slack: 0.3 / 0.1 is 2.9999999999999996.
    if (value <= step * power * (1 + 1e-9)) {
      return step * power;
    }
  }
  return 10 * power;
}

/** Where each day's bar (hours) and point (credits) go; each series has its own scale. */
export function layoutChart(days: IUsageDay[]): IChartLayout {
  const { width, height, top, bottom, left, right } = CHART;
  const baseline = height - bottom;
  const plotHeight = baseline - top;
  const hoursMax = niceCeiling(Math.max(0, ...days.map(day => day.hours)));
  const creditsMax = niceCeiling(Math.max(0, ...days.map(day => day.creditsCharged)));
  const slot = days.length > 0 ? (width - left - right) / days.length : 0;
  // A gap between bars of a fifth of a slot, so days stay apart at any width.
  const barWidth = slot * 0.8;
  const bars = days.map((day, index) => {
    const barHeight = (Math.max(0, day.hours) / hoursMax) * plotHeight;
    return {
      day,
      x: left + index * slot + (slot - barWidth) / 2,
      y: baseline - barHeight,
      width: barWidth,
      height: barHeight
    };
  });
  const points = days.map((day, index) => ({
    day,
    x: left + index * slot + slot / 2,
    y: baseline - (Math.max(0, day.creditsCharged) / creditsMax) * plotHeight
  }));
  return { bars, points, hoursMax, creditsMax, baseline };
}
