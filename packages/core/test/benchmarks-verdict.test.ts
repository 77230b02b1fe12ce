/**
 * A benchmark's verdict: failed when any threshold or built-in check failed, passed when all
 * held, no_thresholds when nothing was checked; and the built-in `dropped_runs == 0`.
 */
import { describe, expect, it } from 'vitest';
import { benchmarkVerdict, builtInChecks, DROPPED_RUNS_CHECK } from '../src/benchmarks/verdict.js';

const lag = { count: 0, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };

describe('benchmark verdict', () => {
  it('is null until finished, no_thresholds for none, failed for any failure, else passed', () => {
    expect(benchmarkVerdict(null)).toBeNull();
    expect(benchmarkVerdict([])).toBe('no_thresholds');
    expect(benchmarkVerdict([{ passed: true }, { passed: true }])).toBe('passed');
    expect(benchmarkVerdict([{ passed: true }, { passed: false }])).toBe('failed');
  });

  it('fails an open-arrival benchmark that dropped runs, by default', () => {
    const summary = { measured_runs: 600, schedule: { lag_ms: lag, dropped_runs: 352 } };
    const checks = builtInChecks({ arrival: 'constant', check_dropped_runs: true }, summary);
    expect(checks).toEqual([
      { expression: DROPPED_RUNS_CHECK, observed: 352, passed: false, n: 600, built_in: true },
    ]);
    // A clean user threshold does not outweigh the drops.
    expect(benchmarkVerdict([{ passed: true }, ...checks])).toBe('failed');
  });

  it('passes the check without drops; skips it for closed arrival or when turned off', () => {
    const clean = { measured_runs: 10, schedule: { lag_ms: lag, dropped_runs: 0 } };
    expect(builtInChecks({ arrival: 'poisson', check_dropped_runs: true }, clean)).toMatchObject([
      { expression: 'dropped_runs == 0', observed: 0, passed: true },
    ]);
    const dropped = { measured_runs: 10, schedule: { lag_ms: lag, dropped_runs: 4 } };
    expect(builtInChecks({ arrival: 'constant', check_dropped_runs: false }, dropped)).toEqual([]);
    expect(
      builtInChecks({ arrival: 'closed', check_dropped_runs: true }, { measured_runs: 10, schedule: null }),
    ).toEqual([]);
  });
});
