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

  it('formats what a threshold observed by what it measures', () => {
    expect(formatObserved('success_rate >= 0.95', 0.97)).toBe('97.0%');
    expect(formatObserved('p95(total_duration_ms) < 30000', 1234)).toBe('1.23 s');
    expect(formatObserved('max(cost_usd) < 0.5', 0.25)).toBe('$0.250');
  });
});
