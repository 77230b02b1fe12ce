import { beforeAll, describe, expect, it } from 'vitest';
import {
  bootstrapQuantileDifferences,
  compare,
  createRandom,
  percentileOfSorted,
} from '../src/statistics/index.js';

const SEEDS = 200;
const N = 200;
// Log-normal latencies with median 1 s and log-sd 0.3 (p95 about 1.6 s): the spread of a
// steady automation. At this spread a 20% shift at n = 200 is found with power ~99%; at log-sd
// 0.5 the same test finds it only ~80% of the time (see docs/thresholds.md).
const SIGMA = 0.3;
const BASE_MEDIAN_MS = 1000;

function lognormalSample(seed: string, median: number): number[] {
  const rng = createRandom(seed);
  return Array.from({ length: N }, () => rng.lognormal(Math.log(median), SIGMA));
}

describe('compare: known answers on synthetic data', () => {
  // One pass over the seeds serves three checks, to keep the file fast.
  const sameDistribution: string[] = [];
  const shiftedUp: string[] = [];
  let medianIntervalCovers = 0;
  beforeAll(() => {
    for (let seed = 0; seed < SEEDS; seed++) {
      const baseline = lognormalSample(`baseline-${seed}`, BASE_MEDIAN_MS);
      const same = lognormalSample(`same-${seed}`, BASE_MEDIAN_MS);
      const slower = lognormalSample(`slower-${seed}`, BASE_MEDIAN_MS * 1.2);
      sameDistribution.push(compare(baseline, same, { seed }).verdict);
      const shifted = compare(baseline, slower, { seed });
      shiftedUp.push(shifted.verdict);
      const { ci_lower, ci_upper } = shifted.median_difference;
      // The true difference of medians is 1200 - 1000 ms.
      if ((ci_lower as number) <= 200 && 200 <= (ci_upper as number)) medianIntervalCovers++;
    }
  });

  it('finds no significant change between samples of one distribution for >= 95% of seeds', () => {
    const quiet = sameDistribution.filter((v) => v === 'no_significant_change').length;
    expect(quiet / SEEDS).toBeGreaterThanOrEqual(0.95);
  });

  it('detects a 20% slowdown at n = 200 as a regression for >= 95% of seeds', () => {
    const regressed = shiftedUp.filter((v) => v === 'regressed').length;
    expect(regressed / SEEDS).toBeGreaterThanOrEqual(0.95);
    expect(shiftedUp).not.toContain('improved');
  });

  it('gives a 95% interval of the median difference that covers the truth about 95% of the time', () => {
    // Binomial(200, 0.95) lies within [0.90, 0.99] with probability > 0.999.
    expect(medianIntervalCovers / SEEDS).toBeGreaterThanOrEqual(0.9);
    expect(medianIntervalCovers / SEEDS).toBeLessThanOrEqual(0.99);
  });

  it('calls a 20% speed-up an improvement', () => {
    let improved = 0;
    for (let seed = 0; seed < 20; seed++) {
      const baseline = lognormalSample(`baseline-${seed}`, BASE_MEDIAN_MS);
      const faster = lognormalSample(`faster-${seed}`, BASE_MEDIAN_MS / 1.2);
      if (compare(baseline, faster, { seed }).verdict === 'improved') improved++;
    }
    expect(improved).toBeGreaterThanOrEqual(19);
  });
});

