import { percentileOfSorted } from './percentile.js';

/** Spacing of bin edges: equal widths, or equal ratios (for skewed positive data). */
export type HistogramScale = 'log' | 'linear';

/** One bin: values v with lower <= v < upper; the last bin also holds v === upper. */
export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** A number of bins, or `'auto'` (default) for Freedman-Diaconis with rounded edges. */
  bins?: number | 'auto';
  /** Edge spacing; by default chosen by {@link chooseHistogramScale}. */
  scale?: HistogramScale;
  /** Lowest value to include; values below are left out. Defaults to the smallest value. */
  min?: number;
  /** Highest value to include; values above are left out. Defaults to the largest value. */
  max?: number;
}

/** Automatic scale: log when all values are positive and span at least this ratio. */
export const AUTO_LOG_SPAN_RATIO = 10;
/** Upper bound on the number of automatic bins, so a chart stays readable. */
export const MAX_AUTO_BINS = 200;
/** Upper bound on an explicit number of bins. */
export const MAX_BINS = 10_000;

/** Rounds away float dust such as 0.30000000000000004 in computed edges. */
function clean(x: number): number {
  return Number.parseFloat(x.toPrecision(12));
}

/**
 * The scale {@link histogram} uses when none is given: `'log'` for positive values spanning at
 * least a factor {@link AUTO_LOG_SPAN_RATIO} (the shape of latencies: a long right tail),
 * `'linear'` otherwise.
 *
 * @example
 * ```ts
 * chooseHistogramScale([120, 300, 4500]); // 'log'
 * chooseHistogramScale([0, 1, 2]); // 'linear'
 * ```
 */
export function chooseHistogramScale(values: readonly number[]): HistogramScale {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo > 0 && hi / lo >= AUTO_LOG_SPAN_RATIO ? 'log' : 'linear';
}

/** Freedman-Diaconis bin width 2 * IQR / n^(1/3), or null when the IQR is 0. */
function freedmanDiaconisWidth(sorted: readonly number[]): number | null {
  const q1 = percentileOfSorted(sorted, 0.25) as number;
  const q3 = percentileOfSorted(sorted, 0.75) as number;
  const iqr = q3 - q1;
  return iqr > 0 ? (2 * iqr) / Math.cbrt(sorted.length) : null;
}

/** A bin width for `sorted` spanning `range`: Freedman-Diaconis, else the square-root rule. */
function automaticWidth(sorted: readonly number[], range: number): number {
  const fd = freedmanDiaconisWidth(sorted);
  const width = fd ?? range / Math.ceil(Math.sqrt(sorted.length));
  // Never more than MAX_AUTO_BINS bins, never fewer than one.
  return Math.min(range, Math.max(width, range / MAX_AUTO_BINS));
}

/** The 1, 2 or 5 times a power of ten closest (in ratio) to `width`. */
function niceStep(width: number): number {
  const power = 10 ** Math.floor(Math.log10(width));
  const mantissa = width / power;
  const nice = mantissa < Math.SQRT2 ? 1 : mantissa < Math.sqrt(10) ? 2 : mantissa < Math.sqrt(50) ? 5 : 10;
  return nice * power;
}

function equalEdges(lo: number, hi: number, count: number, spacing: HistogramScale): number[] {
  const edges: number[] = [lo];
  // Log edges interpolate the logarithms: hi / lo itself can overflow for tiny lo.
  const logLo = Math.log(lo);
  const logHi = Math.log(hi);
  for (let i = 1; i < count; i++) {
    const t = i / count;
    // lo * (1 - t) + hi * t cannot overflow where hi - lo would (a range wider than 1.8e308).
    const edge = clean(spacing === 'linear' ? lo * (1 - t) + hi * t : Math.exp(logLo + (logHi - logLo) * t));
    // Near the smallest doubles (subnormals) rounding can step an edge back below the one
    // before it; edges must never decrease, even if a bin is left empty and zero-wide.
    edges.push(Math.min(hi, Math.max(edges[i - 1] as number, edge)));
  }
  edges.push(hi);
  return edges;
}

