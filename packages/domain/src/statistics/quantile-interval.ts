import { normalQuantile } from './normal.js';

/** A quantile's two-sided confidence interval; a bound is null when the sample is too small to give it. */
export interface QuantileInterval {
  lower: number | null;
  upper: number | null;
  confidence: number;
}

/**
 * A distribution-free confidence interval for the `q`-quantile of a sorted sample: the order
 * statistics whose ranks bracket n·q by z·√(n·q·(1−q)) (the normal approximation of the
 * binomial count of values below the true quantile). It assumes nothing of the latencies'
 * shape, which is skewed and often multi-modal. A bound whose rank falls outside the sample
 * is null: with 20 runs the p95's upper bound lies beyond the largest run, and saying so is
 * more honest than clamping it to the maximum.
 *
 * @example
 * quantileInterval([...Array(100).keys()], 0.5); // { lower: 39, upper: 60, confidence: 0.95 }
 */
export function quantileInterval(sorted: readonly number[], q: number, confidence = 0.95): QuantileInterval {
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), got ${q}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const n = sorted.length;
  const z = normalQuantile((1 + confidence) / 2);
  const spread = z * Math.sqrt(n * q * (1 - q));
  // 1-based ranks, widened outwards so the coverage is at least the one asked for.
  const lowerRank = Math.floor(n * q - spread);
  const upperRank = Math.ceil(n * q + spread) + 1;
  return {
    lower: lowerRank >= 1 && lowerRank <= n ? (sorted[lowerRank - 1] as number) : null,
    upper: upperRank >= 1 && upperRank <= n ? (sorted[upperRank - 1] as number) : null,
    confidence,
  };
}
