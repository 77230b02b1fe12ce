/**
 * Benchmarks and schedules end to end, with real processes: the API (role `api`) in this
 * process, three worker processes (`apps/worker`) on one PostgreSQL database and one Redis,
 * and one mock TinyFish server they all call. The mock counts the runs in flight, so the cap
 * is checked where it matters: at the far end. A second suite runs the embedded default (one
 * process, PGlite, no Redis).
 */
import { randomBytes } from 'node:crypto';
import { arrivalOffsetsMs } from '@tfbench/core/benchmarks';
import { benchmarks, runs, scenarios } from '@tfbench/core/db';
import {
  createTestDatabaseUrl,
  deleteRedisKeys,
  requirePostgres,
  requireRedis,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
} from '@tfbench/core/testing';
import { type MockStats, type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { type EntryProcess, killEntry, spawnEntry } from '@tfbench/testbed/entry-process';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseEnv,
  getJson,
  type Json,
  type LiveApi,
  postJson,
  sleep,
  startLiveApi,
} from './engine-helpers.js';

const API_KEY = 'benchmark-test-key';

/** Runs of 4 steps, 40-200 ms apart: durations differ, so runs end one by one, not in waves. */
const VARIED_RUN = {
  started_delay_ms: 20,
  streaming_url_delay_ms: 10,
  steps: 4,
  step_delay_ms: { dist: 'uniform', min: 40, max: 200 },
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
} as const;

/** About 500 ms at the mock: STARTED after 100 ms, then two steps 200 ms apart. */
const HALF_SECOND_RUN = {
  started_delay_ms: 100,
  streaming_url_delay_ms: 10,
  steps: 2,
  step_delay_ms: 200,
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
} as const;

/** Poll until `check` returns a value (not undefined), or fail after `timeoutMs`. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function created(api: LiveApi, url: string, body: unknown): Promise<Json> {
  const response = await postJson(api.base, url, body);
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return response.json;
}

/**
 * An automation and a scenario whose runs the mock plays with `mock`. The per-request `mock`
 * object reaches only the in-process mock of mock mode (the live client does not send it), so
 * the external mock of the multi-process suite is configured server-wide instead.
 */
async function seedScenario(api: LiveApi, mock: object, runSettings: object = {}): Promise<number> {
  const automation = await created(api, '/api/v1/automations', {
    name: `a-${randomBytes(3).toString('hex')}`,
  });
  const scenario = await created(api, '/api/v1/scenarios', {
    name: `benchmarked-${randomBytes(3).toString('hex')}`,
    automation_id: automation.id,
    inputs_template: { url: 'https://example.com', goal: 'Find the title', mock },
    run_settings: runSettings,
  });
  return scenario.id as number;
}

async function finishedBenchmark(api: LiveApi, id: number, timeoutMs = 90_000): Promise<Json> {
  let last: Json = {};
  try {
    return await waitFor(
      `benchmark ${id} to finish`,
      async () => {
        last = (await getJson(api.base, `/api/v1/benchmarks/${id}`)).json;
        return last.finished_at ? last : undefined;
      },
      timeoutMs,
    );
  } catch (error) {
    const open = await api.runtime.db.db
      .select({ id: runs.id, status: runs.status, dispatched_at: runs.dispatched_at, error: runs.error })
      .from(runs)
      .where(eq(runs.benchmark_id, id));
    throw new Error(
      `${(error as Error).message}; last state ${JSON.stringify({ status: last.status, counts: last.counts })}; runs ${JSON.stringify(open.filter((r) => r.status !== 'completed'))}`,
    );
  }
}

/** The runs of a benchmark that did not complete, for assertion messages. */
async function notCompleted(api: LiveApi, id: number): Promise<string> {
  const rows = await api.runtime.db.db
    .select({ id: runs.id, status: runs.status, error_code: runs.error_code, error: runs.error })
    .from(runs)
    .where(eq(runs.benchmark_id, id));
  return JSON.stringify(rows.filter((r) => r.status !== 'completed'));
}

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

interface TimedRun {
  id: number;
  is_warmup: boolean;
  started_at: Date | null;
  finished_at: Date | null;
}

/**
 * For each run started after the first `concurrency`, how many other runs were executing at
 * the moment it started. Closed arrival replaces one ended run with one new run, so this is
 * concurrency - 1 at every replacement; waves ("start when all end") would give 0.
 */
