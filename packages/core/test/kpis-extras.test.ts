/**
 * The dashboard's extra figures (p90, mean, goal success, runs per minute, errors, cost) by
 * hand, and the wide-range path: KPIs read from the rollups agree with the exact ones —
 * counts, rates, errors and cost exactly, percentiles within 0.5 %.
 */
import { expect, it } from 'vitest';
import { rollUpPendingRuns } from '../src/rollups/index.js';
import { getDashboardKpis, type LatencyStats } from '../src/services/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedBenchmark, seedRun, seedScenario, seedSyntheticRuns } from './seed.js';

const T0 = Date.parse('2024-06-01T00:00:00Z');
const minute = (n: number) => new Date(T0 + n * 60_000);

function expectStatsWithin(estimate: LatencyStats, exact: LatencyStats, relative: number) {
  for (const key of ['p50', 'p90', 'p95', 'p99', 'mean'] as const) {
    const e = exact[key] as number;
    expect(e).not.toBeNull();
    expect(Math.abs((estimate[key] as number) - e), key).toBeLessThanOrEqual(relative * Math.abs(e) + 1e-9);
  }
}

describeEachDatabase('dashboard KPI extras', (getDb) => {
  const deps = () => ({ db: getDb() });

  it('add p90, mean, goal success, runs per minute, errors and cost (hand-computed)', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const runs = [
      // Completed with assertions: durations 100..500, goal met by three of five.
      { status: 'completed', total_duration_ms: 100, ttft_ms: 10, assertions_passed: true, cost_usd: 0.016 },
      { status: 'completed', total_duration_ms: 200, ttft_ms: 20, assertions_passed: true, cost_usd: 0.032 },
      { status: 'completed', total_duration_ms: 300, ttft_ms: 30, assertions_passed: false, cost_usd: 0.048 },
      { status: 'completed', total_duration_ms: 400, ttft_ms: 40, assertions_passed: true, cost_usd: 0.064 },
      { status: 'completed', total_duration_ms: 500, ttft_ms: 50, assertions_passed: null, cost_usd: null },
      // Failures: a goal verdict of false when assertions were evaluated, none otherwise.
      { status: 'failed', total_duration_ms: 9, error_code: 'SITE_BLOCKED', assertions_passed: false },
      { status: 'failed', total_duration_ms: 9, error_code: 'SITE_BLOCKED' },
      { status: 'failed', total_duration_ms: 9, error_code: null },
      { status: 'timeout', total_duration_ms: 99_999, error_code: 'TOTAL_TIMEOUT', assertions_passed: true },
      { status: 'cancelled', error_code: 'CANCELLED', assertions_passed: true },
      { status: 'running' },
    ] as const;
    for (const [i, values] of runs.entries()) {
      await seedRun(getDb(), scenario.id, { ...values, created_at: minute(i) });
    }
    const kpis = await getDashboardKpis(deps(), { from: minute(0), to: minute(20) });
    expect(kpis).toMatchObject({
      total_runs: 11,
      finished_runs: 9,
      completed_runs: 5,
      failed_runs: 3,
      timeout_runs: 1,
      cancelled_runs: 1,
      in_flight_runs: 1,
      // Verdicts: 4 completed with assertions (3 met) + failed with false + timeout with true = 6.
      goal_evaluated_runs: 6,
      goal_successful_runs: 3,
      errors: [
        { error_code: 'SITE_BLOCKED', count: 2 },
        { error_code: 'TOTAL_TIMEOUT', count: 1 },
        { error_code: 'UNKNOWN', count: 1 },
      ],
      source: 'exact',
      percentile_relative_error: 0,
    });
    expect(kpis.goal_success_rate).toBeCloseTo(0.5, 12);
    // p90 of 100..500 at rank 3.6: 400 + 0.6 * 100.
    expect(kpis.total_time_stats.p90).toBeCloseTo(460, 9);
    expect(kpis.total_time_stats.mean).toBeCloseTo(300, 9);
    expect(kpis.ttft_stats.p90).toBeCloseTo(46, 9);
    expect(kpis.ttft_stats.mean).toBeCloseTo(30, 9);
    expect(kpis.cost_usd).toBeCloseTo(0.16, 12);
    expect(kpis.cost_per_successful_run_usd).toBeCloseTo(0.032, 12);
    // 9 finished runs over a 20-minute window.
    expect(kpis.runs_per_minute).toBeCloseTo(9 / 20, 12);
    // Wilson interval of 5/9 at 95 %.
    expect(kpis.success_rate_ci?.lower).toBeCloseTo(0.2667, 3);
    expect(kpis.success_rate_ci?.upper).toBeCloseTo(0.8112, 3);
  });

  it('read wide ranges from the rollups in agreement with the exact figures', async () => {
    const automation = await seedAutomation(getDb());
    const other = await seedAutomation(getDb(), 'other');
    const ids = [
      (await seedScenario(getDb(), automation.id, 'a')).id,
      (await seedScenario(getDb(), automation.id, 'b')).id,
      (await seedScenario(getDb(), other.id, 'c')).id,
    ];
    const start = T0;
    const end = T0 + 4 * 86_400_000;
    await seedSyntheticRuns(getDb(), { runs: 4_000, scenarioIds: ids, start, end, seed: 3 });
    // Most runs rolled up, as the engine's hook would have done; the newest few not yet.
    await rollUpPendingRuns(deps(), { maxRuns: 3_600 });

    const windows = [
      {},
      { from: new Date(start + 3_600_000 + 17_000), to: new Date(end - 7_200_000 - 5_000) },
      { scenario_id: ids[1] },
      { automation_id: automation.id, from: new Date(start + 86_400_000) },
    ];
    for (const window of windows) {
      const approximate = await getDashboardKpis(deps(), window);
      const exact = await getDashboardKpis(deps(), { ...window, exact: true });
      expect(approximate.source, JSON.stringify(window)).toBe('rollups');
      expect(approximate.percentile_relative_error).toBe(0.005);
      expect(exact.source).toBe('exact');
      const counts = (k: typeof exact) => ({
        total_runs: k.total_runs,
        finished_runs: k.finished_runs,
        completed_runs: k.completed_runs,
        failed_runs: k.failed_runs,
        timeout_runs: k.timeout_runs,
        cancelled_runs: k.cancelled_runs,
        in_flight_runs: k.in_flight_runs,
        goal_evaluated_runs: k.goal_evaluated_runs,
        goal_successful_runs: k.goal_successful_runs,
        errors: k.errors,
        success_rate: k.success_rate,
      });
      expect(counts(approximate)).toEqual(counts(exact));
      // Equal but for the clock moving between the two calls (windows without an end run to now).
      expect(approximate.runs_per_minute).toBeCloseTo(exact.runs_per_minute as number, 6);
      expectStatsWithin(approximate.total_time_stats, exact.total_time_stats, 0.005);
      expectStatsWithin(approximate.ttft_stats, exact.ttft_stats, 0.005);
      expect(approximate.avg_inter_token_latency).toBeCloseTo(exact.avg_inter_token_latency as number, 6);
      expect(approximate.cost_usd).toBeCloseTo(exact.cost_usd as number, 9);
      expect(approximate.recent_runs.map((r) => r.id)).toEqual(exact.recent_runs.map((r) => r.id));
    }
  });

  it('compute benchmarks exactly, whatever their span', async () => {
    const automation = await seedAutomation(getDb());
    const scenario = await seedScenario(getDb(), automation.id);
    const benchmark = await seedBenchmark(getDb(), scenario.id);
    await seedRun(getDb(), scenario.id, {
      status: 'completed',
      total_duration_ms: 100,
      benchmark_id: benchmark.id,
      created_at: minute(0),
    });
    await seedRun(getDb(), scenario.id, {
      status: 'completed',
      total_duration_ms: 300,
      benchmark_id: benchmark.id,
      created_at: minute(3 * 24 * 60),
    });
    const kpis = await getDashboardKpis(deps(), { benchmark_id: benchmark.id });
    expect(kpis.source).toBe('exact');
    expect(kpis.total_time_stats.p50).toBe(200);
  });
});
