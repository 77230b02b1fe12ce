import type { TimeseriesBucket } from '@tfbench/contract';

/** The time ranges offered by the dashboard and the runs list, as kept in the URL (`range=`). */
export const TIME_RANGES = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000, bucket: '1m' },
  { value: '1h', label: 'Last hour', ms: 3_600_000, bucket: '1m' },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000, bucket: '1h' },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000, bucket: '1h' },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000, bucket: '1d' },
  { value: 'all', label: 'All time', ms: null, bucket: '1d' },
] as const;

export type TimeRangeValue = (typeof TIME_RANGES)[number]['value'];

/** Narrows a URL value to a known range, else `fallback`. */
export function parseTimeRange(value: string | undefined, fallback: TimeRangeValue): TimeRangeValue {
  return TIME_RANGES.some((r) => r.value === value) ? (value as TimeRangeValue) : fallback;
}

/** How long a range is, in ms; null for "all time". */
export function rangeMs(range: TimeRangeValue): number | null {
  return TIME_RANGES.find((r) => r.value === range)?.ms ?? null;
}

/**
 * The time-series bucket for a range: 15 to 170 buckets, so that each holds enough runs for
 * its p50 and p95 to differ meaningfully (the API's `auto` aims at up to 800).
 */
export function bucketFor(range: TimeRangeValue): TimeseriesBucket {
  return TIME_RANGES.find((r) => r.value === range)?.bucket ?? 'auto';
}

/** Human label of a range, for empty states ("in the last hour"). */
export function rangePhrase(range: TimeRangeValue): string {
  const label = TIME_RANGES.find((r) => r.value === range)?.label ?? '';
  return range === 'all' ? 'yet' : `in the ${label.toLowerCase()}`;
}

/**
 * The ISO start of a range, rounded down to the minute so that a query path built from it
 * stays the same between renders (a new minute refreshes it, which is harmless).
 *
 * @example
 * rangeStart('1h', Date.parse('2025-01-01T12:34:56Z')); // '2025-01-01T11:34:00.000Z'
 */
export function rangeStart(range: TimeRangeValue, now: number = Date.now()): string | undefined {
  const ms = rangeMs(range);
  if (ms === null) return undefined;
  const minute = Math.floor(now / 60_000) * 60_000;
  return new Date(minute - ms).toISOString();
}

/**
 * A date-time kept in the URL (an ISO string) as the API's filters take it; undefined when
 * absent or not a date (a hand-edited URL), so the filter is left out rather than sent broken.
 */
export function dateOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
