import { ValidationError } from '@tfbench/domain/errors';
import { expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import type { NewRun } from '../src/db/schema.js';
import { getDashboardKpis } from '../src/services/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { rejectionAs, seedAutomation, seedBenchmark, seedRun, seedScenario } from './seed.js';

type RunValues = Partial<Omit<NewRun, 'scenario_id'>>;

const base = Date.parse('2024-06-01T00:00:00Z');
const minute = (n: number) => new Date(base + n * 60_000);

/**
 * Scenario 1 (automation a): five completed runs with known figures, and failures, a
 * timeout, a cancel, a pending and a running run whose figures must not leak into any
 * latency. One warm-up run with absurd figures must not appear anywhere.
 * Scenario 2 (automation b, one benchmark): two completed runs.
 */
async function seedKnownRuns(handle: DatabaseHandle) {
  const a = await seedAutomation(handle, 'a');
  const b = await seedAutomation(handle, 'b');
  const s1 = await seedScenario(handle, a.id, 's1');
  const s2 = await seedScenario(handle, b.id, 's2');
  const benchmark = await seedBenchmark(handle, s2.id);
  const s1Runs: RunValues[] = [
    { status: 'completed', total_duration_ms: 300, ttft_ms: 30, inter_token_stats: stats(10) },
    { status: 'completed', total_duration_ms: 100, ttft_ms: 10, inter_token_stats: stats(20) },
    { status: 'completed', total_duration_ms: 500, ttft_ms: 50, inter_token_stats: stats(null) },
    { status: 'completed', total_duration_ms: 200, ttft_ms: 20, inter_token_stats: null },
    {
      status: 'completed',
      total_duration_ms: 400,
      ttft_ms: null,
      inter_token_stats: { mean: 'not a number' } as never,
    },
    { status: 'failed', total_duration_ms: 10_000, ttft_ms: 1, inter_token_stats: stats(1000) },
    { status: 'failed', total_duration_ms: 5 },
    { status: 'timeout', total_duration_ms: 99_999 },
    { status: 'cancelled', total_duration_ms: 1 },
    { status: 'pending' },
    { status: 'running' },
  ];
  for (const [index, values] of s1Runs.entries()) {
    await seedRun(handle, s1.id, { ...values, created_at: minute(index) });
  }
  await seedRun(handle, s1.id, {
    status: 'completed',
    is_warmup: true,
    total_duration_ms: 1e6,
    ttft_ms: 1e6,
    inter_token_stats: stats(1e6),
    created_at: minute(30),
  });
  await seedRun(handle, s2.id, {
    status: 'completed',
    total_duration_ms: 1000,
    benchmark_id: benchmark.id,
    created_at: minute(20),
  });
  await seedRun(handle, s2.id, {
    status: 'completed',
    total_duration_ms: 3000,
    benchmark_id: benchmark.id,
    created_at: minute(21),
  });
  return { a, b, s1, s2, benchmark };
}

function stats(mean: number | null) {
  return { count: 3, min: 1, mean, p50: mean, p90: mean, p95: mean, p99: mean, max: mean, stddev: 0 };
}

describeEachDatabase('dashboard KPIs', (getDb) => {
  const deps = () => ({ db: getDb() });

  it('are empty, not zero, without runs', async () => {
    const none = { p50: null, p90: null, p95: null, p99: null, mean: null };
    expect(await getDashboardKpis(deps())).toEqual({
      total_runs: 0,
      finished_runs: 0,
      completed_runs: 0,
      success_rate: null,
      total_time_stats: none,
      ttft_stats: none,
      avg_inter_token_latency: null,
      recent_runs: [],
      failed_runs: 0,
      timeout_runs: 0,
      cancelled_runs: 0,
      in_flight_runs: 0,
      success_rate_ci: null,
      goal_success_rate: null,
      goal_evaluated_runs: 0,
      goal_successful_runs: 0,
      runs_per_minute: null,
      errors: [],
      cost_usd: null,
      cost_per_successful_run_usd: null,
      tokens: null,
      source: 'exact',
      percentile_relative_error: 0,
    });
  });

  it('have no success rate while nothing has finished', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    await seedRun(getDb(), scenario.id, { status: 'pending' });
    await seedRun(getDb(), scenario.id, { status: 'cancelled', total_duration_ms: 50 });
    const kpis = await getDashboardKpis(deps());
    expect(kpis).toMatchObject({ total_runs: 2, finished_runs: 0, success_rate: null });
    expect(kpis.total_time_stats).toEqual({ p50: null, p90: null, p95: null, p99: null, mean: null });
  });

  it('count failures but read latencies from completed runs only (hand-computed)', async () => {
    const { s1, a } = await seedKnownRuns(getDb());
    for (const filter of [{ scenario_id: s1.id }, { automation_id: a.id }]) {
      const kpis = await getDashboardKpis(deps(), filter);
      expect(kpis.total_runs).toBe(11);
      expect(kpis.finished_runs).toBe(8);
      expect(kpis.completed_runs).toBe(5);
      expect(kpis.success_rate).toBeCloseTo(5 / 8, 12);
      // Completed durations 100..500: p50 = 300; p95 at rank 3.8 = 400 + 0.8 * 100; p99 at 3.96.
      expect(kpis.total_time_stats.p50).toBeCloseTo(300, 9);
      expect(kpis.total_time_stats.p95).toBeCloseTo(480, 9);
      expect(kpis.total_time_stats.p99).toBeCloseTo(496, 9);
      // Completed TTFTs 10, 20, 30, 50 (one run has none): p50 at rank 1.5, p95 at 2.85, p99 at 2.97.
      expect(kpis.ttft_stats.p50).toBeCloseTo(25, 9);
      expect(kpis.ttft_stats.p95).toBeCloseTo(47, 9);
      expect(kpis.ttft_stats.p99).toBeCloseTo(49.4, 9);
      // Means 10 and 20; a null mean, missing stats and a non-numeric mean are skipped.
      expect(kpis.avg_inter_token_latency).toBeCloseTo(15, 9);
      // Ten newest of the eleven non-warm-up runs, newest first.
      expect(kpis.recent_runs.map((r) => r.created_at.getTime())).toEqual(
        [10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((n) => minute(n).getTime()),
      );
      expect(kpis.recent_runs.every((r) => !r.is_warmup)).toBe(true);
    }
  });

  it('follow the scenario, automation, benchmark and time filters', async () => {
    const { s2, b, benchmark } = await seedKnownRuns(getDb());
    const expectedS2 = {
      total_runs: 2,
      success_rate: 1,
      total_time_stats: { p50: 2000, p95: 2900, p99: 2980 },
      ttft_stats: { p50: null, p95: null, p99: null },
      avg_inter_token_latency: null,
    };
    for (const filter of [
      { scenario_id: s2.id },
      { automation_id: b.id },
      { benchmark_id: benchmark.id },
      { from: minute(20), to: minute(22) },
    ]) {
      const kpis = await getDashboardKpis(deps(), filter);
      expect(kpis).toMatchObject({ ...expectedS2, total_time_stats: expect.any(Object) });
      expect(kpis.total_time_stats.p50).toBeCloseTo(2000, 9);
      expect(kpis.total_time_stats.p95).toBeCloseTo(2900, 9);
      expect(kpis.total_time_stats.p99).toBeCloseTo(2980, 9);
      expect(kpis.recent_runs.map((r) => r.total_duration_ms)).toEqual([3000, 1000]);
    }

    const everything = await getDashboardKpis(deps());
    expect(everything.total_runs).toBe(13);
    expect(everything.success_rate).toBeCloseTo(7 / 10, 12);
    // Completed durations 100, 200, 300, 400, 500, 1000, 3000: the median is the 4th.
    expect(everything.total_time_stats.p50).toBeCloseTo(400, 9);

    const before = await getDashboardKpis(deps(), { to: minute(3) });
    expect(before.total_runs).toBe(3);
    expect(before.total_time_stats.p50).toBeCloseTo(300, 9);
  });

  it('refuse a filter PostgreSQL could not use', async () => {
    const error = await rejectionAs(getDashboardKpis(deps(), { automation_id: 0 }), ValidationError);
    expect(error.details).toEqual([
      { field: 'automation_id', message: 'must be a whole number from 1 to 2147483647' },
    ]);
  });
});
