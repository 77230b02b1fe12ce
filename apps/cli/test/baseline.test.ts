/**
 * A metric regresses against the baseline only when the comparison calls it a significant
 * regression AND its median moved by more than --max-regression (success rate: points).
 */
import type { Comparison } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { baselineResult } from '../src/baseline.js';

type Verdict = Comparison['verdict'];

function comparison(
  latency: { verdict: Verdict; pct: number | null },
  rate: { verdict: Verdict; difference: number | null },
): Comparison {
  const metric = { verdict: latency.verdict, median_difference: { estimate_pct: latency.pct } };
  return {
    verdict: latency.verdict,
    metrics: {
      total_duration_ms: metric,
      ttft_ms: { verdict: 'no_significant_change', median_difference: { estimate_pct: 1 } },
    },
    success_rate: { verdict: rate.verdict, difference: rate.difference },
  } as unknown as Comparison;
}

const every = (max: number) => ({ default: max, per_metric: {} });

const regressedOf = (c: Comparison, max = 10) =>
  Object.fromEntries(
    baselineResult(c, 'benchmark:1', every(max)).checks.map((check) => [check.metric, check.regressed]),
  );

describe('baseline gate', () => {
  it('fails a significant regression beyond the allowed change', () => {
    const c = comparison(
      { verdict: 'regressed', pct: 35 },
      { verdict: 'no_significant_change', difference: 0 },
    );
    expect(regressedOf(c)).toEqual({ total_duration_ms: true, ttft_ms: false, success_rate: false });
    expect(baselineResult(c, 'benchmark:1', every(10))).toMatchObject({
      regressed: true,
      verdict: 'regressed',
    });
  });

  it('lets a significant regression within the allowed change pass', () => {
    const c = comparison(
      { verdict: 'regressed', pct: 8 },
      { verdict: 'no_significant_change', difference: 0 },
    );
    expect(regressedOf(c).total_duration_ms).toBe(false);
    expect(regressedOf(c, 5).total_duration_ms).toBe(true);
  });

  it('lets a large change that is not significant, or an improvement, pass', () => {
    expect(
      regressedOf(
        comparison({ verdict: 'no_significant_change', pct: 60 }, { verdict: 'improved', difference: 0.2 }),
      ),
    ).toEqual({ total_duration_ms: false, ttft_ms: false, success_rate: false });
  });

  it('measures the success rate in percentage points', () => {
    const c = comparison(
      { verdict: 'no_significant_change', pct: 0 },
      { verdict: 'regressed', difference: -0.15 },
    );
    const check = baselineResult(c, 'benchmark:1', every(10)).checks.find((k) => k.metric === 'success_rate');
    expect(check).toMatchObject({ regressed: true });
    expect(check?.change).toBeCloseTo(-15, 6);
    expect(regressedOf(c, 20).success_rate).toBe(false);
  });
});
