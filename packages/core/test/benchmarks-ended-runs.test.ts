/**
 * The record of the runs a process has ended upstream while their outcomes are written, and
 * which benchmarks replace their runs that early (the rest wait for each outcome).
 */
import { describe, expect, it } from 'vitest';
import { EndedRuns, replacesRunsAtRequestEnd } from '../src/benchmarks/ended-runs.js';
import { type CreateBenchmarkInput, toBenchmarkSettings } from '../src/benchmarks/settings.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('EndedRuns', () => {
  it('keeps a run until its outcome is stored or storing it failed for good', async () => {
    const ended = new EndedRuns();
    let store: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    ended.add(1, 10, new Promise<void>((resolve) => (store = resolve)));
    ended.add(1, 11, new Promise<void>((_, reject) => (fail = reject)));
    ended.add(2, 20, new Promise<void>(() => {}));
    expect(ended.of(1)).toEqual([10, 11]);
    expect(ended.of(2)).toEqual([20]);
    expect(ended.of(3)).toEqual([]);

    store();
    await settled();
    expect(ended.of(1)).toEqual([11]);
    fail(new Error('the database is gone'));
    await settled();
    expect(ended.of(1)).toEqual([]);
    expect(ended.size).toBe(1);
  });
});

describe('replacesRunsAtRequestEnd', () => {
  const benchmark = (input: Partial<CreateBenchmarkInput>, status: 'running' | 'pending' = 'running') => ({
    status,
    settings: {
      ...toBenchmarkSettings(
        { scenario_id: 1, iterations: 10, concurrency: 2, ...input },
        [],
        () => 1,
        'api',
      ),
    },
  });

  it('holds for a running closed benchmark that decides nothing from its outcomes while it runs', () => {
    expect(replacesRunsAtRequestEnd(benchmark({}))).toBe(true);
    expect(replacesRunsAtRequestEnd(benchmark({ stages: [{ duration_s: 5, target: 2 }] }))).toBe(true);
  });

  it('does not hold where each outcome may stop the benchmark before the next run', () => {
    expect(replacesRunsAtRequestEnd(benchmark({ stop_on: ['error_rate > 0.2'] }))).toBe(false);
    expect(
      replacesRunsAtRequestEnd(
        benchmark({ until_ci_halfwidth: { metric: 'total_duration_ms', halfwidth: 5 } }),
      ),
    ).toBe(false);
    expect(replacesRunsAtRequestEnd(benchmark({ max_cost_usd: 1 }))).toBe(false);
  });

  it('does not hold for open arrivals or a benchmark that is not running', () => {
    expect(replacesRunsAtRequestEnd(benchmark({ arrival: 'constant', rate_per_s: 5 }))).toBe(false);
    expect(replacesRunsAtRequestEnd(benchmark({}, 'pending'))).toBe(false);
  });
});
