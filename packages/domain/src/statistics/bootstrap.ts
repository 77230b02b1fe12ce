import type { SeededRandom } from './random.js';

/**
 * Percentile-bootstrap machinery for differences of quantiles between two samples.
 *
 * A resample of n values drawn with replacement from a sorted sample is fully described by how
 * many times each position was drawn. Counting the draws and walking the cumulative counts
 * yields any order statistic of the resample in O(n), without sorting it: the bootstrap costs
 * O(iterations * n) instead of O(iterations * n log n), which keeps a 2,000-iteration
 * comparison of two 10,000-run samples well under a second.
 */

/** Type-7 (linear interpolation) quantile of a sorted typed array; see metrics/percentile. */
export function quantileOfSortedArray(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const lower = sorted[lo] as number;
  if (lo + 1 >= sorted.length) return lower;
  return lower + (h - lo) * ((sorted[lo + 1] as number) - lower);
}

/** Quantiles of one resample, computed from draw counts; see the module comment. */
class ResampleQuantiles {
  private readonly counts: Uint32Array;
  private readonly draws: Uint32Array;
  /** 0-based ranks whose order statistics are needed, ascending and distinct. */
  private readonly ranks: number[];
  private readonly orderStatistics: Float64Array;

  constructor(
    private readonly sorted: Float64Array,
    private readonly quantiles: readonly number[],
  ) {
    const n = sorted.length;
    this.counts = new Uint32Array(n);
    this.draws = new Uint32Array(n);
    const needed = new Set<number>();
    for (const q of quantiles) {
      const h = (n - 1) * q;
      needed.add(Math.floor(h));
      needed.add(Math.min(n - 1, Math.floor(h) + 1));
    }
    this.ranks = [...needed].sort((x, y) => x - y);
    this.orderStatistics = new Float64Array(n);
  }

  /** Draws one resample and writes its quantiles, in the order given, into `out`. */
  draw(rng: SeededRandom, out: Float64Array): void {
    const { counts, draws, sorted, ranks, orderStatistics } = this;
    const n = sorted.length;
    counts.fill(0);
    rng.fillInts(draws, n);
    for (let i = 0; i < n; i++) {
      const position = draws[i] as number;
      counts[position] = (counts[position] as number) + 1;
    }
    let cumulative = 0;
    let position = 0;
    for (const rank of ranks) {
      // Advance to the first position whose cumulative count passes the rank.
      while (cumulative + (counts[position] as number) <= rank) {
        cumulative += counts[position] as number;
        position++;
      }
      orderStatistics[rank] = sorted[position] as number;
    }
    for (let k = 0; k < this.quantiles.length; k++) {
      const h = (n - 1) * (this.quantiles[k] as number);
      const lo = Math.floor(h);
      const lower = orderStatistics[lo] as number;
      out[k] = lo + 1 >= n ? lower : lower + (h - lo) * ((orderStatistics[lo + 1] as number) - lower);
    }
  }
}

/** A two-sided percentile-bootstrap confidence interval. */
export interface BootstrapInterval {
  lower: number;
  upper: number;
}

/**
 * Percentile-bootstrap confidence intervals of `quantile(b) - quantile(a)` for each requested
 * quantile. Both samples must be sorted ascending and non-empty. The draws come from `rng`, so
 * the same seed gives the same intervals.
 *
 * @example
 * ```ts
 * const [median] = bootstrapQuantileDifferences(sortedA, sortedB, [0.5], {
 *   iterations: 2000, confidence: 0.95, rng: createRandom(1),
 * });
 * ```
 */
export function bootstrapQuantileDifferences(
  sortedA: Float64Array,
  sortedB: Float64Array,
  quantiles: readonly number[],
  options: { iterations: number; confidence: number; rng: SeededRandom },
): BootstrapInterval[] {
  const { iterations, confidence, rng } = options;
  const resampleA = new ResampleQuantiles(sortedA, quantiles);
  const resampleB = new ResampleQuantiles(sortedB, quantiles);
  const fromA = new Float64Array(quantiles.length);
  const fromB = new Float64Array(quantiles.length);
  const differences = quantiles.map(() => new Float64Array(iterations));
  for (let i = 0; i < iterations; i++) {
    resampleA.draw(rng, fromA);
    resampleB.draw(rng, fromB);
    for (let k = 0; k < quantiles.length; k++) {
      (differences[k] as Float64Array)[i] = (fromB[k] as number) - (fromA[k] as number);
    }
  }
  const tail = (1 - confidence) / 2;
  return differences.map((values) => {
    values.sort();
    return { lower: quantileOfSortedArray(values, tail), upper: quantileOfSortedArray(values, 1 - tail) };
  });
}
