/** Number and time formats shared by the views. */

import { Time } from '@jupyterlab/coreutils';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Made on first use, not on load: each Intl constructor costs about a millisecond of Lab's start. */
function numberFormat(
  name: string,
  options: Intl.NumberFormatOptions
): Intl.NumberFormat {
  let format = numberFormats.get(name);
  if (!format) {
    // The page's language, which Lab sets from its language setting.
    format = new Intl.NumberFormat(document.documentElement.lang || undefined, options);
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
