/** Number and time formats shared by the views. */

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Made on first use, not on load: each Intl constructor costs about a millisecond of Lab's start. */
function numberFormat(
  name: string,
  options: Intl.NumberFormatOptions
): Intl.NumberFormat {
  let format = numberFormats.get(name);
  if (!format) {
    format = new Intl.NumberFormat(undefined, options);
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

export function formatHours(hours: number): string {
  return numberFormat('hours', { maximumFractionDigits: 1 }).format(hours);
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