function othersRunningAtReplacement(timed: TimedRun[], concurrency: number): number[] {
  const ordered = [...timed].sort((a, b) => a.started_at!.getTime() - b.started_at!.getTime());
  return ordered.slice(concurrency).map((run) => {
    const t = run.started_at!.getTime();
    return ordered.filter(
      (other) => other !== run && other.started_at!.getTime() <= t && other.finished_at!.getTime() > t,
    ).length;
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('benchmarks and schedules across three worker processes [postgres + redis]', async () => {
  const ready = (await requirePostgres()) && (await requireRedis());
  const prefix = uniqueRedisPrefix('bench');
  let database: Awaited<ReturnType<typeof createTestDatabaseUrl>> | undefined;
  let mock: MockTinyFish | undefined;
  let api: LiveApi | undefined;
  const workers: EntryProcess[] = [];
  const stats = async () => (await (await fetch(`${mock!.url}/__mock/stats`)).json()) as MockStats;

  beforeAll(async () => {
    if (!ready) return;
    database = await createTestDatabaseUrl();
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
      REDIS_URL: TEST_REDIS_URL,
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
    if (ready) await deleteRedisKeys(prefix);
  }, 60_000);

  it.skipIf(!ready)(
    'closed arrival: the mock never sees more than concurrency in flight; a run starts when one ends',
    async () => {
      const scenarioId = await seedScenario(api!, VARIED_RUN);
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
        done = await finishedBenchmark(api!, benchmark.id as number);
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
          worker_id: runs.worker_id,
        })
        .from(runs)
        .where(eq(runs.benchmark_id, benchmark.id as number));
      // Work was spread over more than one process, so the cap held across processes.
      expect(new Set(timed.map((r) => r.worker_id)).size).toBeGreaterThan(1);
      const measured = timed.filter((r) => !r.is_warmup);
      const others = othersRunningAtReplacement(measured, 3);
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
      const scenarioId = await seedScenario(api!, { ...VARIED_RUN, steps: 2 });
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
        const done = await finishedBenchmark(api!, benchmark.id as number);
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
      const scenarioId = await seedScenario(api!, { ...VARIED_RUN, steps: 6, step_delay_ms: 1_000 });
      mock!.reset();
      mock!.configure({ steps: 6, step_delay_ms: 1_000 });
      const benchmark = await created(api!, '/api/v1/benchmarks', {
        scenario_id: scenarioId,
        iterations: 6,
        concurrency: 2,
      });
      await waitFor('two runs in flight at the mock', async () =>
        (await stats()).runs_by_status.RUNNING === 2 ? true : undefined,
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
      const scenarioId = await seedScenario(api!, { ...VARIED_RUN, steps: 1 }, { interval_seconds: 1 });
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

describe('benchmarks on the embedded default [pglite, one process, no Redis]', () => {
  let api: LiveApi | undefined;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const database = await databaseEnv('pglite');
    drop = database.drop;
    api = await startLiveApi(database.env, { role: 'all' });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await drop?.();
  });

  it('keeps closed arrival at its concurrency and lays out an open schedule', async () => {
    const scenarioId = await seedScenario(api!, VARIED_RUN);
    const mock = api!.runtime.mock!;
    mock.reset();
    const closed = await created(api!, '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 10,
      concurrency: 2,
    });
    const done = await finishedBenchmark(api!, closed.id as number);
    expect(done).toMatchObject({ status: 'completed', summary: { completed_runs: 10 } });
    expect(mock.stats().max_in_flight_runs).toBe(2);

    const open = await created(api!, '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 6,
      concurrency: 6,
      arrival: 'poisson',
      rate_per_s: 10,
      seed: 5,
    });
    const openDone = await finishedBenchmark(api!, open.id as number);
    expect(openDone).toMatchObject({ status: 'completed', summary: { schedule: { dropped_runs: 0 } } });
    const start = Date.parse(openDone.measurement_started_at as string);
    const intended = await api!.runtime.db.db
      .select({ at: runs.intended_start_at })
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
    await waitFor(
      `benchmark ${id} to finish`,
      async () => {
        const [row] = await api!.runtime.db.db
          .select({ finished_at: benchmarks.finished_at })
          .from(benchmarks)
          .where(eq(benchmarks.id, id));
        return row?.finished_at ?? undefined;
      },
      90_000,
    );
  }

  it('on the default settings, 200 concurrent runs of 500 ms each are in flight at once at the mock', async () => {
    // Nothing configured: WORKER_CONCURRENCY is unset, as on a fresh `npm run start:api`.
    expect(api!.runtime.config.engine.workerConcurrency).toBeGreaterThanOrEqual(1_000);
    const capacity = await getJson(api!.base, '/api/v1/benchmarks/capacity');
    expect(capacity.json).toMatchObject({
      workers: 1,
      concurrency: api!.runtime.config.engine.workerConcurrency,
    });
    const scenarioId = await seedScenario(api!, HALF_SECOND_RUN);
    const mock = api!.runtime.mock!;
    // A cold process (JIT, PGlite's first statements) starts its first runs slower than 500 ms
    // runs end on a shared CPU: one benchmark of the same shape warms it, the next is counted.
    const warm = await created(api!, '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 200,
      concurrency: 200,
    });
    await waitForRow(warm.id as number);
    mock.reset();
    const benchmark = await created(api!, '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 200,
      concurrency: 200,
      strict_capacity: true,
    });
    expect(benchmark.warnings).toEqual([]);
    await waitForRow(benchmark.id as number);
    const done = (await getJson(api!.base, `/api/v1/benchmarks/${benchmark.id}`)).json;
    expect(done, await notCompleted(api!, benchmark.id as number)).toMatchObject({
      status: 'completed',
      verdict: 'no_thresholds',
      summary: { completed_runs: 200 },
    });
    // Counted where it matters: the far end saw 200 at once, and never more.
    expect(mock.stats().max_in_flight_runs).toBe(200);
  }, 120_000);

  it('a benchmark that drops arrivals fails its verdict, unless the check is turned off', async () => {
    const scenarioId = await seedScenario(api!, HALF_SECOND_RUN);
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
    const checked = await created(api!, '/api/v1/benchmarks', body);
    const failed = await finishedBenchmark(api!, checked.id as number);
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
    const report = await fetch(`${api!.base}/api/v1/benchmarks/${checked.id}/report`);
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
    const listed = await getJson(api!.base, `/api/v1/benchmarks?scenario_id=${scenarioId}`);
    expect((listed.json as unknown as Json[]).map((b) => b.verdict)).toEqual(['failed']);

    const unchecked = await created(api!, '/api/v1/benchmarks', { ...body, check_dropped_runs: false });
    const passed = await finishedBenchmark(api!, unchecked.id as number);
    expect(passed).toMatchObject({
      verdict: 'passed',
      threshold_results: [{ expression: 'success_rate >= 0.9', passed: true }],
    });
    expect((passed.summary as { schedule: { dropped_runs: number } }).schedule.dropped_runs).toBeGreaterThan(
      0,
    );
  }, 90_000);
});
