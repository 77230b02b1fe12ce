/** Checking a benchmark request: every bad field named, rate_per_s tied to the arrival. */
import { ValidationError } from '@tfbench/domain/errors';
import { describe, expect, it } from 'vitest';
import {
  admissionIgnoresRunRow,
  BENCHMARK_LIMITS,
  type CreateBenchmarkInput,
  checkBenchmarkInput,
  DEFAULT_MAX_LAG_S,
  readBenchmarkSettings,
} from '../src/benchmarks/index.js';
import { toBenchmarkSettings } from '../src/benchmarks/settings.js';

const valid: CreateBenchmarkInput = { scenario_id: 1, iterations: 10, concurrency: 2 };

function issuesOf(input: CreateBenchmarkInput): Record<string, string> {
  try {
    checkBenchmarkInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return Object.fromEntries((error as ValidationError).details.map((d) => [d.field, d.message]));
  }
  return {};
}

describe('checkBenchmarkInput', () => {
  it('accepts a minimal closed benchmark and each open arrival with a rate', () => {
    expect(issuesOf(valid)).toEqual({});
    expect(issuesOf({ ...valid, arrival: 'constant', rate_per_s: 5 })).toEqual({});
    expect(issuesOf({ ...valid, arrival: 'poisson', rate_per_s: 0.5, max_lag_s: 0, seed: 7 })).toEqual({});
  });

  it('requires rate_per_s for open arrivals and refuses it for closed', () => {
    expect(issuesOf({ ...valid, arrival: 'poisson' })).toEqual({
      rate_per_s: 'is required for poisson arrivals (runs started per second)',
    });
    expect(issuesOf({ ...valid, arrival: 'constant', rate_per_s: null })).toHaveProperty('rate_per_s');
    expect(issuesOf({ ...valid, arrival: 'closed', rate_per_s: 3 }).rate_per_s).toMatch(
      /constant and poisson/,
    );
    expect(issuesOf({ ...valid, max_lag_s: 1 }).max_lag_s).toMatch(/constant and poisson/);
  });

  it('names every field out of bounds in one error', () => {
    const issues = issuesOf({
      scenario_id: 1,
      iterations: 0,
      concurrency: 1.5,
      arrival: 'constant',
      rate_per_s: -1,
      warmup_runs: -1,
      duration_s: 0,
      timeout_s: BENCHMARK_LIMITS.maxTimeoutS + 1,
      seed: -3,
      max_lag_s: -1,
      inputs_override: [] as never,
    });
    expect(Object.keys(issues).sort()).toEqual([
      'concurrency',
      'duration_s',
      'inputs_override',
      'iterations',
      'max_lag_s',
      'rate_per_s',
      'seed',
      'timeout_s',
      'warmup_runs',
    ]);
    expect(issues.iterations).toBe(`must be a whole number from 1 to ${BENCHMARK_LIMITS.maxIterations}`);
  });

  it('refuses rates, durations and timeouts outside their documented bounds', () => {
    const open = { ...valid, arrival: 'constant' as const };
    expect(issuesOf({ ...open, rate_per_s: 1e-300 }).rate_per_s).toBe('must be a number from 0.001 to 10000');
    expect(issuesOf({ ...open, rate_per_s: Number.POSITIVE_INFINITY }).rate_per_s).toMatch(/from 0.001/);
    // 100,000 arrivals at 0.01/s would take 116 days: the schedule must fit in a week.
    expect(issuesOf({ ...open, iterations: 100_000, rate_per_s: 0.01 }).rate_per_s).toBe(
      'must start the 100000 iterations within 604800 s (a week): at least 0.166 per second',
    );
    expect(issuesOf({ ...open, iterations: 100_000, rate_per_s: 0.166 })).toEqual({});
    expect(issuesOf({ ...valid, duration_s: 1e-300, timeout_s: 0.01 })).toEqual({
      duration_s: `must be a number from 0.1 to ${BENCHMARK_LIMITS.maxDurationS}`,
      timeout_s: `must be a number from 0.1 to ${BENCHMARK_LIMITS.maxTimeoutS}`,
    });
    expect(issuesOf({ ...open, rate_per_s: 1, max_lag_s: 1e308 }).max_lag_s).toMatch(/from 0 to 3600/);
  });

  it('requires iterations and concurrency and refuses an unknown arrival', () => {
    const issues = issuesOf({ scenario_id: 1, arrival: 'burst' } as never);
    expect(issues).toMatchObject({ iterations: 'is required', concurrency: 'is required' });
    expect(issues.arrival).toBe('must be one of closed, constant, poisson, sweep, search');
  });

  it('bounds iterations + warmup_runs together', () => {
    const issues = issuesOf({ ...valid, iterations: BENCHMARK_LIMITS.maxIterations, warmup_runs: 1 });
    expect(issues.iterations).toMatch(/iterations \+ warmup_runs must be at most/);
  });

  it('points at the position of a threshold syntax error', () => {
    const issues = issuesOf({
      ...valid,
      thresholds: ['success_rate >= 0.9', 'p95(total_duration_ms) 30000', 'p95(ttft) < 2s'],
    });
    expect(Object.keys(issues).sort()).toEqual(['thresholds.1', 'thresholds.2']);
    expect(issues['thresholds.1']).toBe(
      'expected a comparison operator (<, <=, >, >=, ==, !=) at column 23, found "30000"',
    );
    expect(issues['thresholds.2']).toMatch(/at column 4.*did you mean "ttft_ms"/);
    expect(issuesOf({ ...valid, thresholds: 'p50(ttft_ms) < 1' as never })).toHaveProperty('thresholds');
  });
});

