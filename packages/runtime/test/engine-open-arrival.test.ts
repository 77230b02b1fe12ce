/**
 * Open arrivals on the engine: a run is claimed as soon as its job reaches the worker (ahead
 * of its intended send time, by the queue lead) and admitted just before the send, so the
 * claim's database round trip is off the send path; its actual start is the moment its
 * request was written. Arrivals refused after the claim are stored as never started.
 */
import {
  benchmarkSlotKey,
  createBenchmark,
  EARLY_SLOT_LEAD_MS,
  SLOT_LEAD_MS,
} from '@tfbench/core/benchmarks';
import { type DatabaseHandle, runs } from '@tfbench/core/db';
import { type FinishTransactionStep, QUEUE_LEAD_MS } from '@tfbench/core/engine';
import { silentLogger } from '@tfbench/core/queue';
import { selectBenchmarkById } from '@tfbench/core/repositories';
import { describeEachDatabase } from '@tfbench/core/testing';
import { TERMINAL_RUN_STATUSES } from '@tfbench/domain/model';
import { asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
  type EngineHarness,
  eventually,
  FAST_MODEL,
  seedReadmeScenario,
  sleep,
  startHarness,
} from './helpers.js';

async function runOpenBenchmark(
  db: DatabaseHandle,
  harness: EngineHarness,
  settings: { iterations: number; concurrency: number; rate_per_s: number; max_lag_s?: number },
  model: Record<string, unknown>,
) {
  const scenarioId = await seedReadmeScenario(db, { inputs_template: { mock: model } });
  const benchmark = await createBenchmark(
    { db, queue: harness.queue, logger: silentLogger },
    { scenario_id: scenarioId, arrival: 'constant', ...settings },
  );
  await eventually(
    async () => (await selectBenchmarkById(db.db, benchmark.id))?.finished_at != null,
    30_000,
    'the benchmark to finish',
  );
  return db.db.select().from(runs).where(eq(runs.benchmark_id, benchmark.id)).orderBy(asc(runs.id));
}

/** {@link runOpenBenchmark} for a benchmark whose runs must all complete; fails the test otherwise. */
async function runCompletedBenchmark(
  db: DatabaseHandle,
  harness: EngineHarness,
  settings: { iterations: number; concurrency: number; rate_per_s: number },
  model: Record<string, unknown> = FAST_MODEL,
) {
  const rows = await runOpenBenchmark(db, harness, settings, model);
  expect(rows.map((r) => r.status)).toEqual(Array(settings.iterations).fill('completed'));
  return rows;
}

/** Every run was claimed more than `ms` before its intended send. */
function expectClaimedAhead(rows: Awaited<ReturnType<typeof runOpenBenchmark>>, ms: number): void {
  for (const run of rows) {
    const ahead = run.intended_start_at!.getTime() - run.started_at!.getTime();
    expect(ahead, `run ${run.id} claimed ${ahead} ms ahead`).toBeGreaterThan(ms);
  }
}

/** The limits the harness's benchmark slots were asked under, and when, from now on. */
function noteSlotsTaken(harness: EngineHarness): { at: number; limit: number }[] {
  const taken: { at: number; limit: number }[] = [];
  const tryAcquire = harness.limiter.tryAcquire.bind(harness.limiter);
  harness.limiter.tryAcquire = async (key, limit, options) => {
    const lease = await tryAcquire(key, limit, options);
    if (lease) taken.push({ at: Date.now(), limit });
    return lease;
  };
  return taken;
}

/**
 * Twenty runs 5 ms apart on a worker with `handlers` handlers, all completed; `statements` is
 * how many UPDATEs claimed them (one UPDATE's rows share its transaction's now()).
 */
async function claimTwentyRuns(db: DatabaseHandle, handlers: number) {
  const harness = await startHarness(db, { concurrency: handlers });
  const rows = await runCompletedBenchmark(db, harness, { iterations: 20, concurrency: 20, rate_per_s: 200 });
  return { rows, statements: new Set(rows.map((r) => r.started_at!.getTime())).size };
}

