import { bootstrapQuantileDifferences } from './bootstrap.js';
import { type MannWhitneyResult, mannWhitneyU } from './mann-whitney.js';
import { sortedCopy } from './percentile.js';
import { createRandom, type Seed } from './random.js';
import { summarize } from './summarize.js';

/** The outcome of a comparison of b against a. */
export type Verdict = 'improved' | 'regressed' | 'no_significant_change';

/** Which direction of a metric is good: `'lower'` for latencies and cost, `'higher'` for rates. */
export type Better = 'lower' | 'higher';

/** The seed used when none is given, so that a comparison is reproducible by default. */
export const DEFAULT_COMPARE_SEED = 0x7fb3;

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Significance level of the verdict (default 0.05). The intervals are at 1 - alpha. */
  alpha?: number;
  /** Bootstrap resamples (default 2000). */
  iterations?: number;
  /** Seed of the bootstrap (default {@link DEFAULT_COMPARE_SEED}). */
  seed?: Seed;
  /** Which direction is an improvement (default `'lower'`, for latencies). */
  better?: Better;
}

/** n, percentiles and mean of one side. Figures are null for an empty side. */
export interface SampleSummary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

/**
 * A difference b - a with its bootstrap interval, in the metric's unit, and the same figures
 * relative to a's statistic in percent (null when a's statistic is 0 or unknown).
 */
export interface DifferenceEstimate {
  estimate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  estimate_pct: number | null;
  ci_lower_pct: number | null;
  ci_upper_pct: number | null;
}

/** The result of {@link compare}; field names are the wire names. */
export interface Comparison {
  a: SampleSummary;
  b: SampleSummary;
  /** (b - a) / a in percent for each statistic; null when a's statistic is 0 or unknown. */
  difference_pct: { p50: number | null; p95: number | null; p99: number | null; mean: number | null };
  /** Difference of medians, b - a, with its percentile-bootstrap interval. */
  median_difference: DifferenceEstimate;
  /** Difference of 95th percentiles, b - a, with its percentile-bootstrap interval. */
  p95_difference: DifferenceEstimate;
  /** Two-sided Mann-Whitney U test; null when a side is empty. */
  mann_whitney: MannWhitneyResult | null;
  alpha: number;
  /** Level of the intervals, 1 - alpha. */
  confidence: number;
  iterations: number;
  /** The 32-bit seed the bootstrap started from. */
  seed: number;
  better: Better;
  verdict: Verdict;
}

function percentChange(from: number | null, to: number | null): number | null {
  if (from === null || to === null || from === 0) return null;
  return ((to - from) / Math.abs(from)) * 100;
}

function relativeTo(base: number | null, value: number | null): number | null {
  if (base === null || value === null || base === 0) return null;
  return (value / Math.abs(base)) * 100;
}

function difference(
  base: number | null,
  estimate: number | null,
  interval: { lower: number; upper: number } | null,
): DifferenceEstimate {
  return {
    estimate,
    ci_lower: interval?.lower ?? null,
    ci_upper: interval?.upper ?? null,
    estimate_pct: relativeTo(base, estimate),
    ci_lower_pct: relativeTo(base, interval?.lower ?? null),
    ci_upper_pct: relativeTo(base, interval?.upper ?? null),
  };
}

function subtract(x: number | null, y: number | null): number | null {
  return x === null || y === null ? null : x - y;
}

/**
 * The verdict rule, in one place. b differs significantly from a when BOTH
 *   1. the two-sided Mann-Whitney p-value is below alpha, and
 *   2. the (1 - alpha) bootstrap interval of the difference of medians excludes 0,
 * and both agree on the direction (the interval above 0 and U of b above its null mean, or both
 * below). Requiring two tests makes a false alarm rarer than alpha alone; requiring the median
 * interval makes a verdict mean "the typical run moved", not only "the shapes differ".
 * The direction then maps to improved/regressed by `better`.
 */
