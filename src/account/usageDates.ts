/** The report's days are calendar dates (YYYY-MM-DD) of its time zone, not instants. */

let dayFormat: Intl.DateTimeFormat | null = null;
let longDayFormat: Intl.DateTimeFormat | null = null;

function asUtcMidnight(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function language(): string | undefined {
  return document.documentElement.lang || undefined;
}

/** "Nov 29": under the chart. Formatted in UTC, where the date's midnight was put. */
export function formatDay(date: string): string {
  dayFormat ??= new Intl.DateTimeFormat(language(), {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC'
  });
  return dayFormat.format(asUtcMidnight(date));
}

/** "Sun, Nov 29, 2026": in the table a screen reader reads. */
export function formatLongDay(date: string): string {
  longDayFormat ??= new Intl.DateTimeFormat(language(), {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC'
  });
  return longDayFormat.format(asUtcMidnight(date));
}
