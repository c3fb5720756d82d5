/** Number and time formats shared by the views. */

const creditFormat = new Intl.NumberFormat(undefined, {
  maximumFractionDigits: 2
});
const dollarFormat = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD'
});

export function formatCredits(credits: number): string {
  return creditFormat.format(credits);
}

export function formatDollars(dollars: number): string {
  return dollarFormat.format(dollars);
}

/** "just now", "5 min ago", "3 h ago", else the date. */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 45) {
    return 'just now';
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  if (hours < 24) {
    return `${hours} h ago`;
  }
  return date.toLocaleDateString();
}

const hoursFormat = new Intl.NumberFormat(undefined, {
  maximumFractionDigits: 1
});

export function formatHours(hours: number): string {
  return hoursFormat.format(hours);
}

/** "42 min", "3 h 05 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60000);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  }
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
