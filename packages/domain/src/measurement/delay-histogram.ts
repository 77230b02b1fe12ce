/**
 * A cumulative histogram of delays (ms) with the fixed buckets of `delay-buckets.ts`: record
 * each sample once (O(1)), take a snapshot, and the difference of two snapshots is exactly
 * the histogram of the samples recorded in between. A snapshot copies every bucket, so for
 * many short, overlapping windows prefer {@link DelayLog}, which needs no copy per window.
 */
import {
  BUCKET_COUNT,
  bucketOf,
  clampDelay,
  type DelaySummary,
  emptyDelaySummary,
  LAST_EDGE,
  summarizeGrowth,
} from './delay-buckets.js';

/** Frozen state of a {@link DelayHistogram} at one moment. */
export interface DelayHistogramSnapshot {
  readonly counts: Float64Array;
  readonly sum: number;
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
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private sum = 0;
  private largest = 0;

  /** Record one delay in ms; negative values (clock jitter) and NaN count as 0. */
  record(delayMs: number): void {
    const value = clampDelay(delayMs);
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
  overflowValue = LAST_EDGE,
): DelaySummary {
  let samples = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    samples += (after.counts[i] as number) - (before.counts[i] as number);
  }
  if (samples === 0) return emptyDelaySummary();
  return summarizeGrowth(after, before, samples, overflowValue);
}
