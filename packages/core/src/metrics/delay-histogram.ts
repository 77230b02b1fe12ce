/**
 * A cumulative histogram of delays (ms) with fixed, log-linear buckets, built for one
 * process-wide sampler shared by many concurrent runs: the sampler records each sample
 * once (O(1)), a run takes a snapshot when it starts and another when it ends, and the
 * difference of the two is exactly the histogram of the samples taken during the run. That
 * costs one small array copy per run instead of work per sample per run.
 *
 * Resolution: bucket widths are 0.25 ms below 10 ms, 1 ms below 50 ms, 5 ms below 200 ms,
 * 25 ms below 1 s, 250 ms below 10 s and 1 s up to 120 s; larger delays share one bucket
 * reported as 120 s or the largest delay seen. Figures are reported as the bucket's upper
 * edge, so they never understate a delay.
 */

/** Upper edges of the buckets, ascending. */
const UPPER_EDGES: readonly number[] = buildEdges([
  [10, 0.25],
  [50, 1],
  [200, 5],
  [1000, 25],
  [10_000, 250],
  [120_000, 1000],
]);

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

/** Frozen state of a {@link DelayHistogram} at one moment. */
export interface DelayHistogramSnapshot {
  readonly counts: Float64Array;
  readonly sum: number;
}

/** Summary of the delays recorded between two snapshots, in ms. */
export interface DelaySummary {
  samples: number;
  mean: number | null;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** Index of the bucket holding `value`: the first whose upper edge is >= value. */
function bucketOf(value: number): number {
  let lo = 0;
  let hi = UPPER_EDGES.length; // the overflow bucket
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((UPPER_EDGES[mid] as number) >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Cumulative delay histogram; see the module comment.
 *
 * @example
 * const h = new DelayHistogram();
 * const before = h.snapshot();
 * h.record(3.1); h.record(12);
 * summarizeDelays(before, h.snapshot()); // { samples: 2, mean: 7.55, p50: 3.25, p99: 12, max: 12 }
 */
export class DelayHistogram {
  private readonly counts = new Float64Array(UPPER_EDGES.length + 1);
  private sum = 0;
  private largest = 0;

  /** Record one delay in ms; negative values (clock jitter) count as 0. */
  record(delayMs: number): void {
    const value = Math.max(delayMs, 0) || 0; // NaN counts as 0 too
    const index = bucketOf(value);
    this.counts[index] = (this.counts[index] as number) + 1;
    this.sum += value;
    if (value > this.largest) this.largest = value;
  }

  /** Copy of the current state. */
  snapshot(): DelayHistogramSnapshot {
    return { counts: this.counts.slice(), sum: this.sum };
  }

  /** The largest delay ever recorded (used for the overflow bucket). */
  get maxEver(): number {
    return this.largest;
  }
}

/**
 * Summary of the samples recorded between `before` and `after` (both from the same
 * histogram). Percentiles use the nearest-rank method on buckets and report the bucket's
 * upper edge; `overflowValue` is reported for the bucket beyond 120 s.
 */
export function summarizeDelays(
  before: DelayHistogramSnapshot,
  after: DelayHistogramSnapshot,
  overflowValue = UPPER_EDGES[UPPER_EDGES.length - 1] as number,
): DelaySummary {
  const counts = new Float64Array(after.counts.length);
  let samples = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = (after.counts[i] as number) - (before.counts[i] as number);
    counts[i] = c;
    samples += c;
  }
  if (samples === 0) return { samples: 0, mean: null, p50: null, p99: null, max: null };
  const edgeOf = (index: number): number =>
    index < UPPER_EDGES.length ? (UPPER_EDGES[index] as number) : overflowValue;
  const rankValue = (q: number): number => {
    const rank = Math.max(1, Math.ceil(q * samples));
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i] as number;
      if (seen >= rank) return edgeOf(i);
    }
    return edgeOf(counts.length - 1);
  };
  let highest = counts.length - 1;
  while (highest > 0 && counts[highest] === 0) highest--;
  return {
    samples,
    mean: (after.sum - before.sum) / samples,
    p50: rankValue(0.5),
    p99: rankValue(0.99),
    max: edgeOf(highest),
  };
}
