import { describe, expect, it } from 'vitest';
import { compareRates } from '../src/statistics/index.js';

describe('compareRates', () => {
  it("reproduces Newcombe's (1998) published intervals for method 10", () => {
    // Newcombe, Statistics in Medicine 17:873-890, Table II, examples (a) and (b); the paper
    // reports p1 - p2, which is b - a here.
    const a = compareRates(48, 80, 56, 70);
    expect(a.difference).toBeCloseTo(0.2, 12);
    expect(a.ci_lower).toBeCloseTo(0.0524, 4);
    expect(a.ci_upper).toBeCloseTo(0.3339, 4);
    const b = compareRates(3, 10, 9, 10);
    expect(b.ci_lower).toBeCloseTo(0.1705, 4);
    expect(b.ci_upper).toBeCloseTo(0.809, 4);
  });

  it('matches the hand-computed interval for 0/10 against 0/10', () => {
    // Wilson upper bound for 0 of 10 is z^2 / (n + z^2) = 3.8415 / 13.8415 = 0.27753.
    const z2 = 1.959963984540054 ** 2;
    const bound = z2 / (10 + z2);
    const result = compareRates(0, 10, 0, 10);
    expect(result.difference).toBe(0);
    expect(result.ci_lower).toBeCloseTo(-bound, 10);
    expect(result.ci_upper).toBeCloseTo(bound, 10);
    expect(result.a).toMatchObject({ successes: 0, n: 10, rate: 0, ci_lower: 0 });
    expect(result.a.ci_upper).toBeCloseTo(bound, 10);
    expect(result.verdict).toBe('no_significant_change');
  });

  it('calls a significant rise an improvement and a fall a regression (higher is better)', () => {
    expect(compareRates(80, 100, 97, 100).verdict).toBe('improved');
    expect(compareRates(97, 100, 80, 100).verdict).toBe('regressed');
    expect(compareRates(95, 100, 93, 100).verdict).toBe('no_significant_change');
    expect(compareRates(97, 100, 80, 100, { better: 'lower' }).verdict).toBe('improved');
  });

  it('widens the interval as alpha shrinks', () => {
    const loose = compareRates(40, 50, 45, 50, { alpha: 0.2 });
    const strict = compareRates(40, 50, 45, 50, { alpha: 0.01 });
    expect(loose.confidence).toBeCloseTo(0.8, 12);
    expect(strict.ci_lower as number).toBeLessThan(loose.ci_lower as number);
    expect(strict.ci_upper as number).toBeGreaterThan(loose.ci_upper as number);
  });

  it('knows nothing about a side without trials and rejects impossible counts', () => {
    const result = compareRates(0, 0, 5, 10);
    expect(result).toMatchObject({ difference: null, ci_lower: null, ci_upper: null });
    expect(result.a).toMatchObject({ rate: null, ci_lower: 0, ci_upper: 1 });
    expect(result.verdict).toBe('no_significant_change');
    expect(() => compareRates(11, 10, 5, 10)).toThrow(RangeError);
    expect(() => compareRates(1.5, 10, 5, 10)).toThrow(RangeError);
    expect(() => compareRates(1, 10, 5, 10, { alpha: 1 })).toThrow(RangeError);
  });
});