function decideVerdict(
  mannWhitney: MannWhitneyResult | null,
  median: DifferenceEstimate,
  nA: number,
  nB: number,
  alpha: number,
  better: Better,
): Verdict {
  if (mannWhitney === null || median.ci_lower === null || median.ci_upper === null) {
    return 'no_significant_change';
  }
  if (!(mannWhitney.p_value < alpha)) return 'no_significant_change';
  const intervalUp = median.ci_lower > 0;
  const intervalDown = median.ci_upper < 0;
  const uMean = (nA * nB) / 2;
  const ranksUp = mannWhitney.u_b > uMean;
  const ranksDown = mannWhitney.u_b < uMean;
  let bIsHigher: boolean;
  if (intervalUp && ranksUp) bIsHigher = true;
  else if (intervalDown && ranksDown) bIsHigher = false;
  else return 'no_significant_change';
  return bIsHigher === (better === 'higher') ? 'improved' : 'regressed';
}

function sideSummary(values: readonly number[]): SampleSummary {
  const s = summarize(values);
  return { n: s.count, p50: s.p50, p95: s.p95, p99: s.p99, mean: s.mean };
}

/**
 * Compares sample b (e.g. the candidate) against sample a (the baseline) of one metric.
 *
 * Reports per side n, p50, p95, p99 and mean; their change in percent; percentile-bootstrap
 * intervals (seeded, so the same inputs and seed give the same numbers) of the difference of
 * medians and of 95th percentiles; a two-sided Mann-Whitney U test; and a verdict.
 *
 * Verdict rule (see docs/thresholds.md, "Comparisons"): significant when the Mann-Whitney
 * p-value is below `alpha` AND the (1 - alpha) bootstrap interval of the median difference
 * excludes 0, with both pointing the same way. For `better: 'lower'` (latencies, the default) a
 * significant increase is `'regressed'` and a decrease `'improved'`. Each side needs at least 2
 * values for a verdict other than `'no_significant_change'`.
 *
 * Samples must be finite numbers (a RangeError otherwise); filter out missing values first.
 *
 * @example
 * ```ts
 * const rng = createRandom(7);
 * const before = Array.from({ length: 200 }, () => rng.lognormal(Math.log(1000), 0.35));
 * const after = before.map((ms) => ms * 1.2);
 * compare(before, after).verdict; // 'regressed'
 * compare(before, after).difference_pct.p50; // 20 (up to rounding)
 * ```
 */
export function compare(
  a: readonly number[],
  b: readonly number[],
  options: CompareOptions = {},
): Comparison {
  const { alpha = 0.05, iterations = 2000, seed = DEFAULT_COMPARE_SEED, better = 'lower' } = options;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
  }
  const sortedA = Float64Array.from(sortedCopy(a));
  const sortedB = Float64Array.from(sortedCopy(b));
  const summaryA = sideSummary(a);
  const summaryB = sideSummary(b);
  const confidence = 1 - alpha;
  const rng = createRandom(seed);

  const canResample = sortedA.length >= 2 && sortedB.length >= 2;
  const [medianInterval = null, p95Interval = null] = canResample
    ? bootstrapQuantileDifferences(sortedA, sortedB, [0.5, 0.95], { iterations, confidence, rng })
    : [];
  const median = difference(summaryA.p50, subtract(summaryB.p50, summaryA.p50), medianInterval);
  const p95 = difference(summaryA.p95, subtract(summaryB.p95, summaryA.p95), p95Interval);
  const mannWhitney = sortedA.length > 0 && sortedB.length > 0 ? mannWhitneyU(a, b) : null;

  return {
    a: summaryA,
    b: summaryB,
    difference_pct: {
      p50: percentChange(summaryA.p50, summaryB.p50),
      p95: percentChange(summaryA.p95, summaryB.p95),
      p99: percentChange(summaryA.p99, summaryB.p99),
      mean: percentChange(summaryA.mean, summaryB.mean),
    },
    median_difference: median,
    p95_difference: p95,
    mann_whitney: mannWhitney,
    alpha,
    confidence,
    iterations,
    seed: rng.seed,
    better,
    verdict: decideVerdict(mannWhitney, median, sortedA.length, sortedB.length, alpha, better),
  };
}
