/** Student's t quantiles and intervals against published table values. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTCdf, studentTQuantile, tInterval } from '../src/statistics/index.js';

describe("Student's t", () => {
  it('matches the printed table of two-sided critical values', () => {
    // df: t_{0.975} (and t_{0.995}) from any statistics table.
    const table: Array<[number, number, number]> = [
      [1, 12.7062047, 63.6567412],
      [2, 4.30265273, 9.9248432],
      [3, 3.18244631, 5.84090931],
      [5, 2.57058184, 4.03214298],
      [10, 2.22813885, 3.16927267],
      [30, 2.04227246, 2.74999565],
      [100, 1.98397152, 2.62589052],
    ];
    for (const [df, t975, t995] of table) {
      expect(studentTQuantile(0.975, df)).toBeCloseTo(t975, 6);
      expect(studentTQuantile(0.995, df)).toBeCloseTo(t995, 5);
    }
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(normalQuantile(0.975), 6);
  });

  it('the quantile inverts the CDF and is symmetric', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        (p, df) => {
          const t = studentTQuantile(p, df);
          expect(studentTCdf(t, df)).toBeCloseTo(p, 8);
          expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 6);
        },
      ),
    );
  });

  it('gives the mean with its t-interval', () => {
    const interval = tInterval([10, 12, 14]);
    expect(interval).toMatchObject({ mean: 12, n: 3, stddev: 2 });
    expect(interval!.halfwidth).toBeCloseTo(4.30265273 * (2 / Math.sqrt(3)), 6);
    expect(tInterval([5])).toMatchObject({ mean: 5, halfwidth: null });
    expect(tInterval([])).toBeNull();
  });
});
