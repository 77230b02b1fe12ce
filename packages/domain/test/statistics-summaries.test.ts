import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interTokenGaps, interTokenStats } from '../src/measurement/index.js';
import {
  percentile,
  percentileOfSorted,
  sortedCopy,
  summarize,
  wilsonInterval,
} from '../src/statistics/index.js';

describe('percentile (linear interpolation, numpy "linear" = percentile_cont)', () => {
  it('gives the textbook answers', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(percentile([1, 2, 3, 4], 0.99)).toBeCloseTo(3.97, 12);
    // Wikipedia's worked example for the C = 1 variant.
    expect(percentile([15, 20, 35, 40, 50], 0.4)).toBeCloseTo(29, 12);
    expect(percentile([50, 40, 35, 20, 15], 0)).toBe(15);
    expect(percentile([50, 40, 35, 20, 15], 1)).toBe(50);
  });

  it('matches numpy.percentile on an unsorted sample with ties', () => {
    // np.percentile(x, [50, 90, 95, 99], method='linear') with numpy 2.4
    const x = [3.2, 0.5, 11, 7.25, 7.25, 100, 42, 0.001, 19.5, 8];
    expect(percentile(x, 0.5)).toBeCloseTo(7.625, 10);
    expect(percentile(x, 0.9)).toBeCloseTo(47.8, 10);
    expect(percentile(x, 0.95)).toBeCloseTo(73.9, 10);
    expect(percentile(x, 0.99)).toBeCloseTo(94.78, 10);
  });

  it('handles the empty and single-sample cases', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.99)).toBe(7);
  });

  it('rejects quantiles outside [0, 1] and non-finite samples', () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], -0.1)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 0.5)).toThrow(/not a finite number/);
  });

  it('stays within [min, max] and never decreases as q grows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (samples, a, b) => {
          const sorted = [...samples].sort((x, y) => x - y);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const pLo = percentileOfSorted(sorted, lo) as number;
          const pHi = percentileOfSorted(sorted, hi) as number;
          expect(pLo).toBeGreaterThanOrEqual(sorted[0] as number);
          expect(pHi).toBeLessThanOrEqual(sorted[sorted.length - 1] as number);
          expect(pHi).toBeGreaterThanOrEqual(pLo - 1e-9);
        },
      ),
    );
  });
});

describe('sortedCopy', () => {
  it('orders exactly as a typed-array sort, for few samples and for many, -0 before 0', () => {
    const sample = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 1, -1),
    );
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 40 }), (samples) => {
        const copy = sortedCopy(samples);
        expect(copy).toEqual(Array.from(Float64Array.from(samples).sort()));
        expect(copy).not.toBe(samples);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a sample that is not finite', () => {
    expect(() => sortedCopy([1, Number.NaN])).toThrow(RangeError);
    expect(() => sortedCopy([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('computes count, min, mean, percentiles, max and the population stddev', () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s).toMatchObject({ count: 8, min: 2, mean: 5, max: 9, stddev: 2 });
    expect(s.p50).toBe(4.5);
  });

  it('matches numpy on the reference sample', () => {
    const s = summarize([3.2, 0.5, 11, 7.25, 7.25, 100, 42, 0.001, 19.5, 8]);
    expect(s.mean).toBeCloseTo(19.8701, 10);
    expect(s.stddev).toBeCloseTo(29.149024444910673, 10);
  });

  it('gives nulls for no samples and stddev 0 for one', () => {
    expect(summarize([])).toEqual({
      count: 0,
      min: null,
      mean: null,
      p50: null,
      p90: null,
      p95: null,
      p99: null,
      max: null,
      stddev: null,
    });
    expect(summarize([12.5])).toMatchObject({ count: 1, min: 12.5, p99: 12.5, max: 12.5, stddev: 0 });
  });

  it('keeps the mean exact for large offsets with a tiny spread', () => {
    const s = summarize([1e9 + 0.001, 1e9 + 0.002, 1e9 + 0.003]);
    expect((s.mean as number) - 1e9).toBeCloseTo(0.002, 6);
    expect(s.stddev as number).toBeCloseTo(Math.sqrt(2 / 3) * 0.001, 6);
  });
});

describe('inter-token gaps', () => {
  it('takes consecutive progress gaps plus the last progress -> complete gap', () => {
    expect(interTokenGaps([100, 250, 400], 1000)).toEqual([150, 150, 600]);
    const stats = interTokenStats([100, 250, 400], 1000);
    expect(stats).toMatchObject({ count: 3, min: 150, max: 600, p50: 150, mean: 300 });
  });

  it('has no gaps without progress events, and one gap for a single progress event', () => {
    expect(interTokenGaps([], 500)).toEqual([]);
    expect(interTokenStats([], 500).count).toBe(0);
    expect(interTokenStats([], 500).p50).toBeNull();
    expect(interTokenGaps([120], 500)).toEqual([380]);
  });

  it('drops the final gap when no completion arrived (timeout, broken stream)', () => {
    expect(interTokenGaps([100, 300], null)).toEqual([200]);
    expect(interTokenGaps([100], null)).toEqual([]);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook values', () => {
    const i = wilsonInterval(8, 10);
    expect(i.estimate).toBe(0.8);
    expect(i.lower).toBeCloseTo(0.490157, 6);
    expect(i.upper).toBeCloseTo(0.943319, 6);
    const half = wilsonInterval(50, 100);
    expect(half.lower).toBeCloseTo(0.40383, 5);
    expect(half.upper).toBeCloseTo(0.59617, 5);
  });

  it('stays inside [0, 1] at the edges', () => {
    expect(wilsonInterval(0, 10)).toEqual({ estimate: 0, lower: 0, upper: expect.closeTo(0.27754, 5) });
    expect(wilsonInterval(10, 10)).toEqual({ estimate: 1, lower: expect.closeTo(0.72246, 5), upper: 1 });
    expect(wilsonInterval(0, 0)).toEqual({ estimate: null, lower: 0, upper: 1 });
  });

  it('narrows with a smaller z and rejects impossible counts', () => {
    const wide = wilsonInterval(30, 60, 2.576);
    const narrow = wilsonInterval(30, 60, 1.645);
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, 0)).toThrow(RangeError);
  });
});
