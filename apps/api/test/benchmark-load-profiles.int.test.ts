/**
 * Ramping load profiles end to end on each database: the live API's embedded worker runs a
 * benchmark with `stages` against the in-process mock. An open profile's runs get the intended
 * send times the pure timeline lays out; a closed profile keeps the runs in flight at or under
 * the ramping target and ends with its last stage.
 */
import { rampedArrivalOffsetsMs } from '@tfbench/core/benchmarks';
import { runs } from '@tfbench/core/db';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_MOCK } from './engine-helpers.js';
import * as load from './load-helpers.js';

describe.each(load.BACKENDS)('ramping load profiles [%s]', (backend) => {
  const api = load.useLoadApi(backend);
  let scenarioId: number;
  beforeAll(async () => {
    scenarioId = await load.seedMockScenario(api(), FAST_MOCK);
  }, 60_000);

  async function runRows(benchmarkId: number) {
    return api()
      .runtime.db.db.select({
        intended: runs.intended_start_at,
        dispatched: runs.dispatched_at,
        started: runs.started_at,
        finished: runs.finished_at,
        actual_start_at: runs.actual_start_at,
        total_duration_ms: runs.total_duration_ms,
        status: runs.status,
        error_code: runs.error_code,
      })
      .from(runs)
      .where(eq(runs.benchmark_id, benchmarkId))
      .orderBy(runs.id);
  }

  it('a ramping arrival rate sends on the timeline its stages define', async () => {
    const stages = [
      { duration_s: 1, target: 12 },
      { duration_s: 1, target: 4 },
    ];
    const { benchmark, done } = await load.benchmarkToEnd(api(), {
      scenario_id: scenarioId,
      iterations: 1000,
      concurrency: 20,
      arrival: 'constant',
      stages,
      seed: 3,
    });
    // Λ(2 s) = 6 + 8 = 14: fourteen arrivals, at Λ = 0..13.
    expect(benchmark.settings).toMatchObject({ iterations: 14, stages, start_target: 0, rate_per_s: null });
    expect(done).toMatchObject({ status: 'completed', summary: { completed_runs: 14 } });
    const start = Date.parse(done.measurement_started_at as string);
    const expected = rampedArrivalOffsetsMs({
      arrival: 'constant',
      stages,
      start_rate: 0,
      max_count: 1000,
      seed: 3,
    });
    const rows = await runRows(benchmark.id as number);
    expect(rows).toHaveLength(14);
    for (const [i, row] of rows.entries()) {
      expect(Math.abs(row.intended!.getTime() - start - expected[i]!)).toBeLessThanOrEqual(1);
    }
  }, 60_000);

  it('a ramping concurrency never has more runs in flight than its target and ends with the profile', async () => {
    const { benchmark, done } = await load.benchmarkToEnd(api(), {
      scenario_id: scenarioId,
      iterations: 500,
      concurrency: 3,
      stages: [{ duration_s: 1.5, target: 3 }],
    });
    expect(benchmark.settings).toMatchObject({ duration_s: 1.5, start_target: 1 });
    expect(done.status).toBe('completed');
    const start = Date.parse(done.measurement_started_at as string);
    const rows = await runRows(benchmark.id as number);
    const ran = rows.filter((row) => row.started !== null);
    expect(ran.length).toBeGreaterThan(3);
    // Target 1 until 1.5 crosses at 375 ms, 2 until 1125 ms, then 3, counted upstream (see
    // upstreamAt): each run's own request included.
    for (const run of ran) {
      const sent = run.actual_start_at!.getTime();
      const elapsed = sent - start;
      const target = elapsed < 375 ? 1 : elapsed < 1125 ? 2 : 3;
      expect(load.upstreamAt(ran, sent), `at ${elapsed} ms`).toBeLessThanOrEqual(target);
    }
    expect(Math.max(...ran.map((run) => run.dispatched!.getTime() - start))).toBeLessThan(1500 + 100);
    const notStarted = rows.filter((row) => row.started === null);
    expect(notStarted.length).toBeGreaterThan(0);
    expect(new Set(notStarted.map((row) => row.error_code))).toEqual(new Set(['BENCHMARK_DURATION_ELAPSED']));
  }, 60_000);

  it('refuses a bad profile with 400 naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ arrival: 'constant', stages: [] }, 'stages'],
      [{ arrival: 'constant', stages: [{ duration_s: 0, target: 1 }] }, 'stages.0.duration_s'],
      [{ arrival: 'constant', stages: [{ duration_s: 1, target: -1 }] }, 'stages.0.target'],
      [{ arrival: 'constant', stages: [{ duration_s: 1, target: 'x' }] }, 'stages.0.target'],
      [{ arrival: 'closed', stages: [{ duration_s: 1, target: 5 }] }, 'stages.0.target'],
      [{ arrival: 'closed', stages: [{ duration_s: 1, target: 1.5 }] }, 'stages.0.target'],
      [{ arrival: 'constant', stages: [{ duration_s: 1, target: 0 }] }, 'stages'],
      [{ arrival: 'constant', rate_per_s: 2, stages: [{ duration_s: 1, target: 1 }] }, 'rate_per_s'],
      [{ arrival: 'closed', start_target: 1 }, 'start_target'],
      [{ arrival: 'constant', stages: [{ duration_s: 1, target: 1, extra: 1 }] }, 'stages.0.extra'],
    ];
    await load.expectBenchmarkRefusals(
      api(),
      { scenario_id: scenarioId, iterations: 10, concurrency: 2 },
      cases,
    );
  });
});
