/**
 * Turns analytics answers into chart rows. The analytics endpoints are younger than the
 * dashboard, so these accept the few reasonable spellings of a bucket or a bin (`bucket` /
 * `bucket_start` / `t`, `lower`/`upper` or `start`/`end`) and an object or a bare array,
 * and drop rows they cannot place rather than guessing.
 */
import type {
  HistogramBin,
  HistogramResponse,
  PercentileStats,
  TimeseriesPoint,
  TimeseriesResponse,
} from './api-types';

/** One bucket of a time series, ready for a chart. */
export interface SeriesRow {
  /** Bucket start, epoch ms. */
  t: number;
  count: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** The bucket's value for rate metrics (success_rate, throughput, cost). */
  value: number | null;
  /** 95 % interval of a rate bucket, when the API sends one. */
  ciLower: number | null;
  ciUpper: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function pointsOf(response: TimeseriesResponse | TimeseriesPoint[] | undefined): TimeseriesPoint[] {
  if (!response) return [];
  if (Array.isArray(response)) return response;
  return response.points ?? response.buckets ?? response.data ?? [];
}

/**
 * @example
 * toSeriesRows({ points: [{ bucket: '2025-01-01T00:00:00Z', count: 3, p50: 120, p95: 300, p99: 310 }] });
 * // [{ t: 1735689600000, count: 3, p50: 120, p95: 300, p99: 310, value: null }]
 */
export function toSeriesRows(response: TimeseriesResponse | TimeseriesPoint[] | undefined): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const point of pointsOf(response)) {
    const when = point.bucket ?? point.bucket_start ?? point.t ?? point.start ?? point.time;
    const t = typeof when === 'number' ? when : typeof when === 'string' ? Date.parse(when) : Number.NaN;
    if (!Number.isFinite(t)) continue;
    rows.push({
      t,
      count: num(point.count),
      p50: num(point.p50),
      p95: num(point.p95),
      p99: num(point.p99),
      value: num(point.value) ?? num(point.rate) ?? num(point.runs_per_minute),
      ciLower: num(point.ci_lower),
      ciUpper: num(point.ci_upper),
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

function binsOf(response: HistogramResponse | HistogramBin[] | undefined): HistogramBin[] {
  if (!response) return [];
  if (Array.isArray(response)) return response;
  return response.bins ?? response.buckets ?? [];
}

/**
 * @example
 * toHistogramRows({ bins: [{ lower: 0, upper: 100, count: 4 }] }); // [{ lower: 0, upper: 100, count: 4 }]
 */
export function toHistogramRows(response: HistogramResponse | HistogramBin[] | undefined): HistogramRow[] {
  const rows: HistogramRow[] = [];
  for (const bin of binsOf(response)) {
    const lower = num(bin.lower) ?? num(bin.start) ?? num(bin.from);
    const upper = num(bin.upper) ?? num(bin.end) ?? num(bin.to) ?? num(bin.le);
    const count = num(bin.count);
    if (lower === null || upper === null || count === null) continue;
    rows.push({ lower, upper, count });
  }
  return rows.sort((a, b) => a.lower - b.lower);
}

/** A ratio in [0, 1] as the API reports rates, or null when absent or not a number. */
export function asRatio(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return value;
}

/** The named percentile of a stats object, or null when absent. */
export function statOf(stats: PercentileStats | null | undefined, key: string): number | null {
  if (!stats) return null;
  return num(stats[key]);
}
