/**
 * Benchmarks on the embedded default, end to end: one process (API and worker), PGlite, no
 * Redis, and the in-process mock, which counts the runs in flight where it matters: at the
 * far end. Closed and open arrival, 200 runs at once on the default settings, and the verdict
 * of a benchmark that drops arrivals.
 */
import { arrivalOffsetsMs } from '@tfbench/core/benchmarks';
import { benchmarks, runs } from '@tfbench/core/db';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getJson, type Json } from './engine-helpers.js';
import { eventually } from './helpers.js';
import {
  created,
  finishedBenchmark,
  notCompleted,
  seedMockScenario,
  useLoadApi,
  VARIED_RUN,
} from './load-helpers.js';

/** About 500 ms at the mock: STARTED after 100 ms, then two steps 200 ms apart. */
const HALF_SECOND_RUN = {
  started_delay_ms: 100,
  streaming_url_delay_ms: 10,
  steps: 2,
  step_delay_ms: 200,
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
} as const;

describe('benchmarks on the embedded default [pglite, one process, no Redis]', () => {
  const api = useLoadApi('pglite');

  it('keeps closed arrival at its concurrency and lays out an open schedule', async () => {
    const scenarioId = await seedMockScenario(api(), VARIED_RUN);
    const mock = api().runtime.mock!;
    mock.reset();
    const closed = await created(api(), '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 10,
      concurrency: 2,
    });
    const done = await finishedBenchmark(api(), closed.id as number, 90_000);
    expect(done).toMatchObject({ status: 'completed', summary: { completed_runs: 10 } });
    expect(mock.stats().max_in_flight_runs).toBe(2);

    const open = await created(api(), '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 6,
      concurrency: 6,
      arrival: 'poisson',
      rate_per_s: 10,
      seed: 5,
    });
    const openDone = await finishedBenchmark(api(), open.id as number, 90_000);
    expect(openDone).toMatchObject({ status: 'completed', summary: { schedule: { dropped_runs: 0 } } });
    const start = Date.parse(openDone.measurement_started_at as string);
    const intended = await api()
      .runtime.db.db.select({ at: runs.intended_start_at })
      .from(runs)
      .where(eq(runs.benchmark_id, open.id as number))
      .orderBy(runs.id);
    const expected = arrivalOffsetsMs({ arrival: 'poisson', rate_per_s: 10, count: 6, seed: 5 });
    for (const [i, row] of intended.entries()) {
      expect(Math.abs(row.at!.getTime() - start - expected[i]!)).toBeLessThanOrEqual(1);
    }
  }, 90_000);

  /**
   * Watched through the row, not GET /benchmarks/{id}: its live summary, polled every 50 ms,
   * would cost this one process more CPU than the runs it watches.
   */
  async function waitForRow(id: number): Promise<void> {
    await eventually(
      async () => {
        const [row] = await api()
          .runtime.db.db.select({ finished_at: benchmarks.finished_at })
          .from(benchmarks)
          .where(eq(benchmarks.id, id));
        return row?.finished_at ?? undefined;
      },
      `benchmark ${id} to finish`,
      90_000,
    );
  }

  it('on the default settings, 200 concurrent runs of 500 ms each are in flight at once at the mock', async () => {
    // Nothing configured: WORKER_CONCURRENCY is unset, as on a fresh `npm run start:api`.
    expect(api().runtime.config.engine.workerConcurrency).toBeGreaterThanOrEqual(1_000);
    const capacity = await getJson(api().base, '/api/v1/benchmarks/capacity');
    expect(capacity.json).toMatchObject({
      workers: 1,
      concurrency: api().runtime.config.engine.workerConcurrency,
    });
    const scenarioId = await seedMockScenario(api(), HALF_SECOND_RUN);
    const mock = api().runtime.mock!;
    // A cold process (JIT, PGlite's first statements) starts its first runs slower than 500 ms
    // runs end on a shared CPU: one benchmark of the same shape warms it, the next is counted.
    const warm = await created(api(), '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 200,
      concurrency: 200,
    });
    await waitForRow(warm.id as number);
    mock.reset();
    const benchmark = await created(api(), '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 200,
      concurrency: 200,
      strict_capacity: true,
    });
    expect(benchmark.warnings).toEqual([]);
    await waitForRow(benchmark.id as number);
    const done = (await getJson(api().base, `/api/v1/benchmarks/${benchmark.id}`)).json;
    expect(done, await notCompleted(api(), benchmark.id as number)).toMatchObject({
      status: 'completed',
      verdict: 'no_thresholds',
      summary: { completed_runs: 200 },
    });
    // Counted where it matters: the far end saw 200 at once, and never more.
    expect(mock.stats().max_in_flight_runs).toBe(200);
  }, 120_000);

  it('a benchmark that drops arrivals fails its verdict, unless the check is turned off', async () => {
    const scenarioId = await seedMockScenario(api(), HALF_SECOND_RUN);
    // One slot, arrivals 50 ms apart, 20 ms of allowed lag: every arrival after the first
    // finds the slot taken by a 500 ms run and is dropped.
    const body = {
      scenario_id: scenarioId,
      iterations: 6,
      concurrency: 1,
      arrival: 'constant',
      rate_per_s: 20,
      max_lag_s: 0.02,
      thresholds: ['success_rate >= 0.9'],
    };
    const checked = await created(api(), '/api/v1/benchmarks', body);
    const failed = await finishedBenchmark(api(), checked.id as number, 90_000);
    const dropped = (failed.summary as { schedule: { dropped_runs: number } }).schedule.dropped_runs;
    expect(dropped).toBeGreaterThanOrEqual(4);
    expect(failed).toMatchObject({
      status: 'completed',
      verdict: 'failed',
      summary: {
        success_rate: { estimate: 1, denominator: 'runs_sent', runs_planned: 6, n: 6 - dropped },
      },
      threshold_results: [
        { expression: 'success_rate >= 0.9', passed: true },
        { expression: 'dropped_runs == 0', observed: dropped, passed: false, n: 6, built_in: true },
      ],
    });
    const report = await fetch(`${api().base}/api/v1/benchmarks/${checked.id}/report`);
    expect(report.status).toBe(200);
    const head = (await report.json()) as Json;
    expect(head.headline).toEqual({
      verdict: 'failed',
      success_rate: 1,
      runs_sent: 6 - dropped,
      runs_planned: 6,
      dropped_runs: dropped,
      schedule_lag_p99_ms: expect.any(Number),
    });
    const listed = await getJson(api().base, `/api/v1/benchmarks?scenario_id=${scenarioId}`);
    expect((listed.json as unknown as Json[]).map((b) => b.verdict)).toEqual(['failed']);

    const unchecked = await created(api(), '/api/v1/benchmarks', { ...body, check_dropped_runs: false });
    const passed = await finishedBenchmark(api(), unchecked.id as number, 90_000);
    expect(passed).toMatchObject({
      verdict: 'passed',
      threshold_results: [{ expression: 'success_rate >= 0.9', passed: true }],
    });
    expect((passed.summary as { schedule: { dropped_runs: number } }).schedule.dropped_runs).toBeGreaterThan(
      0,
    );
  }, 90_000);
});
