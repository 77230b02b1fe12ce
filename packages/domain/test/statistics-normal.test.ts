import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalSf } from '../src/statistics/index.js';

function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

describe('erfc', () => {
  it('matches reference values across the range, including the far tail', () => {
    // Reference values: Python's math.erfc (C library erfc, correctly rounded to ~1 ulp).
    const reference: Array<[number, number]> = [
      [0.1, 0.8875370839817152],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [2.5, 0.0004069520174449589],
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280351e-12],
      [10, 2.088487583762545e-45],
      [26, 5.663192408856143e-296],
    ];
    for (const [x, expected] of reference) expectRelativelyClose(erfc(x), expected, 1e-11);
    expect(erfc(0)).toBe(1);
    expectRelativelyClose(erfc(-1), 2 - 0.15729920705028513, 1e-15);
    expect(Number.isNaN(erfc(Number.NaN))).toBe(true);
  });

  it('is continuous where the series hands over to the continued fraction', () => {
    expectRelativelyClose(erfc(2.5 + 1e-9), erfc(2.5), 1e-7);
  });
});

describe('normalCdf, normalSf and normalQuantile', () => {
  it('give the familiar two-sided 95% point and the tails', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBe(0);
    // Python: statistics.NormalDist().inv_cdf(1e-10)
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 14);
    expectRelativelyClose(normalSf(10), 7.619853024160593e-24, 1e-10); // 0.5 * math.erfc(10 / sqrt(2))
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it('inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        const back = p < 0.5 ? normalCdf(x) : normalSf(x);
        expect(Math.abs(back - Math.min(p, 1 - p)) / Math.min(p, 1 - p)).toBeLessThan(1e-9);
      }),
    );
  });
});
