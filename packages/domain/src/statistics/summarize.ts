import { percentileOfSorted, sortedCopy } from './percentile.js';

/**
 * Distribution summary of a set of samples, in the samples' unit. With no samples every
 * figure except `count` is null.
 */
export interface Summary {
  count: number;
  min: number | null;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Population standard deviation (divide by n), as numpy's default and PostgreSQL's stddev_pop. */
  stddev: number | null;
}

/**
 * Count, min, mean, p50/p90/p95/p99 (linear interpolation, see `percentile`), max and the
 * population standard deviation of `samples`.
 *
 * @example
 * summarize([1, 2, 3, 4]);
 * // { count: 4, min: 1, mean: 2.5, p50: 2.5, p90: 3.7, p95: 3.85, p99: 3.97, max: 4, stddev: 1.118... }
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = sortedCopy(samples);
  const n = sorted.length;
  if (n === 0) {
    return {
      count: 0,
      min: null,
      mean: null,
      p50: null,
      p90: null,
      p95: null,
      p99: null,
      max: null,
      stddev: null,
    };
  }
  const mean = kahanSum(sorted) / n;
  // Two-pass variance: subtracting the mean first avoids the catastrophic cancellation of
  // the sum-of-squares formula when samples are large offsets with small spread.
  let squares = 0;
  for (const v of sorted) squares += (v - mean) ** 2;
  return {
    count: n,
    min: sorted[0] as number,
    mean,
    p50: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
    p95: percentileOfSorted(sorted, 0.95),
    p99: percentileOfSorted(sorted, 0.99),
    max: sorted[n - 1] as number,
    stddev: Math.sqrt(squares / n),
  };
}

/** Compensated summation, so the mean of many sub-millisecond gaps does not drift. */
function kahanSum(values: readonly number[]): number {
  let sum = 0;
  let carry = 0;
  for (const v of values) {
    const y = v - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
  }
  return sum;
}
