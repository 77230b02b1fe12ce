import { describe, expect, it } from 'vitest';
import { distributionRows, errorBreakdown, facts, formatObserved } from '@/lib/summary';

const summary = {
  total_duration_ms: { count: 20, p50: 1200, p90: 1800, p95: 2000, p99: 2400, mean: 1300, max: 2500 },
  ttft_ms: { count: 18, p50: 300, p95: 450, p99: 500 },
  success_rate: 0.95,
  success_rate_ci: { lower: 0.76, upper: 0.99 },
  runs_per_minute: 12.5,
  cost_per_successful_run_usd: 0.0123,
  error_breakdown: { UPSTREAM_5XX: 1, TIMEOUT: 3 },
};

describe('benchmark summary display', () => {
  it('turns each percentile object into a labelled row', () => {
    const rows = distributionRows(summary);
    expect(rows.map((r) => r.label)).toEqual(['Total time', 'TTFT']);
    expect(rows[0]).toMatchObject({ count: 20, p50: 1200, p95: 2000, mean: 1300 });
    expect(rows[1]).toMatchObject({ p90: null, mean: null });
  });

  it('formats scalars by their key and folds the interval into the rate', () => {
    const byKey = Object.fromEntries(facts(summary).map((f) => [f.key, f]));
    expect(byKey.success_rate).toMatchObject({ value: '95.0%', detail: '95% CI 76.0% – 99.0%' });
    expect(byKey.runs_per_minute?.value).toBe('12.5');
    expect(byKey.cost_per_successful_run_usd?.value).toBe('$0.0123');
    expect(byKey.success_rate_ci).toBeUndefined();
  });

  it('lists errors by code, largest first, from an object or an array', () => {
    expect(errorBreakdown(summary)).toEqual([
      { code: 'TIMEOUT', count: 3 },
      { code: 'UPSTREAM_5XX', count: 1 },
    ]);
    expect(errorBreakdown({ error_breakdown: [{ error_code: 'X', count: 2 }] })).toEqual([
      { code: 'X', count: 2 },
    ]);
  });

  it('reads the API benchmark summary shape: rate objects, an errors array, the open-arrival schedule', () => {
    const api = {
      measured_runs: 40,
      outcome_runs: 40,
      completed_runs: 37,
      total_duration_ms: {
        count: 37,
        mean: 1300,
        min: 900,
        p50: 1200,
        p90: 1800,
        p95: 2000,
        p99: 2400,
        max: 2500,
      },
      latency_from_intended_ms: null,
      success_rate: { estimate: 0.925, lower: 0.8, upper: 0.97, successes: 37, n: 40, confidence: 0.95 },
      errors: [{ error_code: 'TIMEOUT', count: 3 }],
      schedule: {
        lag_ms: { count: 40, p50: 2, p90: 4, p95: 5, p99: 9, mean: 2.5, min: 0, max: 12 },
        dropped_runs: 1,
      },
    };
    const byKey = Object.fromEntries(facts(api).map((f) => [f.key, f]));
    expect(byKey.success_rate).toMatchObject({ value: '92.5%', detail: '95% CI 80.0% – 97.0% · n = 40' });
    expect(byKey.dropped_runs?.value).toBe('1');
    expect(byKey.measured_runs?.value).toBe('40');
    expect(distributionRows(api).map((r) => r.label)).toEqual(['Total time', 'Schedule lag']);
    expect(errorBreakdown(api)).toEqual([{ code: 'TIMEOUT', count: 3 }]);
  });

  it('formats what a threshold observed by what it measures', () => {
    expect(formatObserved('success_rate >= 0.95', 0.97)).toBe('97.0%');
    expect(formatObserved('p95(total_duration_ms) < 30000', 1234)).toBe('1.23 s');
    expect(formatObserved('max(cost_usd) < 0.5', 0.25)).toBe('$0.250');
  });
});
