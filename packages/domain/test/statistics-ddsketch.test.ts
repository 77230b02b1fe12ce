import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, DDSketch, percentileOfSorted } from '../src/statistics/index.js';

const QUANTILES = [0.5, 0.95, 0.99];

function lognormalValues(seed: string, count: number, sigma = 0.8): number[] {
  const rng = createRandom(seed);
  return Array.from({ length: count }, () => rng.lognormal(Math.log(1500), sigma));
}

function exactQuantile(values: readonly number[], q: number): number {
  return percentileOfSorted(
    [...values].sort((x, y) => x - y),
    q,
  ) as number;
}

function relativeError(estimate: number, exact: number): number {
  return Math.abs(estimate - exact) / Math.abs(exact);
}

describe('DDSketch', () => {
  it('answers p50, p95 and p99 of log-normal latencies within 1% (its bound is 0.5%)', () => {
    for (const seed of ['a', 'b', 'c']) {
      for (const sigma of [0.3, 1, 2]) {
        const values = lognormalValues(`${seed}-${sigma}`, 30_000, sigma);
        const sorted = [...values].sort((x, y) => x - y);
        const sketch = new DDSketch();
        for (const v of values) sketch.add(v);
        for (const q of QUANTILES) {
          const error = relativeError(sketch.quantile(q) as number, percentileOfSorted(sorted, q) as number);
          expect(error).toBeLessThanOrEqual(0.01);
          expect(error).toBeLessThanOrEqual(sketch.relativeAccuracy * (1 + 1e-9));
        }
      }
    }
  });

  it('keeps count, min and max exact and the mean up to rounding', () => {
    const values = lognormalValues('moments', 10_000);
    const sketch = new DDSketch();
    for (const v of values) sketch.add(v);
    expect(sketch.count).toBe(10_000);
    expect(sketch.min).toBe(Math.min(...values));
    expect(sketch.max).toBe(Math.max(...values));
    expect(sketch.quantile(0)).toBe(Math.min(...values));
    expect(sketch.quantile(1)).toBe(Math.max(...values));
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(relativeError(sketch.mean as number, mean)).toBeLessThan(1e-12);
  });

  it('merges the sketches of parts into exactly the sketch of the whole', () => {
    const values = lognormalValues('merge', 20_000);
    const whole = new DDSketch();
    for (const v of values) whole.add(v);
    // Ten parts of uneven sizes, like minutes with different traffic.
    const rng = createRandom('parts');
    const parts = Array.from({ length: 10 }, () => new DDSketch());
    for (const v of values) parts[rng.int(10)]?.add(v);
    const merged = parts.reduce((sum, part) => sum.merge(part), new DDSketch());

    const { s: mergedSum, ...mergedRest } = merged.toJSON();
    const { s: wholeSum, ...wholeRest } = whole.toJSON();
    expect(mergedRest).toEqual(wholeRest);
    expect(relativeError(mergedSum, wholeSum)).toBeLessThan(1e-12);
    for (const q of [0, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1])
      expect(merged.quantile(q)).toBe(whole.quantile(q));
  });

  it('survives a round trip through JSON text (as in a jsonb column) unchanged', () => {
    const sketch = new DDSketch();
    for (const v of lognormalValues('json', 5_000)) sketch.add(v);
    sketch.add(0, 3).add(-12.5, 2);
    const stored = JSON.stringify(sketch);
    const restored = DDSketch.fromJSON(JSON.parse(stored));
    expect(restored.toJSON()).toEqual(sketch.toJSON());
    for (const q of QUANTILES) expect(restored.quantile(q)).toBe(sketch.quantile(q));
    // Compact: 100,000 latencies fit in a few kilobytes.
    const big = new DDSketch();
    for (const v of lognormalValues('size', 100_000)) big.add(v);
    expect(JSON.stringify(big).length).toBeLessThan(8_000);
    expect(JSON.stringify(new DDSketch().add(1200))).toBe(
      '{"v":1,"a":0.005,"n":1,"s":1200,"min":1200,"max":1200,"z":0,"p":{"i":[710],"c":[1]},"m":{"i":[],"c":[]}}',
    );
  });

  it('handles zeros and negative values in order', () => {
    const values = [-1000, -10, -10, 0, 0, 0, 5, 50, 500, 5000];
    const sketch = new DDSketch();
    for (const v of values) sketch.add(v);
    for (const q of [0, 0.1, 0.2, 0.3, 0.45, 0.5, 0.7, 0.9, 1]) {
      const exact = exactQuantile(values, q);
      const estimate = sketch.quantile(q) as number;
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(Math.abs(exact) * 0.005 + 1e-12);
    }
  });

  it('is within its relative accuracy for any positive data and any quantile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.001, 0.005, 0.02),
        (values, q, relativeAccuracy) => {
          const sketch = new DDSketch({ relativeAccuracy });
          for (const v of values) sketch.add(v);
          const error = relativeError(sketch.quantile(q) as number, exactQuantile(values, q));
          expect(error).toBeLessThanOrEqual(relativeAccuracy * (1 + 1e-9));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is empty-safe and refuses what it cannot represent', () => {
    const empty = new DDSketch();
    expect([empty.count, empty.min, empty.max, empty.mean, empty.quantile(0.5)]).toEqual([
      0,
      null,
      null,
      null,
      null,
    ]);
    expect(DDSketch.fromJSON(JSON.parse(JSON.stringify(empty))).count).toBe(0);
    expect(() => empty.add(Number.NaN)).toThrow(RangeError);
    expect(() => empty.add(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => empty.add(1, 0)).toThrow(RangeError);
    expect(() => empty.quantile(1.1)).toThrow(RangeError);
    expect(() => new DDSketch({ relativeAccuracy: 0 })).toThrow(RangeError);
    expect(() => new DDSketch().merge(new DDSketch({ relativeAccuracy: 0.01 }))).toThrow(RangeError);
  });

  it('rejects stored forms that are not sketches', () => {
    const valid = new DDSketch().add(5).add(7).toJSON();
    expect(() => DDSketch.fromJSON(null)).toThrow(TypeError);
    expect(() => DDSketch.fromJSON({ ...valid, v: 2 })).toThrow(/version/);
    expect(() => DDSketch.fromJSON({ ...valid, a: 2 })).toThrow(TypeError);
    expect(() => DDSketch.fromJSON({ ...valid, n: 3 })).toThrow(/add up/);
    expect(() => DDSketch.fromJSON({ ...valid, p: { i: [1, 0], c: [1, 1] } })).toThrow(TypeError);
    expect(() => DDSketch.fromJSON({ ...valid, p: { i: [1], c: [1, 1] } })).toThrow(TypeError);
    expect(() => DDSketch.fromJSON({ ...valid, min: null })).toThrow(TypeError);
  });
});
