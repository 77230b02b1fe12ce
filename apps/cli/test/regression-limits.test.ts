/**
 * `--max-regression`: one limit for every metric, per metric, or both; anything else is a
 * usage error (exit 2) saying what to write instead. The gate applies each metric's own limit.
 */
import type { Comparison } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { baselineResult } from '../src/baseline.js';
import { parseRegressionLimits } from '../src/regression-limits.js';
import { runCli, useTempDir } from './harness.js';

describe('--max-regression', () => {
  const dir = useTempDir();

  it.each([
    [undefined, { default: 10, per_metric: {} }],
    ['10%', { default: 10, per_metric: {} }],
    ['25', { default: 25, per_metric: {} }],
    ['0.5%', { default: 0.5, per_metric: {} }],
    [
      'ttft_ms=5%,total_duration_ms=15%,success_rate=2',
      { default: 10, per_metric: { ttft_ms: 5, total_duration_ms: 15, success_rate: 2 } },
    ],
    ['20%, ttft_ms=5%', { default: 20, per_metric: { ttft_ms: 5 } }],
    ['success_rate=3pp,cost_usd=50%', { default: 10, per_metric: { success_rate: 3, cost_usd: 50 } }],
  ])('reads %j', (text, limits) => {
    expect(parseRegressionLimits(text)).toEqual(limits);
  });

  it.each([
    ['ten', /--max-regression: "ten" is not a percentage; give a number such as 10%/],
    ['-5%', /"-5%" is not a percentage/],
    [
      'ttft=5%',
      /unknown metric "ttft" in "ttft=5%"; use one of total_duration_ms, ttft_ms, itl_mean, cost_usd, success_rate/,
    ],
    ['ttft_ms=', /no value for ttft_ms; give a percentage such as 10%/],
    ['ttft_ms=fast', /"fast" for ttft_ms is not a percentage; give a number such as 10%/],
    [
      'success_rate=two',
      /"two" for success_rate is not a percentage; give a number such as 2 \(percentage points\)/,
    ],
    ['ttft_ms=5pp', /percentage points \(pp\) are for success_rate/],
    ['ttft_ms=5%,ttft_ms=6%', /names ttft_ms twice/],
    ['10%,20%', /two limits for every metric/],
    ['ttft_ms=5%,,', /empty entry/],
    ['5000%', /above 1000%/],
  ])('%j is a usage error naming the fix (exit 2)', async (text, message) => {
    const outcome = await runCli(['run', 'bench.yaml', `--max-regression=${text}`], { cwd: dir() });
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(message);
    expect(outcome.stderr).toContain('Run "tfbench run --help" for usage.');
  });
});

describe('the gate with per-metric limits', () => {
  const metric = (verdict: Comparison['verdict'], pct: number) => ({
    verdict,
    median_difference: { estimate_pct: pct },
  });
  const comparison = {
    verdict: 'regressed' as const,
    metrics: {
      total_duration_ms: metric('regressed', 12),
      ttft_ms: metric('regressed', 6),
      itl_mean: metric('regressed', 40),
      cost_usd: metric('no_significant_change', 0),
    },
    success_rate: { verdict: 'regressed' as const, difference: -0.03 },
  };

  it('applies each metric its own limit and the default to the rest', () => {
    const result = baselineResult(
      comparison,
      'summary.json',
      parseRegressionLimits('ttft_ms=5%,success_rate=2,15%'),
    );
    expect(result.checks.map((c) => [c.metric, c.max_change, c.regressed])).toEqual([
      ['total_duration_ms', 15, false],
      ['ttft_ms', 5, true],
      ['success_rate', 2, true],
    ]);
    expect(result.regressed).toBe(true);
  });

  it('gates itl_mean and cost_usd only when named', () => {
    const named = baselineResult(comparison, 'summary.json', parseRegressionLimits('50%,itl_mean=30%'));
    expect(named.checks.map((c) => [c.metric, c.regressed])).toEqual([
      ['total_duration_ms', false],
      ['ttft_ms', false],
      ['itl_mean', true],
      ['success_rate', false],
    ]);
  });
});
