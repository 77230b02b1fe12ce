/** The precomputed send schedule of open-arrival benchmarks. */
import { describe, expect, it } from 'vitest';
import { arrivalOffsetsMs } from '../src/benchmarks/index.js';

describe('arrivalOffsetsMs', () => {
  it('spaces constant arrivals exactly 1000 / rate apart, from 0', () => {
    expect(arrivalOffsetsMs({ arrival: 'constant', rate_per_s: 4, count: 5, seed: 1 })).toEqual([
      0, 250, 500, 750, 1000,
    ]);
    const many = arrivalOffsetsMs({ arrival: 'constant', rate_per_s: 3, count: 100_000, seed: 1 });
    // No accumulated drift: the last arrival is exactly where the rate puts it.
    expect(many[99_999]).toBe((99_999 * 1000) / 3);
  });

  it('gives the same poisson schedule for the same seed and another for another seed', () => {
    const a = arrivalOffsetsMs({ arrival: 'poisson', rate_per_s: 10, count: 50, seed: 42 });
    const b = arrivalOffsetsMs({ arrival: 'poisson', rate_per_s: 10, count: 50, seed: 42 });
    const c = arrivalOffsetsMs({ arrival: 'poisson', rate_per_s: 10, count: 50, seed: 43 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a[0]).toBe(0);
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThan(a[i - 1]!);
  });

  it('draws poisson gaps with the exponential distribution of the requested rate', () => {
    const rate = 20;
    const n = 20_000;
    const offsets = arrivalOffsetsMs({ arrival: 'poisson', rate_per_s: rate, count: n + 1, seed: 7 });
    const gaps = offsets.slice(1).map((offset, i) => offset - offsets[i]!);
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / n;
    // Mean 50 ms; its standard error is 50 / sqrt(n) = 0.35 ms, so 2 ms is over 5 sigma.
    expect(mean).toBeGreaterThan(48);
    expect(mean).toBeLessThan(52);
    // Memorylessness check on the shape: P(gap > mean) = e^-1 for an exponential.
    const above = gaps.filter((gap) => gap > 50).length / n;
    expect(above).toBeGreaterThan(Math.exp(-1) - 0.02);
    expect(above).toBeLessThan(Math.exp(-1) + 0.02);
  });

  it('refuses a rate that is not positive and a count that is not whole', () => {
    expect(() => arrivalOffsetsMs({ arrival: 'constant', rate_per_s: 0, count: 1, seed: 1 })).toThrow(
      RangeError,
    );
    expect(() => arrivalOffsetsMs({ arrival: 'poisson', rate_per_s: 1, count: 1.5, seed: 1 })).toThrow(
      RangeError,
    );
    expect(arrivalOffsetsMs({ arrival: 'poisson', rate_per_s: 1, count: 0, seed: 1 })).toEqual([]);
  });
});
