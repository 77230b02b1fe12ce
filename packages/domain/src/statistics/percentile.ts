/**
 * Percentiles by linear interpolation between closest ranks: Hyndman & Fan's definition 7,
 * the default of numpy (`method="linear"`), PostgreSQL's `percentile_cont`, and Excel's
 * PERCENTILE.INC. Chosen because the databases and the tools we compare with (vLLM and
 * GuideLLM use numpy) compute exactly this, so a figure recomputed in SQL matches ours.
 */

/**
 * The `q`-quantile (0 <= q <= 1) of samples that are already sorted ascending.
 * With n samples the rank is h = (n - 1) * q; the result interpolates between the samples
 * at floor(h) and floor(h) + 1. Returns null for no samples.
 *
 * @example
 * percentileOfSorted([1, 2, 3, 4], 0.5); // 2.5
 * percentileOfSorted([10, 20], 0.9); // 19
 */
export function percentileOfSorted(sorted: readonly number[], q: number): number | null {
  assertQuantile(q);
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const lower = sorted[lo] as number;
  if (lo + 1 >= n) return lower;
  const upper = sorted[lo + 1] as number;
  return lower + (h - lo) * (upper - lower);
}

/**
 * The `q`-quantile (0 <= q <= 1) of unsorted samples; see {@link percentileOfSorted}.
 * Non-finite samples are rejected rather than silently skewing the figure.
 *
 * @example
 * percentile([4, 1, 3, 2], 0.99); // 3.97
 */
export function percentile(samples: readonly number[], q: number): number | null {
  return percentileOfSorted(sortedCopy(samples), q);
}

/** Up to this many samples are sorted in place of a copy, without a typed-array round trip. */
const SMALL_SORT = 16;

/** A sorted copy; throws on NaN or infinities, which no timing can legitimately be. */
export function sortedCopy(samples: readonly number[]): number[] {
  for (const value of samples) {
    if (!Number.isFinite(value)) throw new RangeError(`sample ${value} is not a finite number`);
  }
  // One run's inter-token gaps are a handful of numbers: an insertion sort of a plain copy
  // is several times cheaper than the typed-array round trip below, with the same order.
  if (samples.length <= SMALL_SORT) return insertionSorted(samples);
  // A typed array sorts numerically (Array#sort would compare as strings).
  return Array.from(Float64Array.from(samples).sort());
}

/** Ascending copy, -0 before +0 like a typed array's sort. */
function insertionSorted(samples: readonly number[]): number[] {
  const out = samples.slice();
  for (let i = 1; i < out.length; i++) {
    const value = out[i] as number;
    let j = i - 1;
    while (j >= 0 && precedes(value, out[j] as number)) {
      out[j + 1] = out[j] as number;
      j--;
    }
    out[j + 1] = value;
  }
  return out;
}

function precedes(a: number, b: number): boolean {
  return a < b || (a === 0 && b === 0 && Object.is(a, -0) && !Object.is(b, -0));
}

function assertQuantile(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
}
