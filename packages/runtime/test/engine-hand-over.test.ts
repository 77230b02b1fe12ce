/**
 * The run.execute job of a closed benchmark's run executes the run that replaces it (the
 * step dispatched it because that run ended), without a round trip through the queue; a job
 * that is stopping hands that run to the queue instead, so none is lost.
 */
import { createBenchmark, driveBenchmark } from '@tfbench/core/benchmarks';
import { type DatabaseHandle, runs } from '@tfbench/core/db';
import { type EngineFeatures, executeRunChain, type FinishTransactionStep } from '@tfbench/core/engine';
import { silentLogger } from '@tfbench/core/queue';
import { selectBenchmarkById, upsertWorkerBeat } from '@tfbench/core/repositories';
import { describeEachDatabase } from '@tfbench/core/testing';
import { asc, eq, isNotNull } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
  type EngineHarness,
  eventually,
  seedReadmeScenario,
  startHarness,
  upstreamPosts,
} from './helpers.js';

/** A closed benchmark started by its driver's first step: its first run is in the queue. */
async function startClosedBenchmark(db: DatabaseHandle, harness: EngineHarness, iterations: number) {
  const scenarioId = await seedReadmeScenario(db);
  const deps = {
    db,
    queue: harness.queue,
    enqueueRun: harness.engine.context.enqueueRun,
    limiter: harness.limiter,
    logger: silentLogger,
  };
  const benchmark = await createBenchmark(deps, {
    scenario_id: scenarioId,
    arrival: 'closed',
    iterations,
    concurrency: 1,
  });
  await driveBenchmark(deps, benchmark.id);
  const [first] = await db.db.select().from(runs).where(isNotNull(runs.dispatched_at)).orderBy(asc(runs.id));
  expect(first?.benchmark_id).toBe(benchmark.id);
  return { benchmarkId: benchmark.id, firstRunId: first!.id };
}

/** The first run's job, as the worker would run it: that run, then each one handed over. */
const chainFrom = (
  harness: EngineHarness,
  start: { benchmarkId: number; firstRunId: number },
  stopping: () => boolean = () => false,
) =>
  executeRunChain(
    harness.engine.context,
    { run_id: start.firstRunId, benchmark_id: start.benchmarkId },
    { signal: new AbortController().signal, stopping },
  );

/** The harness's engine as the one live worker: the only case runs are handed over in. */
const WORKER_ID = 'hand-over-host:1:abcdef';
async function soleWorkerHarness(db: DatabaseHandle, features?: Partial<EngineFeatures>) {
  await upsertWorkerBeat(db.db, WORKER_ID, 4);
  // No worker consumes the queue: only the chain executes runs.
  return startHarness(db, {
    worker: false,
    settings: { workerId: WORKER_ID },
    ...(features ? { features } : {}),
  });
}

/** A finish step whose first call waits until `open()`: the first outcome stays unstored until then. */
function gatedFinishStep() {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let calls = 0;
  const step: FinishTransactionStep = {
    marksRolledUp: false,
    apply: async () => {
      if (calls++ === 0) await gate;
    },
    undo: async () => {},
  };
  return { step, open, calls: () => calls };
}

const runsOf = (db: DatabaseHandle, benchmarkId: number) =>
  db.db.select().from(runs).where(eq(runs.benchmark_id, benchmarkId)).orderBy(asc(runs.id));

