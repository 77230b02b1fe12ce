/**
 * Turns analytics answers (GET /api/v1/analytics/timeseries and /histogram) into chart rows.
 * A time series' points differ by metric (latency, cost, rate, throughput); a row holds
 * whichever figures its point has and null for the others.
 */
import type { Histogram, PercentileStats, Timeseries, TimeseriesPoint } from '@tfbench/contract';

/** One bucket of a time series, ready for a chart. */
export interface SeriesRow {
  /** Bucket start, epoch ms. */
  t: number;
  count: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** The bucket's value for rate metrics (success_rate, throughput). */
  value: number | null;
  /** 95 % interval of a success_rate bucket. */
  ciLower: number | null;
  ciUpper: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A figure of a point, or null when the point's metric has no such figure. */
function figure(point: TimeseriesPoint, key: string): number | null {
  return key in point ? num((point as Record<string, unknown>)[key]) : null;
}

/**
 * @example
 * toSeriesRows({ ..., points: [{ bucket_start: '2025-01-01T00:00:00Z', count: 3, p50: 120, p95: 300, p99: 310, mean: 150 }] });
 * // [{ t: 1735689600000, count: 3, p50: 120, p95: 300, p99: 310, value: null, ciLower: null, ciUpper: null }]
 */
export function toSeriesRows(response: Pick<Timeseries, 'points'> | undefined): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const point of response?.points ?? []) {
    const t = Date.parse(point.bucket_start);
    if (!Number.isFinite(t)) continue;
    rows.push({
      t,
      count: num(point.count),
      p50: figure(point, 'p50'),
      p95: figure(point, 'p95'),
      p99: figure(point, 'p99'),
      value: figure(point, 'rate') ?? figure(point, 'runs_per_minute'),
      ciLower: figure(point, 'ci_lower'),
      ciUpper: figure(point, 'ci_upper'),
    });
  }
  return rows.sort((a, b) => a.t - b.t);
}

/** Whether a series has at least one plottable figure. */
export function hasSeriesData(
  rows: SeriesRow[],
  keys: Array<'count' | 'p50' | 'p95' | 'p99' | 'value'>,
): boolean {
  return rows.some((row) => keys.some((k) => row[k] !== null));
}

/** One histogram bar. */
export interface HistogramRow {
  lower: number;
  upper: number;
  count: number;
}

/**
 * @example
 * toHistogramRows({ ..., bins: [{ lower: 0, upper: 100, count: 4 }] }); // [{ lower: 0, upper: 100, count: 4 }]
 */
export function toHistogramRows(response: Pick<Histogram, 'bins'> | undefined): HistogramRow[] {
  return (response?.bins ?? []).map(({ lower, upper, count }) => ({ lower, upper, count }));
}

/** A ratio in [0, 1] as the API reports rates, or null when absent or not a number. */
export function asRatio(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return value;
}

/** The named percentile of a stats object, or null when absent. */
export function statOf(stats: PercentileStats | null | undefined, key: keyof PercentileStats): number | null {
  if (!stats) return null;
  return num(stats[key]);
}
