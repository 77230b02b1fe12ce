import { normalSf } from './normal.js';

/** How the p-value of {@link mannWhitneyU} is computed. */
export type MannWhitneyMethod = 'exact' | 'asymptotic';

/** Result of a two-sided Mann-Whitney U test of sample `a` against sample `b`. */
export interface MannWhitneyResult {
  /** U of sample a: the number of (a, b) pairs with a > b, ties counting one half. */
  u_a: number;
  /** U of sample b, `n_a * n_b - u_a`. Above `n_a * n_b / 2` means b tends to be larger. */
  u_b: number;
  /**
   * The standardized statistic of b, after tie and continuity corrections: positive when b
   * tends to be larger. Null for the exact method.
   */
  z: number | null;
  /** Two-sided p-value in [0, 1]. */
  p_value: number;
  method: MannWhitneyMethod;
}

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /**
   * `'auto'` (default) uses the exact null distribution when there are no ties and both samples
   * have at most {@link EXACT_MAX_SAMPLE_SIZE} values, else the normal approximation.
   * `'exact'` with ties throws, because the exact distribution assumes distinct values.
   */
  method?: MannWhitneyMethod | 'auto';
  /** Apply the continuity correction of 1/2 in the normal approximation (default true). */
  continuity?: boolean;
}

/** Largest sample size for which `'auto'` picks the exact distribution. */
export const EXACT_MAX_SAMPLE_SIZE = 20;

interface RankSums {
  rankSumA: number;
  /** Sum over groups of tied values of (t^3 - t), for the variance correction. */
  tieTerm: number;
}

function rankSums(a: readonly number[], b: readonly number[]): RankSums {
  const nA = a.length;
  const total = nA + b.length;
  const values = new Float64Array(total);
  values.set(a);
  values.set(b, nA);
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((i, j) => (values[i] as number) - (values[j] as number));

  let rankSumA = 0;
  let tieTerm = 0;
  let start = 0;
  while (start < total) {
    const value = values[order[start] as number] as number;
    let end = start + 1;
    while (end < total && values[order[end] as number] === value) end++;
    // Positions start..end-1 share the mid-rank of ranks start+1..end (1-based).
    const midRank = (start + 1 + end) / 2;
    const tied = end - start;
    if (tied > 1) tieTerm += tied * tied * tied - tied;
    for (let k = start; k < end; k++) {
      if ((order[k] as number) < nA) rankSumA += midRank;
    }
    start = end;
  }
  return { rankSumA, tieTerm };
}

/**
 * Number of the C(m+n, m) arrangements of m a-values and n b-values giving each U of a, i.e.
 * the coefficients of the Gaussian binomial [m+n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i).
 * Every intermediate polynomial has integer coefficients far below 2^53 for the sizes allowed.
 */
function exactUCounts(m: number, n: number): Float64Array {
  const degree = m * n;
  const counts = new Float64Array(degree + 1);
  counts[0] = 1;
  for (let i = 1; i <= m; i++) {
    const shift = n + i;
    for (let k = degree; k >= shift; k--) counts[k] = (counts[k] as number) - (counts[k - shift] as number);
    for (let k = i; k <= degree; k++) counts[k] = (counts[k] as number) + (counts[k - i] as number);
  }
  return counts;
}

function exactTwoSidedP(uMax: number, m: number, n: number): number {
  const counts = exactUCounts(m, n);
  let total = 0;
  let atLeast = 0;
  for (let u = 0; u < counts.length; u++) {
    const c = counts[u] as number;
    total += c;
    if (u >= uMax) atLeast += c;
  }
  return Math.min(1, (2 * atLeast) / total);
}

/**
 * Two-sided Mann-Whitney U (Wilcoxon rank-sum) test: do the values of `a` and `b` come from
 * the same distribution? Ties get mid-ranks. The normal approximation corrects the variance
 * for ties and, by default, applies the continuity correction, exactly as SciPy's
 * `mannwhitneyu(a, b, method="asymptotic")`; the exact method matches `method="exact"`.
 *
 * With an empty sample, or when every value is equal, there is no evidence of a difference and
 * the p-value is 1.
 *
 * @example
 * ```ts
 * // SciPy's documented example (Conover):
 * mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
 * // { u_a: 17, u_b: 3, z: null, p_value: 0.1111..., method: 'exact' }
 * mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12], { method: 'asymptotic' }).p_value;
 * // 0.111346886533140...
 * ```
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const { method = 'auto', continuity = true } = options;
  for (const value of [...a, ...b]) {
    if (Number.isNaN(value)) throw new RangeError('mannWhitneyU: samples must not contain NaN');
  }
  const nA = a.length;
  const nB = b.length;
  const pairs = nA * nB;
  if (pairs === 0) {
    return { u_a: 0, u_b: 0, z: null, p_value: 1, method: method === 'exact' ? 'exact' : 'asymptotic' };
  }
  const { rankSumA, tieTerm } = rankSums(a, b);
  const uA = rankSumA - (nA * (nA + 1)) / 2;
  const uB = pairs - uA;

  const useExact =
    method === 'exact' ||
    (method === 'auto' && tieTerm === 0 && nA <= EXACT_MAX_SAMPLE_SIZE && nB <= EXACT_MAX_SAMPLE_SIZE);
  if (useExact) {
    if (tieTerm > 0) {
      throw new RangeError('mannWhitneyU: the exact method needs distinct values; use method "asymptotic"');
    }
    return { u_a: uA, u_b: uB, z: null, p_value: exactTwoSidedP(Math.max(uA, uB), nA, nB), method: 'exact' };
  }

  const total = nA + nB;
  const mean = pairs / 2;
  const variance = (pairs / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (!(variance > 0)) {
    return { u_a: uA, u_b: uB, z: 0, p_value: 1, method: 'asymptotic' };
  }
  const distance = Math.max(0, Math.abs(uB - mean) - (continuity ? 0.5 : 0));
  const z = (Math.sign(uB - mean) * distance) / Math.sqrt(variance);
  return {
    u_a: uA,
    u_b: uB,
    z,
    p_value: Math.min(1, 2 * normalSf(Math.abs(z))),
    method: 'asymptotic',
  };
}
