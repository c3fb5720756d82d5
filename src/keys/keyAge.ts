import { IKeyAge } from '../api';
import { IRotationReminder } from '../tokens';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `since` (ISO 8601) to `now`; null for a time that cannot be read. */
export function ageInDays(since: string, now: number): number | null {
  const start = Date.parse(since);
  if (!Number.isFinite(start)) {
    return null;
  }
  return Math.max(0, Math.floor((now - start) / DAY_MS));
}

/**
 * The reminder to rotate Lab's key, once its secret is `afterDays` old (0: never). Only for
 * the key Lab uses now: a list fetched before the key changed says nothing of the new one.
 */
export function rotationReminder(
  age: IKeyAge | null,
  activeHint: string | null,
  afterDays: number,
  now: number
): IRotationReminder | null {
  if (!age || afterDays <= 0 || age.hint !== activeHint) {
    return null;
  }
  const ageDays = ageInDays(age.since, now);
  if (ageDays === null || ageDays < afterDays) {
    return null;
  }
  return {
    hint: age.hint,
    ageDays,
    afterDays,
    canRotate: age.source !== 'firstSeen'
  };
}
