import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatCount,
  formatMs,
  formatOffset,
  formatPercent,
  formatRate,
  formatRelative,
  formatUntil,
  formatUsd,
} from '@/lib/format';

describe('formatMs', () => {
  it.each([
    [0.42, '0.42 ms'],
    [7, '7.0 ms'],
    [87.4, '87 ms'],
    [999.4, '999 ms'],
    [1234, '1.23 s'],
    [12_345, '12.3 s'],
    [125_000, '2 min 5 s'],
    [60_000, '1 min'],
    [7_200_000, '2 h'],
    [3_725_000, '1 h 2 min'],
    [-1500, '-1.50 s'],
  ])('%s ms reads as %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it('prefixes offsets with a sign', () => {
    expect(formatOffset(1523.4)).toBe('+1.52 s');
    expect(formatOffset(0)).toBe('+0 ms');
  });
});

describe('formatPercent', () => {
  it.each([
    [0.9531, undefined, '95.3%'],
    [1, undefined, '100%'],
    [0, undefined, '0%'],
    [0.5, 0, '50%'],
  ])('renders the ratio %s (digits %s) as %s', (ratio, digits, text) => {
    expect(formatPercent(ratio, digits)).toBe(text);
  });
});

describe('formatUsd', () => {
  it.each([
    [0.00123, '$0.00123'],
    [0.5, '$0.500'],
    [12.5, '$12.50'],
    [0, '$0'],
  ])('keeps three significant digits below a dollar: %s reads as %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});

describe('formatCount and formatRate', () => {
  it('groups thousands and rounds rates by size', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatRate(0.25)).toBe('0.25');
    expect(formatRate(42.123)).toBe('42.1');
    expect(formatRate(1234.5)).toBe('1,235');
  });
});

describe('formatRelative', () => {
  const now = new Date('2025-01-01T12:00:00Z');
  it.each([
    ['2025-01-01T11:59:58Z', 'just now'],
    ['2025-01-01T11:57:00Z', '3 min. ago'],
    ['2025-01-01T12:05:00Z', 'in 5 min.'],
    ['2025-01-01T09:00:00Z', '3 hr. ago'],
    ['2024-12-31T12:00:00Z', 'yesterday'],
  ])('describes %s as %s', (at, text) => {
    expect(formatRelative(at, now)).toBe(text);
  });
});

describe('formatAgo', () => {
  const now = new Date('2025-01-01T12:00:00Z');
  it('never puts a past event in the future when the server clock runs ahead', () => {
    // Stamped by a server 5 and 8 seconds ahead of the browser.
    expect(formatAgo('2025-01-01T12:00:05Z', now)).toBe('just now');
    expect(formatAgo('2025-01-01T12:00:08Z', now)).toBe('just now');
    expect(formatAgo('2025-01-01T13:00:00Z', now)).toBe('just now');
  });
  it('counts up as the clock moves on', () => {
    const created = '2025-01-01T11:59:58Z';
    expect(formatAgo(created, now)).toBe('just now');
    expect(formatAgo(created, new Date('2025-01-01T12:00:08Z'))).toBe('10 sec. ago');
    expect(formatAgo(created, new Date('2025-01-01T12:03:00Z'))).toBe('3 min. ago');
  });
});

describe('formatUntil', () => {
  const now = new Date('2025-01-01T12:00:00Z');
  it.each([
    ['2025-01-01T12:05:00Z', 'in 5 min.'],
    ['2025-01-01T12:00:30Z', 'in 30 sec.'],
    ['2025-01-01T12:00:03Z', 'now'],
    ['2025-01-01T11:59:00Z', 'now'],
  ])('counts down to %s as %s, and reads "now" once it is due or late', (at, text) => {
    expect(formatUntil(at, now)).toBe(text);
  });
});
