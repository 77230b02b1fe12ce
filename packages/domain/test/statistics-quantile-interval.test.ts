import { describe, expect, it } from 'vitest';
import { createRandom, quantileInterval } from '../src/statistics/index.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('quantileInterval', () => {
  it('brackets the sample quantile with order statistics', () => {
    expect(quantileInterval(range(100), 0.5)).toEqual({ lower: 39, upper: 60, confidence: 0.95 });
    const p95 = quantileInterval(range(1000), 0.95);
    expect(p95.lower).toBeLessThan(950);
    expect(p95.upper).toBeGreaterThan(950);
  });

  it('leaves a bound out when the sample is too small to give it', () => {
    // 20 runs: the p95's upper rank lies past the largest one.
    expect(quantileInterval(range(20), 0.95)).toMatchObject({ lower: 16, upper: null });
    expect(quantileInterval([], 0.5)).toEqual({ lower: null, upper: null, confidence: 0.95 });
  });

  it('covers the true median of a uniform distribution at least 95 % of the time', () => {
    const random = createRandom('quantile-interval');
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 60 }, () => random.next()).sort((a, b) => a - b);
      const { lower, upper } = quantileInterval(sample, 0.5);
      if (lower !== null && upper !== null && lower <= 0.5 && 0.5 <= upper) covered++;
    }
    // The interval is conservative; 2,000 trials put the estimate within about ±1 %.
    expect(covered / trials).toBeGreaterThanOrEqual(0.94);
  });

  it('refuses a quantile or confidence outside (0, 1)', () => {
    expect(() => quantileInterval([1], 1)).toThrow(RangeError);
    expect(() => quantileInterval([1], 0.5, 1)).toThrow(RangeError);
  });
});