/**
 * Linear edges on multiples of a 1-2-5 step, covering [lo, hi]; null when the values are too
 * close together for that (a range below about 1e-12 of their magnitude, where multiples of the
 * step are no longer representable).
 */
function niceLinearEdges(sorted: readonly number[], lo: number, hi: number): number[] | null {
  let step = niceStep(automaticWidth(sorted, hi - lo));
  while ((hi - lo) / step > MAX_AUTO_BINS) step = niceStep(step * 2.5);
  const first = Math.floor(lo / step);
  const count = Math.max(1, Math.ceil(hi / step) - first);
  // Bounded by bin count, not by edge value: first + j can stop changing above 2^53.
  if (!(count <= MAX_AUTO_BINS + 1)) return null;
  const edges: number[] = [];
  for (let j = 0; j <= count; j++) edges.push(clean((first + j) * step));
  const ascending = edges.every((edge, j) => j === 0 || edge > (edges[j - 1] as number));
  return ascending && (edges[0] as number) <= lo && (edges[count] as number) >= hi ? edges : null;
}

/**
 * Log edges at 10^(j/m): m bins per decade, so decade boundaries (1, 10, 100 ms, ...) are
 * always edges. m comes from Freedman-Diaconis on log10 of the values.
 */
function niceLogEdges(sortedPositive: readonly number[], lo: number, hi: number): number[] {
  const logs = sortedPositive.map(Math.log10);
  const logLo = Math.log10(lo);
  const logHi = Math.log10(hi);
  const width = automaticWidth(logs, logHi - logLo);
  let perDecade = Math.max(1, Math.round(1 / width));
  const span = (m: number) => Math.ceil(logHi * m - 1e-9) - Math.floor(logLo * m + 1e-9);
  while (perDecade > 1 && span(perDecade) > MAX_AUTO_BINS) perDecade--;
  const first = Math.floor(logLo * perDecade + 1e-9);
  let last = Math.ceil(logHi * perDecade - 1e-9);
  if (last === first) last = first + 1;
  const edges: number[] = [];
  for (let j = first; j <= last; j++) edges.push(clean(10 ** (j / perDecade)));
  // Float rounding of the outer edges must never leave a value outside the bins. Among the
  // smallest doubles 10^(j/m) underflows to 0, which is no positive edge: lo takes its place,
  // and the edges after it never step back.
  const firstEdge = edges[0] as number;
  edges[0] = firstEdge > 0 ? Math.min(firstEdge, lo) : lo;
  for (let j = 1; j < edges.length; j++) edges[j] = Math.max(edges[j] as number, edges[j - 1] as number);
  edges[edges.length - 1] = Math.max(edges[edges.length - 1] as number, hi);
  return edges;
}

function linearEdges(
  sorted: readonly number[],
  lo: number,
  hi: number,
  bins: number | 'auto',
  rangeGiven: boolean,
): number[] {
  if (bins !== 'auto') return equalEdges(lo, hi, bins, 'linear');
  const range = hi - lo;
  const squareRootRule = () =>
    equalEdges(lo, hi, Math.min(MAX_AUTO_BINS, Math.ceil(Math.sqrt(sorted.length))), 'linear');
  // Only a range wider than the largest double overflows; binning it finely means nothing.
  if (!Number.isFinite(range)) return squareRootRule();
  if (rangeGiven)
    return equalEdges(lo, hi, Math.max(1, Math.round(range / automaticWidth(sorted, range))), 'linear');
  return niceLinearEdges(sorted, lo, hi) ?? squareRootRule();
}

/** Counts `sorted` (ascending) into the bins given by `edges`; the last bin is closed. */
function countIntoBins(sorted: readonly number[], edges: readonly number[]): HistogramBin[] {
  const bins: HistogramBin[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    bins.push({ lower: edges[i] as number, upper: edges[i + 1] as number, count: 0 });
  }
  let bin = 0;
  for (const v of sorted) {
    while (bin < bins.length - 1 && v >= (bins[bin] as HistogramBin).upper) bin++;
    (bins[bin] as HistogramBin).count++;
  }
  return bins;
}

