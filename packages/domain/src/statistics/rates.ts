import type { Better, Verdict } from './compare.js';
import { normalQuantile } from './normal.js';
import { wilsonInterval } from './wilson.js';

/** One side of a rate comparison. */
export interface RateSide {
  successes: number;
  n: number;
  /** successes / n, or null when n is 0. */
  rate: number | null;
  /** Wilson interval of the rate at the comparison's confidence. */
  ci_lower: number;
  ci_upper: number;
}

/** The result of {@link compareRates}; field names are the wire names. */
export interface RateComparison {
  a: RateSide;
  b: RateSide;
  /** rate(b) - rate(a), or null when either side has no trials. */
  difference: number | null;
  /** Newcombe's hybrid score interval of the difference; null when either side has no trials. */
  ci_lower: number | null;
  ci_upper: number | null;
  alpha: number;
  confidence: number;
  better: Better;
  verdict: Verdict;
}

/** Options of {@link compareRates}. */
export interface CompareRatesOptions {
  /** Significance level (default 0.05); the intervals are at 1 - alpha. */
  alpha?: number;
  /** Which direction is an improvement (default `'higher'`, for success rates). */
  better?: Better;
}

/**
 * Compares the proportion successesB / nB against successesA / nA.
 *
 * The interval of the difference is Newcombe's hybrid score interval ("method 10" of Newcombe,
 * Statistics in Medicine 1998), built from the two Wilson intervals: with d = pB - pA,
 *   lower = d - sqrt((pB - lB)^2 + (uA - pA)^2),  upper = d + sqrt((uB - pB)^2 + (pA - lA)^2).
 * Unlike the Wald interval it behaves at rates of 0 or 1 and at small n.
 *
 * Verdict: significant when the interval excludes 0; with `better: 'higher'` (default) an
 * interval above 0 is `'improved'` and one below 0 `'regressed'`.
 *
 * @example
 * ```ts
 * // Newcombe's example (a): 56/70 vs 48/80, reversed here so that b is the better side.
 * const r = compareRates(48, 80, 56, 70);
 * r.difference; // 0.2
 * [r.ci_lower, r.ci_upper]; // [0.0524, 0.3339] (rounded, as in the paper)
 * r.verdict; // 'improved'
 * ```
 */
export function compareRates(
  successesA: number,
  nA: number,
  successesB: number,
  nB: number,
  options: CompareRatesOptions = {},
): RateComparison {
  const { alpha = 0.05, better = 'higher' } = options;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const z = normalQuantile(1 - alpha / 2);
  const intervalA = wilsonInterval(successesA, nA, z);
  const intervalB = wilsonInterval(successesB, nB, z);
  const side = (successes: number, n: number, interval: typeof intervalA): RateSide => ({
    successes,
    n,
    rate: interval.estimate,
    ci_lower: interval.lower,
    ci_upper: interval.upper,
  });
  const result: RateComparison = {
    a: side(successesA, nA, intervalA),
    b: side(successesB, nB, intervalB),
    difference: null,
    ci_lower: null,
    ci_upper: null,
    alpha,
    confidence: 1 - alpha,
    better,
    verdict: 'no_significant_change',
  };
  if (intervalA.estimate === null || intervalB.estimate === null) return result;

  const pA = intervalA.estimate;
  const pB = intervalB.estimate;
  const d = pB - pA;
  const lower = d - Math.hypot(pB - intervalB.lower, intervalA.upper - pA);
  const upper = d + Math.hypot(intervalB.upper - pB, pA - intervalA.lower);
  result.difference = d;
  result.ci_lower = lower;
  result.ci_upper = upper;
  if (lower > 0) result.verdict = better === 'higher' ? 'improved' : 'regressed';
  else if (upper < 0) result.verdict = better === 'higher' ? 'regressed' : 'improved';
  return result;
}
