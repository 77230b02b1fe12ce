/**
 * DDSketch (Masson, Rim & Lee, VLDB 2019): a mergeable quantile sketch with a relative-error
 * guarantee. A positive value x falls in bucket i = ceil(log_gamma(x)), gamma = (1 + a) / (1 - a),
 * which covers (gamma^(i-1), gamma^i]; the bucket's representative 2 gamma^i / (gamma + 1) is
 * within a relative error a of every value in it. Buckets only count, so two sketches merge by
 * adding counts, and merging the sketches of parts gives exactly the sketch of the whole: the
 * property per-minute rollups need to answer "p95 over 30 days" from 43,200 rows.
 *
 * Latencies span few orders of magnitude, so the buckets stay few (1 ms .. 1 h at a = 0.005
 * is at most ~1,510 buckets) and no bucket collapsing is needed.
 */

/** Default relative accuracy: quantiles within 0.5% of the exact value. */
export const DEFAULT_RELATIVE_ACCURACY = 0.005;

/** Magnitudes at or below this count as zero (they have no useful logarithm bucket). */
export const MIN_INDEXABLE_VALUE = 1e-9;

/**
 * Stored form of a {@link DDSketch}: short keys because rollups keep one per row in jsonb.
 * Buckets are listed as parallel arrays: `i` holds the first bucket index, then the gap to the
 * previous index; `c` the counts. Only non-empty buckets are stored.
 */
export interface DDSketchJson {
  /** Format version, 1. */
  v: 1;
  /** Relative accuracy. */
  a: number;
  /** Number of values. */
  n: number;
  /** Sum of values (for the mean). */
  s: number;
  /** Smallest and largest value, null when empty. */
  min: number | null;
  max: number | null;
  /** Count of values whose magnitude is at most {@link MIN_INDEXABLE_VALUE}. */
  z: number;
  /** Buckets of positive values. */
  p: { i: number[]; c: number[] };
  /** Buckets of negative values, indexed by magnitude. */
  m: { i: number[]; c: number[] };
}

/** Counts per bucket index in a dense array that grows at either end. */
class BucketStore {
  private counts = new Float64Array(0);
  /** Bucket index of counts[0]. */
  private offset = 0;
  total = 0;

  add(index: number, count: number): void {
    this.ensure(index);
    const k = index - this.offset;
    this.counts[k] = (this.counts[k] as number) + count;
    this.total += count;
  }

  private ensure(index: number): void {
    if (this.counts.length === 0) {
      this.counts = new Float64Array(64);
      this.offset = index - 32;
      return;
    }
    const end = this.offset + this.counts.length;
    if (index >= this.offset && index < end) return;
    const newOffset = Math.min(this.offset, index - 32);
    const newEnd = Math.max(end, index + 33);
    // Grow geometrically so a stream of ever larger values costs amortized O(1) per add.
    const length = Math.max(newEnd - newOffset, this.counts.length * 2);
    const grown = new Float64Array(length);
    const shift = this.offset - (index < this.offset ? newEnd - length : newOffset);
    grown.set(this.counts, shift);
    this.offset -= shift;
    this.counts = grown;
  }

  /** Non-empty buckets in ascending index order. */
  *entries(): Generator<[index: number, count: number]> {
    for (let k = 0; k < this.counts.length; k++) {
      const count = this.counts[k] as number;
      if (count > 0) yield [this.offset + k, count];
    }
  }

  /** Non-empty buckets in descending index order. */
  *entriesDescending(): Generator<[index: number, count: number]> {
    for (let k = this.counts.length - 1; k >= 0; k--) {
      const count = this.counts[k] as number;
      if (count > 0) yield [this.offset + k, count];
    }
  }

  /**
   * Index of the bucket holding the value of 0-based rank `rank` among this store's values,
   * ascending (or descending), or null when `rank` is not below the total. A plain loop over
   * the dense counts: quantiles of many sketches (a time series) call this in a hot path.
   */
  indexOfRank(rank: number, descending: boolean): number | null {
    let cumulative = 0;
    const counts = this.counts;
    if (descending) {
      for (let k = counts.length - 1; k >= 0; k--) {
        cumulative += counts[k] as number;
        if (cumulative > rank) return this.offset + k;
      }
    } else {
      for (let k = 0; k < counts.length; k++) {
        cumulative += counts[k] as number;
        if (cumulative > rank) return this.offset + k;
      }
    }
    return null;
  }