describe('compare: figures and rules', () => {
  it('reports n, percentiles, means and their change in percent', () => {
    const a = [100, 200, 300, 400, 500];
    const b = a.map((v) => v * 1.1);
    const result = compare(a, b);
    expect(result.a).toEqual({ n: 5, p50: 300, p95: 480, p99: 496, mean: 300 });
    expect(result.b.p50).toBeCloseTo(330, 9);
    for (const key of ['p50', 'p95', 'p99', 'mean'] as const) {
      expect(result.difference_pct[key]).toBeCloseTo(10, 9);
    }
    expect(result.median_difference.estimate).toBeCloseTo(30, 9);
    expect(result.median_difference.estimate_pct).toBeCloseTo(10, 9);
    expect(result.p95_difference.estimate).toBeCloseTo(48, 9);
    expect(result).toMatchObject({ alpha: 0.05, confidence: 0.95, iterations: 2000, better: 'lower' });
  });

  it('is reproducible: the same seed gives identical results, the default seed is fixed', () => {
    const a = lognormalSample('repro-a', 1000);
    const b = lognormalSample('repro-b', 1100);
    expect(compare(a, b, { seed: 'release-42' })).toEqual(compare(a, b, { seed: 'release-42' }));
    expect(compare(a, b)).toEqual(compare(a, b));
    const other = compare(a, b, { seed: 'another' });
    expect(other.median_difference.ci_lower).not.toBe(compare(a, b).median_difference.ci_lower);
  });

  it('gives an exact answer when each side is constant', () => {
    const result = compare(new Array(30).fill(100), new Array(30).fill(150));
    expect(result.median_difference).toMatchObject({ estimate: 50, ci_lower: 50, ci_upper: 50 });
    expect(result.p95_difference).toMatchObject({ estimate: 50, ci_lower: 50, ci_upper: 50 });
    expect(result.mann_whitney?.p_value).toBeLessThan(1e-10);
    expect(result.verdict).toBe('regressed');
    expect(compare(new Array(30).fill(100), new Array(30).fill(150), { better: 'higher' }).verdict).toBe(
      'improved',
    );
    const same = compare(new Array(30).fill(100), new Array(30).fill(100));
    expect(same.mann_whitney?.p_value).toBe(1);
    expect(same.verdict).toBe('no_significant_change');
  });

  it('needs both the rank test and the median interval to call a change', () => {
    // Same median, very different spread: the interval of the median difference straddles 0,
    // so the verdict stays quiet whatever the rank test says.
    const rng = createRandom('spread');
    const narrow = Array.from({ length: 300 }, () => rng.normal(1000, 10));
    const wide = Array.from({ length: 300 }, () => rng.normal(1000, 300));
    const result = compare(narrow, wide);
    expect(result.median_difference.ci_lower).toBeLessThan(0);
    expect(result.median_difference.ci_upper).toBeGreaterThan(0);
    expect(result.verdict).toBe('no_significant_change');
  });

  it('stays quiet with fewer than two values a side and reports nulls for an empty side', () => {
    const single = compare([100], [500, 600, 700]);
    expect(single.verdict).toBe('no_significant_change');
    expect(single.median_difference.ci_lower).toBeNull();
    expect(single.median_difference.estimate).toBe(500);
    const empty = compare([], [1, 2, 3]);
    expect(empty.a).toEqual({ n: 0, p50: null, p95: null, p99: null, mean: null });
    expect(empty.mann_whitney).toBeNull();
    expect(empty.difference_pct.p50).toBeNull();
    expect(empty.verdict).toBe('no_significant_change');
    expect(compare([0, 0, 0], [1, 2, 3]).difference_pct.p50).toBeNull();
  });

  it('rejects invalid input', () => {
    expect(() => compare([1, Number.NaN], [1, 2])).toThrow(RangeError);
    expect(() => compare([1, 2], [1, 2], { alpha: 0 })).toThrow(RangeError);
    expect(() => compare([1, 2], [1, 2], { iterations: 0 })).toThrow(RangeError);
  });
});

describe('bootstrapQuantileDifferences', () => {
  it('equals a naive bootstrap that sorts every resample, draw for draw', () => {
    const a = Float64Array.from(lognormalSample('boot-a', 1000)).sort();
    const b = Float64Array.from(lognormalSample('boot-b', 1200)).sort();
    const iterations = 300;
    const quantiles = [0.5, 0.95, 0.99];
    const fast = bootstrapQuantileDifferences(a, b, quantiles, {
      iterations,
      confidence: 0.9,
      rng: createRandom(11),
    });

    const rng = createRandom(11);
    const resample = (sorted: Float64Array) =>
      Array.from(sorted, () => sorted[Math.floor(rng.next() * sorted.length)] as number).sort(
        (x, y) => x - y,
      );
    const differences = quantiles.map(() => [] as number[]);
    for (let i = 0; i < iterations; i++) {
      const fromA = resample(a);
      const fromB = resample(b);
      quantiles.forEach((q, k) => {
        differences[k]?.push(
          (percentileOfSorted(fromB, q) as number) - (percentileOfSorted(fromA, q) as number),
        );
      });
    }
    quantiles.forEach((_, k) => {
      const sorted = (differences[k] as number[]).sort((x, y) => x - y);
      expect(fast[k]?.lower).toBeCloseTo(percentileOfSorted(sorted, 0.05) as number, 9);
      expect(fast[k]?.upper).toBeCloseTo(percentileOfSorted(sorted, 0.95) as number, 9);
    });
  });
});