describe('benchmark settings as stored', () => {
  it('fills defaults, takes the scenario thresholds when none are given, and reads back the same', () => {
    const settings = toBenchmarkSettings(
      { ...valid, arrival: 'poisson', rate_per_s: 2 },
      ['success_rate >= 0.5'],
      () => 99,
      'api',
    );
    expect(settings).toEqual({
      iterations: 10,
      concurrency: 2,
      arrival: 'poisson',
      rate_per_s: 2,
      warmup_runs: 0,
      duration_s: null,
      timeout_s: null,
      inputs_override: null,
      thresholds: ['success_rate >= 0.5'],
      seed: 99,
      max_lag_s: DEFAULT_MAX_LAG_S,
      check_dropped_runs: true,
      strict_capacity: false,
      max_cost_usd: null,
      source: 'api',
      stages: null,
      start_target: null,
      stop_on: [],
      min_runs: 10,
      stop_check_every: 5,
      until_ci_halfwidth: null,
      dataset: null,
      repeats: 1,
      repeat_of: null,
      repeat_index: 1,
      slo: null,
      sweep: null,
      search: null,
      series_of: null,
      series_step: null,
    });
    expect(readBenchmarkSettings({ ...settings })).toEqual(settings);
    const closed = toBenchmarkSettings({ ...valid, thresholds: [], seed: 0 }, ['x'], () => 1, 'schedule');
    expect(closed).toMatchObject({
      arrival: 'closed',
      rate_per_s: null,
      max_lag_s: null,
      thresholds: [],
      seed: 0,
    });
    // Rows stored before the verdict's built-in check keep it on.
    expect(readBenchmarkSettings({ iterations: 1 })).toMatchObject({
      check_dropped_runs: true,
      strict_capacity: false,
    });
  });

  it('refuses check_dropped_runs and strict_capacity that are not true or false', () => {
    expect(() =>
      checkBenchmarkInput({ ...valid, check_dropped_runs: 'no' as never, strict_capacity: 0 as never }),
    ).toThrow(ValidationError);
  });
});

describe('admissionIgnoresRunRow', () => {
  const settingsOf = (input: CreateBenchmarkInput) =>
    toBenchmarkSettings(input, [], () => 1, 'api') as unknown as Record<string, never>;

  it('holds for a running closed-arrival benchmark only', () => {
    expect(admissionIgnoresRunRow({ status: 'running', settings: settingsOf(valid) })).toBe(true);
    // Open arrivals look at each run's intended send time; a benchmark not running admits nothing.
    expect(
      admissionIgnoresRunRow({
        status: 'running',
        settings: settingsOf({ ...valid, arrival: 'constant', rate_per_s: 5 }),
      }),
    ).toBe(false);
    expect(admissionIgnoresRunRow({ status: 'cancelled', settings: settingsOf(valid) })).toBe(false);
    expect(admissionIgnoresRunRow({ status: 'pending', settings: settingsOf(valid) })).toBe(false);
  });
});
