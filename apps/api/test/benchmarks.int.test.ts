import { arrivalOffsetsMs } from '@tfbench/core/benchmarks';
import { runs, scenarios } from '@tfbench/core/db';
import * as testing from '@tfbench/core/testing';
import { type MockStats, type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { type EntryProcess, killEntry, spawnEntry } from '@tfbench/testbed/entry-process';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, type LiveApi, postJson, sleep, startLiveApi } from './engine-helpers.js';
import { eventually } from './helpers.js';
import {
  created,
  finishedBenchmark,
  notCompleted,
  seedMockScenario,
  type TimedRequest,
  upstreamAt,
  VARIED_RUN,
} from './load-helpers.js';

const API_KEY = 'benchmark-test-key';

/** Samples the mock's in-flight counter until stopped. */
function sampleInFlight(read: () => Promise<MockStats>): { stop(): Promise<number[]> } {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push((await read()).in_flight_runs);
      await sleep(15);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

interface TimedRun extends TimedRequest {
  id: number;
  is_warmup: boolean;
}

/**
 * For each run sent after the first `concurrency`, how many other runs were upstream at the
 * moment it was sent. Closed arrival replaces one run whose request ended with one new run, so
 * this is concurrency - 1 at every replacement; waves ("start when all end") would give 0.
 */
function othersUpstreamAtReplacement(timed: TimedRun[], concurrency: number): number[] {
  const sentAt = (run: TimedRun) => run.actual_start_at!.getTime();
  const ordered = [...timed].sort((a, b) => sentAt(a) - sentAt(b));
  return ordered.slice(concurrency).map((run) => upstreamAt(ordered, sentAt(run), run));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('benchmarks and schedules across three worker processes [postgres + redis]', async () => {
  const ready = (await testing.requirePostgres()) && (await testing.requireRedis());
  const prefix = testing.uniqueRedisPrefix('bench');
  let database: Awaited<ReturnType<typeof testing.createTestDatabaseUrl>> | undefined;
  let mock: MockTinyFish | undefined;
  let api: LiveApi | undefined;
  const workers: EntryProcess[] = [];
  const stats = async () => (await (await fetch(`${mock!.url}/__mock/stats`)).json()) as MockStats;

  beforeAll(async () => {
    if (!ready) return;
    database = await testing.createTestDatabaseUrl();
    mock = await startMockTinyFish({
      host: '127.0.0.1',
      port: 0,
      seed: 11,
      apiKey: API_KEY,
      strict: false,
      model: VARIED_RUN,
    });
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: testing.TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      TINYFISH_MOCK_MODE: 'false',
      TINYFISH_API_KEY: API_KEY,
      TINYFISH_BASE_URL: mock.url,
      // Each worker alone could run far more than any benchmark's concurrency.
      WORKER_CONCURRENCY: '8',
      LOG_LEVEL: 'warn',
    };
    // The API first: it migrates the database before the workers open it.
    api = await startLiveApi(env, { role: 'api' });
    for (let i = 0; i < 3; i++) workers.push(spawnEntry('apps/worker/src/main.ts', env));
    await Promise.all(workers.map((worker) => worker.waitForOutput('ready', 90_000)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      workers.map(async (worker) => {
        if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
        await Promise.race([worker.exited, sleep(15_000)]);
        await killEntry(worker);
      }),
    );
    await api?.close();
    await mock?.close();
    await database?.drop();
    if (ready) await testing.deleteRedisKeys(prefix);
  }, 60_000);

  it.skipIf(!ready)(
    'closed arrival: the mock never sees more than concurrency in flight; a run starts when one ends',
    async () => {
      const scenarioId = await seedMockScenario(api!, VARIED_RUN);
      mock!.reset();
      mock!.configure({});
      const sampler = sampleInFlight(stats);
      let done: Json;
      let samples: number[];
      const benchmark = await created(api!, '/api/v1/benchmarks', {
        scenario_id: scenarioId,
        iterations: 24,
        concurrency: 3,
        warmup_runs: 2,
        thresholds: ['success_rate >= 0.9'],
      });
      try {
        done = await finishedBenchmark(api!, benchmark.id as number, 90_000);
      } catch (error) {
        const outputs = workers.map((w, i) => `--- worker ${i}\n${w.output().slice(-3000)}`).join('\n');
        const stuck = mock!.allGroundTruth().filter((truth) => truth.status === 'RUNNING');
        throw new Error(
          `${(error as Error).message}\nmock ${JSON.stringify(await stats())}\nstuck ${JSON.stringify(stuck).slice(0, 4000)}\nrequests ${JSON.stringify(
            mock!
              .requests()
              .filter((r) => !r.path?.includes('__mock'))
              .slice(-3),
          ).slice(0, 3000)}\n${outputs}`,
        );
      } finally {
        samples = await sampler.stop();
      }
      const mockStats = await stats();

      expect(done).toMatchObject({
        status: 'completed',
        counts: { completed: 26 },
        summary: { measured_runs: 24, completed_runs: 24, success_rate: { estimate: 1 } },
        threshold_results: [{ expression: 'success_rate >= 0.9', observed: 1, passed: true }],
      });
      // The cap, at the far end, across three processes with 8 slots each.
      expect(mockStats.runs_created).toBe(26);
      expect(mockStats.max_in_flight_runs).toBeLessThanOrEqual(3);
      expect(Math.max(...samples)).toBeLessThanOrEqual(3);
      // ... and reached: the benchmark really ran 3 at a time.
      expect(mockStats.max_in_flight_runs).toBe(3);

      const timed = await api!.runtime.db.db
        .select({
          id: runs.id,
          is_warmup: runs.is_warmup,
          started_at: runs.started_at,
          finished_at: runs.finished_at,
          actual_start_at: runs.actual_start_at,
          total_duration_ms: runs.total_duration_ms,
          worker_id: runs.worker_id,
        })
        .from(runs)
        .where(eq(runs.benchmark_id, benchmark.id as number));
      // Work was spread over more than one process, so the cap held across processes.
      expect(new Set(timed.map((r) => r.worker_id)).size).toBeGreaterThan(1);
      const measured = timed.filter((r) => !r.is_warmup);
      const others = othersUpstreamAtReplacement(measured, 3);
      expect(Math.max(...others)).toBeLessThanOrEqual(2);
      expect(median(others)).toBe(2);
      // Warm-ups ran first: every measured run started after the last warm-up ended.
      const warmupsEnd = Math.max(...timed.filter((r) => r.is_warmup).map((r) => r.finished_at!.getTime()));
      expect(Math.min(...measured.map((r) => r.started_at!.getTime()))).toBeGreaterThanOrEqual(warmupsEnd);
    },
    120_000,
  );

  it.skipIf(!ready)(
    'open arrivals follow the seeded schedule across workers and record the lag',
    async () => {
      const scenarioId = await seedMockScenario(api!, { ...VARIED_RUN, steps: 2 });
      mock!.configure({ steps: 2 });
      for (const arrival of ['constant', 'poisson'] as const) {
        const benchmark = await created(api!, '/api/v1/benchmarks', {
          scenario_id: scenarioId,
          iterations: 12,
          concurrency: 12,
          arrival,
          rate_per_s: 8,
          seed: 2024,
        });
        const done = await finishedBenchmark(api!, benchmark.id as number, 90_000);
        expect(done, await notCompleted(api!, benchmark.id as number)).toMatchObject({
          status: 'completed',
          counts: { completed: 12 },
        });
        const start = Date.parse(done.measurement_started_at as string);
        const expected = arrivalOffsetsMs({ arrival, rate_per_s: 8, count: 12, seed: 2024 });
        const rows = await api!.runtime.db.db
          .select()
          .from(runs)
          .where(eq(runs.benchmark_id, benchmark.id as number))
          .orderBy(runs.id);
        for (const [i, run] of rows.entries()) {
          // Intended send times are the schedule, to the millisecond.
          expect(Math.abs(run.intended_start_at!.getTime() - start - expected[i]!)).toBeLessThanOrEqual(1);
          // Actual start is recorded, never before the intended time, and late by little on an idle machine.
          const lag = run.actual_start_at!.getTime() - run.intended_start_at!.getTime();
          expect(lag).toBeGreaterThanOrEqual(-5);
          expect(lag).toBeLessThan(2_000);
        }
        const summary = done.summary as Json;
        const schedule = summary.schedule as { lag_ms: Json; dropped_runs: number };
        expect(schedule.dropped_runs).toBe(0);
        expect(schedule.lag_ms.count).toBe(12);
        const fromIntended = summary.latency_from_intended_ms as Json;
        const total = summary.total_duration_ms as Json;
        expect(fromIntended.count).toBe(12);
        // Latency from the intended send time includes the lag, so it is never below the service time.
        expect(fromIntended.p50 as number).toBeGreaterThanOrEqual((total.p50 as number) - 5);
      }
    },
    120_000,
  );

  it.skipIf(!ready)(
    'cancel: pending runs at once, runs in flight cancelled upstream at the mock',
    async () => {
      const scenarioId = await seedMockScenario(api!, { ...VARIED_RUN, steps: 6, step_delay_ms: 1_000 });
      mock!.reset();
      mock!.configure({ steps: 6, step_delay_ms: 1_000 });
      const benchmark = await created(api!, '/api/v1/benchmarks', {
        scenario_id: scenarioId,
        iterations: 6,
        concurrency: 2,
      });
      await eventually(
        async () => ((await stats()).runs_by_status.RUNNING === 2 ? true : undefined),
        'two runs in flight at the mock',
        60_000,
      );
      const cancelled = await postJson(api!.base, `/api/v1/benchmarks/${benchmark.id}/cancel`, {});
      expect(cancelled.status).toBe(200);
      expect(cancelled.json).toMatchObject({ status: 'cancelled', counts: { cancelled: 4, running: 2 } });
      const done = await finishedBenchmark(api!, benchmark.id as number, 30_000);
      expect(done).toMatchObject({ status: 'cancelled', counts: { cancelled: 6 } });
      const mockStats = await stats();
      expect(mockStats.runs_created).toBe(2);
      expect(mockStats.runs_by_status.CANCELLED).toBe(2);
    },
    60_000,
  );

  it.skipIf(!ready)(
    'a schedule fires exactly once per tick with three processes running the scheduler',
    async () => {
      const scenarioId = await seedMockScenario(api!, { ...VARIED_RUN, steps: 1 }, { interval_seconds: 1 });
      mock!.configure({ steps: 1 });
      const enabled = await postJson(api!.base, `/api/v1/scenarios/${scenarioId}/schedule`, {
        enabled: true,
      });
      expect(enabled.status).toBe(200);
      const first = Date.parse(enabled.json.next_run_at as string);
      const db = api!.runtime.db.db;
      // One statement, one snapshot: a tick's claim and its run commit together, so the runs
      // counted and next_run_at always agree when every tick fired exactly once.
      const snapshot = async () => {
        const [row] = await db
          .select({
            next_run_at: scenarios.next_run_at,
            fired:
              sql<number>`(select count(*) from runs where scenario_id = ${scenarioId} and trigger = 'schedule')`.mapWith(
                Number,
              ),
          })
          .from(scenarios)
          .where(eq(scenarios.id, scenarioId));
        return row!;
      };
      let checks = 0;
      const deadline = Date.now() + 6_000;
      while (Date.now() < deadline) {
        const { next_run_at, fired } = await snapshot();
        expect(fired).toBe((next_run_at!.getTime() - first) / 1000);
        checks++;
        await sleep(137);
      }
      const disabled = await postJson(api!.base, `/api/v1/scenarios/${scenarioId}/schedule`, {
        enabled: false,
      });
      expect(disabled.json).toMatchObject({ schedule_enabled: false, next_run_at: null });
      const fired = await db
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.scenario_id, scenarioId), eq(runs.trigger, 'schedule')));
      expect(checks).toBeGreaterThan(10);
      expect(fired.length).toBeGreaterThanOrEqual(4);
      expect(fired.length).toBeLessThanOrEqual(8);
    },
    60_000,
  );
});