describeEachDatabase('open arrivals on the engine', (getDb) => {
  it('claims each run ahead of its intended time and records its start when the request was written', async () => {
    const db = getDb();
    const harness = await startHarness(db, { concurrency: 20 });
    const rows = await runCompletedBenchmark(db, harness, { iterations: 4, concurrency: 4, rate_per_s: 5 });
    for (const run of rows) {
      const intended = run.intended_start_at!.getTime();
      // The claim (started_at) came during the queue lead, before the intended instant.
      expect(run.started_at!.getTime()).toBeLessThan(intended);
      // The actual start is the send: never before the intended time (ms truncation aside)...
      const actual = run.actual_start_at!.getTime();
      expect(actual).toBeGreaterThanOrEqual(intended - 1);
      // ...and at or just before the mock received the request (the mock stamps on the
      // monotonic clock's epoch scale, the run on the wall clock: a few ms of drift allowed).
      const truth = harness.mock.groundTruth(run.tinyfish_run_id!);
      expect(truth).toBeDefined();
      expect(truth!.received_epoch_ms).toBeGreaterThanOrEqual(actual - 5);
      expect(truth!.received_epoch_ms - actual).toBeLessThan(200);
      expect(run.queue_wait_ms).toBeCloseTo(Math.max(0, actual - intended), -1);
    }
  }, 60_000);

  it('holds arrivals a queue lead ahead beyond the worker concurrency: a held run lends its handler slot', async () => {
    const db = getDb();
    // Two handlers for ten runs each held about a second: without lending, the third run would
    // be claimed only once the first had been sent and stored, a few ms before its instant.
    const harness = await startHarness(db, { concurrency: 2 });
    const rows = await runCompletedBenchmark(db, harness, {
      iterations: 10,
      concurrency: 10,
      rate_per_s: 10,
    });
    expectClaimedAhead(rows, QUEUE_LEAD_MS / 2);
  }, 60_000);

  it('takes early slots while the benchmark and the worker are far from their caps, and not on a busy worker', async () => {
    const db = getDb();
    const idle = await startHarness(db, { concurrency: 20 });
    const taken = noteSlotsTaken(idle);
    const rows = await runCompletedBenchmark(db, idle, { iterations: 10, concurrency: 10, rate_per_s: 10 });
    // A cap of ten keeps five for early slots; one taken late (a slow moment) goes the usual way.
    const early = taken.filter(({ limit }) => limit === 5);
    expect(early.length, `early slots: ${JSON.stringify(taken)}`).toBeGreaterThanOrEqual(8);
    const firstSend = Math.min(...rows.map((r) => r.intended_start_at!.getTime()));
    expect(Math.min(...early.map(({ at }) => at))).toBeLessThan(firstSend - SLOT_LEAD_MS);
    expect(Math.min(...early.map(({ at }) => at))).toBeGreaterThanOrEqual(firstSend - EARLY_SLOT_LEAD_MS - 2);
    await idle.close();
    // One handler: a slot taken back early would be one the next run needs.
    const busy = await startHarness(db, { concurrency: 1 });
    const takenBusy = noteSlotsTaken(busy);
    await runOpenBenchmark(db, busy, { iterations: 3, concurrency: 10, rate_per_s: 10 }, FAST_MODEL);
    expect(takenBusy.map(({ limit }) => limit)).toEqual([10, 10, 10]);
  }, 60_000);

  it('claims the runs that reach it well ahead of their sends together, a few per statement', async () => {
    // Alone, each job's claim would be an UPDATE of its own.
    const { rows, statements } = await claimTwentyRuns(getDb(), 4);
    expect(statements).toBeLessThanOrEqual(10);
    expectClaimedAhead(rows, QUEUE_LEAD_MS / 2);
  }, 60_000);

  it('claims without a handler: on one handler, the runs well ahead of their sends still claim together', async () => {
    // Had each job held the one handler through its claim, the next job would reach the
    // worker only once that claim was made: twenty runs, twenty UPDATEs.
    const { statements } = await claimTwentyRuns(getDb(), 1);
    expect(statements).toBeLessThanOrEqual(15);
  }, 60_000);

  it('sends held runs only while the worker has a handler free: past its concurrency they wait', async () => {
    const db = getDb();
    const harness = await startHarness(db, { concurrency: 1 });
    // Three runs 100 ms apart that each stream for about 450 ms, on one handler.
    const slow = { ...FAST_MODEL, steps: 3, step_delay_ms: 150 };
    const rows = await runCompletedBenchmark(
      db,
      harness,
      { iterations: 3, concurrency: 3, rate_per_s: 10 },
      slow,
    );
    const sent = rows
      .map((r) => ({
        start: r.actual_start_at!.getTime(),
        end: r.actual_start_at!.getTime() + r.total_duration_ms!,
      }))
      .sort((a, b) => a.start - b.start);
    // One at a time: each request written only after the one before it ended.
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.start).toBeGreaterThanOrEqual(sent[i - 1]!.end - 5);
    // All three were held ahead of their instants, so the wait is the lag, recorded as such.
    for (const run of rows) expect(run.started_at!.getTime()).toBeLessThan(run.intended_start_at!.getTime());
    expect(rows[2]!.actual_start_at!.getTime() - rows[2]!.intended_start_at!.getTime()).toBeGreaterThan(300);
  }, 60_000);

  it('frees the handler once a request has ended: the next run is sent while the outcome is still being stored', async () => {
    const db = getDb();
    // One handler, runs of about 150 ms a third of a second apart, and outcomes that take 400 ms
    // to store (inside the finish's transaction). Were the handler held through the store, each
    // run would wait for the one before it to be stored, a few hundred ms behind its instant.
    const slowStore: FinishTransactionStep = {
      marksRolledUp: false,
      apply: async () => {
        await sleep(400);
      },
      undo: async () => {},
    };
    const harness = await startHarness(db, { concurrency: 1, features: { finishStep: slowStore } });
    const rows = await runCompletedBenchmark(db, harness, { iterations: 3, concurrency: 3, rate_per_s: 3 });
    for (const run of rows) {
      const lag = run.actual_start_at!.getTime() - run.intended_start_at!.getTime();
      expect(lag, `run ${run.id} sent ${lag} ms after its instant`).toBeLessThan(100);
    }
  }, 60_000);

  it('stores a claimed arrival that found no slot in time as dropped and never started, and never sends it', async () => {
    const db = getDb();
    const harness = await startHarness(db, { concurrency: 20 });
    // One slot, arrivals 50 ms apart, 20 ms of allowed lag, runs of ~500 ms: after the first,
    // arrivals find the slot taken and are dropped.
    const slow = { ...FAST_MODEL, steps: 3, step_delay_ms: 150 };
    const rows = await runOpenBenchmark(
      db,
      harness,
      { iterations: 5, concurrency: 1, rate_per_s: 20, max_lag_s: 0.02 },
      slow,
    );
    const dropped = rows.filter((r) => r.error_code === 'ARRIVAL_DROPPED');
    expect(dropped.length).toBeGreaterThanOrEqual(3);
    for (const run of dropped) {
      expect(run).toMatchObject({
        status: 'cancelled',
        started_at: null,
        actual_start_at: null,
        queue_wait_ms: null,
        tinyfish_run_id: null,
      });
    }
    expect(harness.mock.stats().runs_created).toBe(rows.length - dropped.length);
  }, 60_000);

  it('gives the slot back and stores a run cancelled between its slot and its send as never started', async () => {
    const db = getDb();
    const harness = await startHarness(db, { concurrency: 4 });
    const scenarioId = await seedReadmeScenario(db, { inputs_template: { mock: FAST_MODEL } });
    // The cancel has to land in the slot's lead, the 50 ms between taking the slot and the
    // send. On a loaded machine this test's own sleep can overshoot into the send; that
    // attempt tests another path, so a new benchmark tries again, and only an attempt whose
    // cancel was asked in time and whose run never reached the mock is judged.
    for (let attempt = 1; ; attempt++) {
      const sentBefore = harness.mock.stats().runs_created;
      const benchmark = await createBenchmark(
        { db, queue: harness.queue, logger: silentLogger },
        { scenario_id: scenarioId, arrival: 'constant', iterations: 1, concurrency: 1, rate_per_s: 1 },
      );
      const runOf = async () =>
        (await db.db.select().from(runs).where(eq(runs.benchmark_id, benchmark.id)))[0];
      await eventually(async () => (await runOf())?.status === 'running', 10_000, 'the run to be claimed');
      const claimed = (await runOf())!;
      const intended = claimed.intended_start_at!.getTime();
      // Inside the slot lead: the slot is held, the request not yet written.
      await sleep(intended - SLOT_LEAD_MS / 2 - Date.now());
      const key = benchmarkSlotKey(benchmark.id);
      expect(await harness.limiter.inFlight(key)).toBe(1);
      expect(harness.mock.stats().runs_created).toBe(sentBefore);
      const cancelledAt = Date.now();
      await harness.engine.cancelRun({
        run_id: claimed.id,
        reason: 'stopped before the send',
        waitMs: 5_000,
      });
      // Any end: a late attempt may have sent the run, which can then end otherwise.
      const ended = async () =>
        (TERMINAL_RUN_STATUSES as readonly string[]).includes((await runOf())?.status ?? '');
      await eventually(ended, 10_000, 'the run to be stored');
      await sleep(100);
      // Too late to test this path: this process's own timer fired near the send instant or
      // after it, or the mock received the request.
      if (cancelledAt >= intended - SLOT_LEAD_MS / 5 || harness.mock.stats().runs_created > sentBefore) {
        expect(attempt, 'the cancel was late in every attempt').toBeLessThan(5);
        continue;
      }
      expect(await runOf()).toMatchObject({
        status: 'cancelled',
        error_code: 'CANCELLED',
        actual_start_at: null,
        tinyfish_run_id: null,
      });
      expect(await harness.limiter.inFlight(key)).toBe(0);
      return;
    }
  }, 90_000);
});
