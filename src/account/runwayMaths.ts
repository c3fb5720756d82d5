/**
 * How long what is left lasts on this profile. Compute hours are counted per vCPU (an hour
 * on 2 vCPUs spends two), so hours left ÷ vCPUs is the time left; credits are spent at
 * the profile's rate per minute. Null where the profile does not say what is needed.
 */

export function hoursLeftAtProfile(
  remainingHours: number,
  vCpus: number | null | undefined
): number | null {
  if (vCpus === null || vCpus === undefined || !(vCpus > 0)) {
    return null;
  }
  return Math.max(0, remainingHours) / vCpus;
}

export function creditHoursAtRate(
  credits: number | null | undefined,
  creditsPerMinute: number | null | undefined
): number | null {
  if (
    credits === null ||
    credits === undefined ||
    creditsPerMinute === null ||
    creditsPerMinute === undefined ||
    !(creditsPerMinute > 0)
  ) {
    return null;
  }
  return Math.max(0, credits) / (creditsPerMinute * 60);
}
