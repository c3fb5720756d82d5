import { formatDollars, formatRelative } from '../format';

describe('format', () => {
  it('shows dollars with cents', () => {
    expect(formatDollars(125)).toMatch(/\$125\.00/);
  });

  it('says how long ago', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(formatRelative(new Date('2026-11-27T11:59:50Z'), now)).toBe('just now');
    expect(formatRelative(new Date('2026-11-27T11:55:00Z'), now)).toBe('5 min ago');
    expect(formatRelative(new Date('2026-11-27T09:00:00Z'), now)).toBe('3 h ago');
  });
});