  // mergeFrom and toJson loop over the dense counts themselves rather than through entries():
  // the rollups merge and serialise sketches for every batch of finished runs, and a tuple per
  // bucket from a generator was a few per cent of everything a worker allocates.
  mergeFrom(other: BucketStore): void {
    const counts = other.counts;
    for (let k = 0; k < counts.length; k++) {
      const count = counts[k] as number;
      if (count > 0) this.add(other.offset + k, count);
    }
  }

  toJson(): { i: number[]; c: number[] } {
    const i: number[] = [];
    const c: number[] = [];
    let previous = 0;
    const counts = this.counts;
    for (let k = 0; k < counts.length; k++) {
      const count = counts[k] as number;
      if (count <= 0) continue;
      const index = this.offset + k;
      i.push(i.length === 0 ? index : index - previous);
      c.push(count);
      previous = index;
    }
    return { i, c };
  }

  static fromJson(json: { i: number[]; c: number[] }): BucketStore {
    const store = new BucketStore();
    let index = 0;
    json.i.forEach((step, k) => {
      index = k === 0 ? step : index + step;
      store.add(index, json.c[k] as number);
    });
    return store;
  }
}

/** Options of {@link DDSketch}. */
export interface DDSketchOptions {
  /** Relative accuracy a in (0, 1), default {@link DEFAULT_RELATIVE_ACCURACY}. */
  relativeAccuracy?: number;
}

/**
 * A mergeable quantile sketch: every quantile it returns is within a relative error
 * `relativeAccuracy` of the exact quantile (linear interpolation between closest ranks, the
 * definition of metrics/percentile), whatever the distribution, and `merge` is exact.
 *
 * @example
 * ```ts
 * const minute1 = new DDSketch().add(812).add(1430).add(995);
 * const minute2 = new DDSketch().add(2210);
 * const hour = DDSketch.fromJSON(JSON.parse(JSON.stringify(minute1))).merge(minute2);
 * hour.count; // 4
 * hour.quantile(0.5); // ~1212.5, within 0.5% of the exact median
 * ```
 */
export class DDSketch {
  readonly relativeAccuracy: number;
  private readonly gamma: number;
  private readonly inverseLogGamma: number;
  private positive = new BucketStore();
  private negative = new BucketStore();
  private zeroCount = 0;
  private total = 0;
  private sumOfValues = 0;
  private minimum = Number.POSITIVE_INFINITY;
  private maximum = Number.NEGATIVE_INFINITY;

  constructor(options: DDSketchOptions = {}) {
    const { relativeAccuracy = DEFAULT_RELATIVE_ACCURACY } = options;
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new RangeError(`relativeAccuracy must be in (0, 1), got ${relativeAccuracy}`);
    }
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.inverseLogGamma = 1 / Math.log(this.gamma);
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** Sum of the values added (exact up to floating-point rounding). */
  get sum(): number {
    return this.sumOfValues;
  }

  /** Smallest value added (exact), null when empty. */
  get min(): number | null {
    return this.total === 0 ? null : this.minimum;
  }

  /** Largest value added (exact), null when empty. */
  get max(): number | null {
    return this.total === 0 ? null : this.maximum;
  }

  /** Mean of the values added, null when empty. */
  get mean(): number | null {
    return this.total === 0 ? null : this.sumOfValues / this.total;
  }