function validateBins(bins: number | 'auto'): void {
  if (bins === 'auto') return;
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS) {
    throw new RangeError(`bins must be 'auto' or a whole number from 1 to ${MAX_BINS}, got ${bins}`);
  }
}

/**
 * Bins `values` for a distribution chart.
 *
 * - Non-finite values, and values outside [`min`, `max`] when given, are left out.
 * - `bins: 'auto'` on a linear scale uses the Freedman-Diaconis width (the square-root rule when
 *   the interquartile range is 0) rounded to 1, 2 or 5 times a power of ten, with edges on
 *   multiples of it; on a log scale, m bins per decade with edges at 10^(j/m), m again from
 *   Freedman-Diaconis on the logarithms. At most {@link MAX_AUTO_BINS} bins. When `min` or `max`
 *   is given the edges start and end exactly there instead.
 * - `bins: k` gives exactly k equal-width (linear) or equal-ratio (log) bins over the range.
 * - On a log scale, values <= 0 (which have no logarithm) are counted in one extra leading bin
 *   from the smallest of them up to the first positive edge; with no positive value at all the
 *   scale falls back to linear.
 * - No values give `[]`; values that are all equal give one bin `{ lower: v, upper: v }`.
 *
 * @example
 * ```ts
 * histogram([1, 2, 2, 3, 9], { bins: 4, scale: 'linear' });
 * // [{ lower: 1, upper: 3, count: 3 }, { lower: 3, upper: 5, count: 1 },
 * //  { lower: 5, upper: 7, count: 0 }, { lower: 7, upper: 9, count: 1 }]
 * histogram(latenciesMs); // log-spaced bins such as [1000, 1258.93), [1258.93, 1584.89), ...
 * ```
 */
export function histogram(values: readonly number[], options: HistogramOptions = {}): HistogramBin[] {
  const { bins = 'auto', min, max } = options;
  validateBins(bins);
  if (min !== undefined && max !== undefined && min > max) {
    throw new RangeError(`min (${min}) must not exceed max (${max})`);
  }
  const kept = Float64Array.from(
    values.filter(
      (v) => Number.isFinite(v) && (min === undefined || v >= min) && (max === undefined || v <= max),
    ),
  ).sort();
  const sorted = Array.from(kept);
  if (sorted.length === 0) return [];
  const lo = min ?? (sorted[0] as number);
  const hi = max ?? (sorted[sorted.length - 1] as number);
  if (lo === hi) return [{ lower: lo, upper: hi, count: sorted.length }];

  const positive = sorted.filter((v) => v > 0);
  let scale = options.scale ?? chooseHistogramScale(sorted);
  if (scale === 'log' && positive.length === 0) scale = 'linear';

  if (scale === 'linear') {
    return countIntoBins(sorted, linearEdges(sorted, lo, hi, bins, min !== undefined || max !== undefined));
  }

  const logLo = lo > 0 ? lo : (positive[0] as number);
  let edges: number[];
  if (logLo === hi) {
    edges = [hi, hi];
  } else if (bins !== 'auto') {
    edges = equalEdges(logLo, hi, bins, 'log');
  } else if (min !== undefined || max !== undefined) {
    const logs = positive.map(Math.log10);
    const logRange = Math.log10(hi) - Math.log10(logLo);
    edges = equalEdges(logLo, hi, Math.max(1, Math.round(logRange / automaticWidth(logs, logRange))), 'log');
  } else {
    edges = niceLogEdges(positive, logLo, hi);
  }
  const nonPositive = sorted.length - positive.length;
  const binsOfPositive = countIntoBins(positive, edges);
  if (nonPositive === 0 && lo > 0) return binsOfPositive;
  return [{ lower: lo, upper: edges[0] as number, count: nonPositive }, ...binsOfPositive];
}
