import {
  formatDollars,
  formatDuration,
  formatHours,
  formatRelative
} from '../shared/format';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('format', () => {
  it('shows dollars with cents', () => {
    expect(formatDollars(125)).toMatch(/\$125\.00/);
  });

  it("says how long ago, in the page's language", () => {
    jest.useFakeTimers({ now: new Date('2026-11-27T12:00:00Z') });
    try {
      expect(formatRelative(new Date('2026-11-27T12:00:00Z'))).toBe('now');
      expect(formatRelative(new Date('2026-11-27T11:59:50Z'))).toBe('10 seconds ago');
      expect(formatRelative(new Date('2026-11-27T11:55:00Z'))).toBe('5 minutes ago');
      expect(formatRelative(new Date('2026-11-27T09:00:00Z'))).toBe('3 hours ago');
      document.documentElement.lang = 'fr';
      expect(formatRelative(new Date('2026-11-27T11:55:00Z'))).toBe('il y a 5 minutes');
    } finally {
      document.documentElement.lang = '';
      jest.useRealTimers();
    }
  });
});

describe('formatHours', () => {
  it('shows whole hours without decimals', () => {
    expect(formatHours(0)).toBe('0');
    expect(formatHours(7)).toBe('7');
    expect(formatHours(10)).toBe('10');
  });

  it('keeps at most one decimal, rounded', () => {
    expect(formatHours(7.5)).toMatch(/^7[.,]5$/);
    expect(formatHours(7.75)).toMatch(/^7[.,]8$/);
    expect(formatHours(7.04)).toBe('7');
    expect(formatHours(0.25)).toMatch(/^0[.,]3$/);
  });

  it('shows a negative balance as negative', () => {
    expect(formatHours(-1.5)).toMatch(/^-1[.,]5$/);
  });
});

describe('formatDuration', () => {
  it('counts minutes under an hour, rounding down', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(59 * 1000)).toBe('0 min');
    expect(formatDuration(42 * MINUTE + 59 * 1000)).toBe('42 min');
    expect(formatDuration(59 * MINUTE)).toBe('59 min');
  });

  it('counts hours and minutes under a day, leaving out zero minutes', () => {
    expect(formatDuration(HOUR)).toBe('1 hr');
    expect(formatDuration(90 * MINUTE)).toBe('1 hr 30 min');
    expect(formatDuration(3 * HOUR + 5 * MINUTE)).toBe('3 hr 5 min');
    expect(formatDuration(23 * HOUR + 59 * MINUTE)).toBe('23 hr 59 min');
  });

  it('counts days and hours from a day on, dropping the minutes', () => {
    expect(formatDuration(DAY)).toBe('1 day');
    expect(formatDuration(2 * DAY + 4 * HOUR + 59 * MINUTE)).toBe('2 days 4 hr');
    expect(formatDuration(10 * DAY + 23 * HOUR)).toBe('10 days 23 hr');
  });
});

describe("formatDuration in the page's language", () => {
  afterEach(() => {
    document.documentElement.lang = '';
  });

  it('names the units as the language does', () => {
    document.documentElement.lang = 'de';
    // The formatters are made on first use: a fresh module makes them in German.
    jest.isolateModules(() => {
      const { formatDuration: inGerman } = jest.requireActual('../shared/format');
      expect(inGerman(3 * HOUR + 5 * MINUTE)).toBe('3 Std., 5 Min.');
      expect(inGerman(2 * DAY)).toBe('2 Tg.');
    });
  });
});