describeEachDatabase('runs handed over from job to job', (getDb) => {
  it('executes every run of a closed benchmark in the job of the run it replaces', async () => {
    const db = getDb();
    const harness = await soleWorkerHarness(db);
    const { benchmarkId, firstRunId } = await startClosedBenchmark(db, harness, 5);

    await chainFrom(harness, { benchmarkId, firstRunId });

    const rows = await runsOf(db, benchmarkId);
    expect(rows.map((run) => run.status)).toEqual(Array(5).fill('completed'));
    // Each run after the first was claimed by the step that dispatched it, once.
    expect(rows.map((run) => [run.executions, run.worker_id])).toEqual(Array(5).fill([1, WORKER_ID]));
    // One at a time (concurrency 1): never two upstream at once, each claimed after the one
    // before it was sent.
    expect(harness.mock.stats().max_in_flight_runs).toBe(1);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.started_at!.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.actual_start_at!.getTime());
    }
    expect((await selectBenchmarkById(db.db, benchmarkId))?.status).toBe('completed');
    // The queue only ever got the first run's job, which nobody consumed.
    const counts = await harness.queue.counts('run.execute');
    expect(counts.waiting + counts.delayed).toBe(1);
  }, 60_000);

  it("hands the next run over once the one before has ended upstream, while that one's outcome is being stored", async () => {
    const db = getDb();
    const finish = gatedFinishStep();
    const harness = await soleWorkerHarness(db, { finishStep: finish.step });
    const { benchmarkId, firstRunId } = await startClosedBenchmark(db, harness, 3);

    const chain = chainFrom(harness, { benchmarkId, firstRunId });
    // The first outcome waits in its transaction; the second run goes upstream meanwhile.
    await eventually(() => finish.calls() === 1, 10_000, "the first run's outcome being stored");
    await eventually(() => upstreamPosts(harness.mock) >= 2, 10_000, 'the second run sent');
    expect(finish.calls()).toBe(1);
    finish.open();
    await chain;

    const rows = await runsOf(db, benchmarkId);
    expect(rows.map((run) => run.status)).toEqual(Array(3).fill('completed'));
    expect(rows.map((run) => run.executions)).toEqual([1, 1, 1]);
    expect(rows[1]!.started_at!.getTime()).toBeLessThan(rows[0]!.finished_at!.getTime());
    // Still one at a time upstream: the slot was the first run's request, not its write.
    expect(harness.mock.stats().max_in_flight_runs).toBe(1);
    expect((await selectBenchmarkById(db.db, benchmarkId))?.status).toBe('completed');
  }, 60_000);

  it('hands the next run to the queue once its job is stopping', async () => {
    const db = getDb();
    const harness = await soleWorkerHarness(db);
    const { benchmarkId, firstRunId } = await startClosedBenchmark(db, harness, 5);
    // Asked before each run and after each run that handed one over: the worker starts
    // closing once the second run has handed the third over.
    let asked = 0;
    const rowsBefore = await runsOf(db, benchmarkId);
    expect(rowsBefore).toHaveLength(5);

    await chainFrom(harness, { benchmarkId, firstRunId }, () => ++asked >= 4);

    const rows = await runsOf(db, benchmarkId);
    expect(rows.map((run) => run.status)).toEqual([
      'completed',
      'completed',
      'pending',
      'pending',
      'pending',
    ]);
    // The third run was dispatched (and claimed) for this job, which was stopping: it went
    // back to pending and to the queue (next to the first run's job, never consumed here).
    expect(rows[2]!.dispatched_at).not.toBeNull();
    expect(rows[2]).toMatchObject({ worker_id: null, started_at: null, executions: 1 });
    const counts = await harness.queue.counts('run.execute');
    expect(counts.waiting + counts.delayed).toBe(2);
  }, 60_000);

  it('hands nothing over while another worker is live: the next run goes through the queue, to whichever is free', async () => {
    const db = getDb();
    // Another worker process beating in the same database.
    await upsertWorkerBeat(db.db, 'other-host:1:abcdef', 8);
    const harness = await soleWorkerHarness(db);
    const { benchmarkId, firstRunId } = await startClosedBenchmark(db, harness, 3);

    await chainFrom(harness, { benchmarkId, firstRunId });

    const rows = await runsOf(db, benchmarkId);
    expect(rows.map((run) => run.status)).toEqual(['completed', 'pending', 'pending']);
    expect(rows[1]!.dispatched_at).not.toBeNull();
    const counts = await harness.queue.counts('run.execute');
    expect(counts.waiting + counts.delayed).toBe(2);
  }, 60_000);
});
