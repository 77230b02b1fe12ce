/**
 * The fixed, log-linear buckets every event-loop delay figure is reported in (shared by
 * {@link DelayHistogram} and {@link DelayLog}, so both report exactly the same numbers).
 *
 * Resolution: bucket widths are 0.25 ms below 10 ms, 1 ms below 50 ms, 5 ms below 200 ms,
 * 25 ms below 1 s, 250 ms below 10 s and 1 s up to 120 s; larger delays share one overflow
 * bucket. Figures are reported as the bucket's upper edge, so they never understate a delay.
 */

/** Upper edges of the buckets, ascending; the overflow bucket comes after the last one. */
export const UPPER_EDGES: readonly number[] = buildEdges([
  [10, 0.25],
  [50, 1],
  [200, 5],
  [1000, 25],
  [10_000, 250],
  [120_000, 1000],
]);

/** Buckets including the overflow bucket. */
export const BUCKET_COUNT = UPPER_EDGES.length + 1;

/** Index of the overflow bucket (delays above the last edge). */
export const OVERFLOW_BUCKET = UPPER_EDGES.length;

/** The largest finite edge: what the overflow bucket reports when nothing better is known. */
export const LAST_EDGE = UPPER_EDGES[UPPER_EDGES.length - 1] as number;

function buildEdges(segments: ReadonlyArray<readonly [limit: number, width: number]>): number[] {
  const edges: number[] = [];
  let edge = 0;
  for (const [limit, width] of segments) {
    while (edge < limit) {
      edge = Math.round((edge + width) * 1000) / 1000;
      edges.push(edge);
    }
  }
  return edges;
}

/** Summary of the delays recorded in a window, in ms. */
export interface DelaySummary {
  samples: number;
  mean: number | null;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** A delay as recorded: negative values (clock jitter) and NaN count as 0. */
export function clampDelay(delayMs: number): number {
  return Math.max(delayMs, 0) || 0;
}

/** Index of the bucket holding `value` (>= 0): the first whose upper edge is >= value. */
export function bucketOf(value: number): number {
  let lo = 0;
  let hi = OVERFLOW_BUCKET;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((UPPER_EDGES[mid] as number) >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The figure a bucket reports: its upper edge, or `overflowValue` for the overflow bucket. */
export function edgeOf(index: number, overflowValue: number): number {
  return index < OVERFLOW_BUCKET ? (UPPER_EDGES[index] as number) : overflowValue;
}

/** The summary of a window with no samples. */
export function emptyDelaySummary(): DelaySummary {
  return { samples: 0, mean: null, p50: null, p99: null, max: null };
}

/** Cumulative bucket counts and the sum of the samples they hold, as read at one instant. */
export interface CumulativeBuckets {
  counts: ArrayLike<number>;
  sum: number;
}

/**
 * Summary of the samples cumulative counts gained between `then` and `now` (`samples` of
 * them), over every bucket; values past the last edge count as `overflowValue`.
 */
export function summarizeGrowth(
  now: CumulativeBuckets,
  then: CumulativeBuckets,
  samples: number,
  overflowValue: number,
): DelaySummary {
  return summarizeBuckets(
    now.counts,
    then.counts,
    0,
    BUCKET_COUNT - 1,
    samples,
    now.sum - then.sum,
    overflowValue,
  );
}

/**
 * Summary of bucket counts: nearest-rank p50 and p99 and the highest non-empty bucket, each
 * reported as its bucket's upper edge. Bucket i holds `counts[i] - base[i]` (`base` null:
 * `counts[i]`). Only buckets `lowest..highest` are read (the caller knows the rest are
 * empty), so a window of a few samples costs a few steps, not a walk over every bucket.
 */
export function summarizeBuckets(
  counts: ArrayLike<number>,
  base: ArrayLike<number> | null,
  lowest: number,
  highest: number,
  samples: number,
  sum: number,
  overflowValue: number,
): DelaySummary {
  if (samples <= 0) return emptyDelaySummary();
  const rank50 = Math.max(1, Math.ceil(0.5 * samples));
  const rank99 = Math.max(1, Math.ceil(0.99 * samples));
  let p50 = -1;
  let p99 = -1;
  let top = lowest;
  let seen = 0;
  for (let i = lowest; i <= highest; i++) {
    const count = (counts[i] as number) - (base === null ? 0 : (base[i] as number));
    if (count === 0) continue;
    seen += count;
    top = i;
    if (p50 < 0 && seen >= rank50) p50 = i;
    if (p99 < 0 && seen >= rank99) p99 = i;
  }
  return {
    samples,
    mean: sum / samples,
    p50: edgeOf(p50 < 0 ? top : p50, overflowValue),
    p99: edgeOf(p99 < 0 ? top : p99, overflowValue),
    max: edgeOf(top, overflowValue),
  };
}