  private index(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) * this.inverseLogGamma);
  }

  private representative(index: number): number {
    return (2 * this.gamma ** index) / (this.gamma + 1);
  }

  /**
   * Adds `value`, `count` times (a positive whole number, default 1). Throws a RangeError for
   * NaN or infinite values.
   */
  add(value: number, count = 1): this {
    if (!Number.isFinite(value)) throw new RangeError(`cannot add ${value} to a sketch`);
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`count must be a whole number >= 1, got ${count}`);
    if (value > MIN_INDEXABLE_VALUE) this.positive.add(this.index(value), count);
    else if (value < -MIN_INDEXABLE_VALUE) this.negative.add(this.index(-value), count);
    else this.zeroCount += count;
    this.total += count;
    this.sumOfValues += value * count;
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
    return this;
  }

  /** Adds every value of `other` to this sketch. Both must have the same relative accuracy. */
  merge(other: DDSketch): this {
    if (other.relativeAccuracy !== this.relativeAccuracy) {
      throw new RangeError(
        `cannot merge sketches of relative accuracy ${other.relativeAccuracy} and ${this.relativeAccuracy}`,
      );
    }
    this.positive.mergeFrom(other.positive);
    this.negative.mergeFrom(other.negative);
    this.zeroCount += other.zeroCount;
    this.total += other.total;
    this.sumOfValues += other.sumOfValues;
    this.minimum = Math.min(this.minimum, other.minimum);
    this.maximum = Math.max(this.maximum, other.maximum);
    return this;
  }

  /** Estimate of the value of 0-based rank `rank` in sorted order. */
  private valueAtRank(rank: number): number {
    const negative = this.negative.indexOfRank(rank, true);
    if (negative !== null) return -this.representative(negative);
    let rest = rank - this.negative.total;
    if (rest < this.zeroCount) return 0;
    rest -= this.zeroCount;
    const positive = this.positive.indexOfRank(rest, false);
    return positive === null ? this.maximum : this.representative(positive);
  }

  /**
   * The `q`-quantile (0 <= q <= 1), or null when empty. Like the exact definition it interpolates
   * linearly between the values of rank floor(h) and floor(h) + 1, h = (count - 1) q; each is
   * estimated within the relative accuracy, and the result is clamped to [min, max], so q = 0
   * and q = 1 give the exact extremes.
   */
  quantile(q: number): number | null {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
    if (this.total === 0) return null;
    const h = (this.total - 1) * q;
    const lo = Math.floor(h);
    const lower = this.valueAtRank(lo);
    const upper = lo + 1 < this.total ? this.valueAtRank(lo + 1) : lower;
    const estimate = lower + (h - lo) * (upper - lower);
    return Math.min(this.maximum, Math.max(this.minimum, estimate));
  }

  /** The stored form; see {@link DDSketchJson}. `JSON.stringify(sketch)` uses it. */
  toJSON(): DDSketchJson {
    return {
      v: 1,
      a: this.relativeAccuracy,
      n: this.total,
      s: this.sumOfValues,
      min: this.min,
      max: this.max,
      z: this.zeroCount,
      p: this.positive.toJson(),
      m: this.negative.toJson(),
    };
  }

  /**
   * Rebuilds a sketch from its stored form (as returned by `toJSON`, possibly after a round trip
   * through jsonb). Throws a TypeError when `json` is not a valid stored sketch.
   */
  static fromJSON(json: unknown): DDSketch {
    const data = validateJson(json);
    const sketch = new DDSketch({ relativeAccuracy: data.a });
    sketch.positive = BucketStore.fromJson(data.p);
    sketch.negative = BucketStore.fromJson(data.m);
    sketch.zeroCount = data.z;
    sketch.total = data.n;
    sketch.sumOfValues = data.s;
    if (data.n > 0) {
      sketch.minimum = data.min as number;
      sketch.maximum = data.max as number;
    }
    return sketch;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isBuckets(value: unknown): value is { i: number[]; c: number[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { i, c } = value as { i?: unknown; c?: unknown };
  return (
    Array.isArray(i) &&
    Array.isArray(c) &&
    i.length === c.length &&
    i.every((step, k) => Number.isInteger(step) && (k === 0 || step > 0)) &&
    c.every((count) => isCount(count) && count > 0)
  );
}

function validateJson(json: unknown): DDSketchJson {
  const invalid = (why: string) => new TypeError(`not a stored DDSketch: ${why}`);
  if (typeof json !== 'object' || json === null) throw invalid('expected an object');
  const data = json as Partial<Record<keyof DDSketchJson, unknown>>;
  if (data.v !== 1) throw invalid(`unsupported version ${String(data.v)}`);
  if (typeof data.a !== 'number' || !(data.a > 0 && data.a < 1)) throw invalid('bad relative accuracy "a"');
  if (!isCount(data.n) || !isCount(data.z)) throw invalid('bad counts "n" or "z"');
  if (typeof data.s !== 'number' || !Number.isFinite(data.s)) throw invalid('bad sum "s"');
  if (!isBuckets(data.p) || !isBuckets(data.m)) throw invalid('bad buckets "p" or "m"');
  const bucketTotal = [...data.p.c, ...data.m.c].reduce((sum, count) => sum + count, data.z);
  if (bucketTotal !== data.n) throw invalid(`bucket counts add up to ${bucketTotal}, not n = ${data.n}`);
  if (data.n > 0 && (typeof data.min !== 'number' || typeof data.max !== 'number' || data.min > data.max)) {
    throw invalid('bad "min" or "max"');
  }
  return data as DDSketchJson;
}
