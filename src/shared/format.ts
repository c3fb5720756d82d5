/** Number and time formats shared by the views. */

import { Time } from '@jupyterlab/coreutils';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** The page's language, which Lab sets from its language setting; else the browser's. */
function pageLanguage(): string | undefined {
  return document.documentElement.lang || undefined;
}

/** Made on first use, not on load: each Intl constructor costs about a millisecond of Lab's start. */
function numberFormat(
  name: string,
  options: Intl.NumberFormatOptions
): Intl.NumberFormat {
  let format = numberFormats.get(name);
  if (!format) {
    format = new Intl.NumberFormat(pageLanguage(), options);
    numberFormats.set(name, format);
  }
  return format;
}

export function formatCredits(credits: number): string {
  return numberFormat('credits', { maximumFractionDigits: 2 }).format(credits);
}

export function formatDollars(dollars: number): string {
  return numberFormat('dollars', { style: 'currency', currency: 'USD' }).format(
    dollars
  );
}

/**
 * How long ago, in the page's language ("now", "5 minutes ago", "yesterday"): JupyterLab's
 * `Time.formatHuman`, which follows the language Lab is set to.
 */
export function formatRelative(date: Date): string {
  return Time.formatHuman(date);
}

/** Seconds to a tenth, in the page's language ("2.5", "2,5"). */
export function formatSeconds(seconds: number): string {
  return numberFormat('seconds', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1
  }).format(seconds);
}

export function formatHours(hours: number): string {
  return numberFormat('hours', { maximumFractionDigits: 1 }).format(hours);
}

type DurationUnit = 'day' | 'hour' | 'minute';

let durationList: Intl.ListFormat | null = null;

/**
 * How long, in the page's language and to the minute: "42 min", "3 hr 5 min", "2 days 4 hr"
 * in English. From a day on, the minutes are dropped; a zero second part is left out.
 */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const parts: [DurationUnit, number][] = days
    ? [
        ['day', days],
        ['hour', hours % 24]
      ]
    : hours
      ? [
          ['hour', hours],
          ['minute', minutes % 60]
        ]
      : [['minute', minutes]];
  durationList ??= new Intl.ListFormat(pageLanguage(), {
    type: 'unit',
    style: 'narrow'
  });
  return durationList.format(
    parts
      .filter(([, count], index) => index === 0 || count > 0)
      .map(([unit, count]) =>
        numberFormat(unit, { style: 'unit', unit, unitDisplay: 'short' }).format(count)
      )
  );
}

export function formatCount(count: number): string {
  return numberFormat('count', {}).format(count);
}

/** A day, in the page's language; in `timeZone` when given (the browser's otherwise). */
export function formatDate(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(pageLanguage(), {
    dateStyle: 'medium',
    timeZone
  }).format(date);
}
