/**
 * A log of delay samples (ms) for one process-wide event-loop sampler shared by many
 * concurrent, overlapping windows (one per run). Recording is O(1); opening a window only
 * notes the index of the next sample; closing it summarises the samples recorded in between
 * straight from a ring of recent samples. Nothing is copied per window, so a run costs work
 * in proportion to its own samples, whatever the concurrency.
 *
 * The ring holds the last `capacity` samples (default 65,536: about 11 minutes at one sample
 * per 10 ms). A window that outlives the ring does not lose its oldest samples: when the
 * first sample of a still-open window is about to be overwritten, the log anchors the window
 * to a copy of the histogram of every sample older than it (kept up to date in O(1) per
 * sample), and the window is later summarised as the difference between the cumulative
 * histogram and that anchor. Windows opened between the same two samples share one anchor.
 *
 * Figures use the buckets of `delay-buckets.ts` and match {@link summarizeDelays} exactly,
 * with one refinement: a delay in the overflow bucket (> 120 s) is reported as the largest
 * delay of the window itself (the largest ever recorded, for an anchored window).
 */
import {
  BUCKET_COUNT,
  bucketOf,
  clampDelay,
  type DelaySummary,
  emptyDelaySummary,
  summarizeBuckets,
  summarizeGrowth,
} from './delay-buckets.js';

/** Windows that opened at the same sample index; they share the anchor, if they need one. */
interface Cohort {
  readonly start: number;
  open: number;
  /** Histogram of every sample before `start`, once the ring no longer holds sample `start`. */
  anchor: Float64Array | null;
  anchorSum: number;
}

/** One open measurement window; see {@link DelayLog.open}. */
export class DelayLogWindow {
  private summary: DelaySummary | null = null;

  constructor(
    private readonly log: DelayLog,
    /** @internal */
    readonly cohort: Cohort,
  ) {}

  /** The delays recorded since the window opened. Later calls return the same summary. */
  close(): DelaySummary {
    this.summary ??= this.log.closeWindow(this);
    return this.summary;
  }
}

/**
 * See the module comment.
 *
 * @example
 * const log = new DelayLog();
 * const window = log.open();
 * log.record(3.1); log.record(12);
 * window.close(); // { samples: 2, mean: 7.55, p50: 3.25, p99: 12, max: 12 }
 */
export class DelayLog {
  private readonly capacity: number;
  /** Ring of recent samples: sample i lives in slot i % capacity. */
  private readonly values: Float64Array;
  private readonly buckets: Uint16Array;
  /** Samples recorded so far: the index the next sample gets. */
  private count = 0;
  /** Histogram of every sample ever recorded. */
  private readonly totals = new Float64Array(BUCKET_COUNT);
  private totalSum = 0;
  /** Histogram of the samples that have left the ring. */
  private readonly evicted = new Float64Array(BUCKET_COUNT);
  private evictedSum = 0;
  private largest = 0;
  /** Cohorts with open windows and no anchor yet, by start index. */
  private readonly cohorts = new Map<number, Cohort>();
  private windows = 0;
  /** Reused bucket counts for summarising a window from the ring; all zero between uses. */
  private readonly scratch = new Float64Array(BUCKET_COUNT);

  constructor(capacity = 65_536) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.values = new Float64Array(capacity);
    this.buckets = new Uint16Array(capacity);
  }

  /** Windows open right now. */
  get openWindows(): number {
    return this.windows;
  }

  /** Record one delay in ms; negative values (clock jitter) and NaN count as 0. */
  record(delayMs: number): void {
    const value = clampDelay(delayMs);
    const bucket = bucketOf(value);
    const slot = this.count % this.capacity;
    if (this.count >= this.capacity) {
      // Sample `leaving` is overwritten now: a window starting at it must be anchored first.
      const leaving = this.count - this.capacity;
      const cohort = this.cohorts.get(leaving);
      if (cohort !== undefined) {
        cohort.anchor = this.evicted.slice();
        cohort.anchorSum = this.evictedSum;
        this.cohorts.delete(leaving);
      }
      const old = this.buckets[slot] as number;
      this.evicted[old] = (this.evicted[old] as number) + 1;
      this.evictedSum += this.values[slot] as number;
    }
    this.values[slot] = value;
    this.buckets[slot] = bucket;
    this.totals[bucket] = (this.totals[bucket] as number) + 1;
    this.totalSum += value;
    if (value > this.largest) this.largest = value;
    this.count++;
  }

  /** Start a window at the next sample. */
  open(): DelayLogWindow {
    let cohort = this.cohorts.get(this.count);
    if (cohort === undefined) {
      cohort = { start: this.count, open: 0, anchor: null, anchorSum: 0 };
      this.cohorts.set(this.count, cohort);
    }
    cohort.open++;
    this.windows++;
    return new DelayLogWindow(this, cohort);
  }

  /** @internal Use {@link DelayLogWindow.close}, which calls this once. */
  closeWindow(window: DelayLogWindow): DelaySummary {
    const cohort = window.cohort;
    this.windows--;
    if (--cohort.open === 0 && cohort.anchor === null) this.cohorts.delete(cohort.start);
    const samples = this.count - cohort.start;
    if (samples === 0) return emptyDelaySummary();
    if (cohort.anchor !== null) {
      const now = { counts: this.totals, sum: this.totalSum };
      return summarizeGrowth(now, { counts: cohort.anchor, sum: cohort.anchorSum }, samples, this.largest);
    }
    return this.summarizeRing(cohort.start, samples);
  }

  /** Summary of `samples` samples from index `start`, all still in the ring. */
  private summarizeRing(start: number, samples: number): DelaySummary {
    const { scratch, buckets, values, capacity } = this;
    let slot = start % capacity;
    let lowest = BUCKET_COUNT;
    let highest = -1;
    let sum = 0;
    let largest = 0;
    for (let k = 0; k < samples; k++) {
      const bucket = buckets[slot] as number;
      const value = values[slot] as number;
      scratch[bucket] = (scratch[bucket] as number) + 1;
      sum += value;
      if (value > largest) largest = value;
      if (bucket < lowest) lowest = bucket;
      if (bucket > highest) highest = bucket;
      if (++slot === capacity) slot = 0;
    }
    const summary = summarizeBuckets(scratch, null, lowest, highest, samples, sum, largest);
    scratch.fill(0, lowest, highest + 1);
    return summary;
  }
}
