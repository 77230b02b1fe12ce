/**
 * The benchmark driver on PGlite and PostgreSQL, with the real in-process queue, limiter and
 * event bus: creation, closed arrivals, cancel, progress events and the list. Open arrivals
 * and admission are in benchmarks-driver-open.test.ts; the end-to-end tests with the engine
 * and worker processes are in benchmarks.int.test.ts.
 */
import { ConflictError, NotFoundError, ValidationError } from '@tfbench/domain/errors';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { expect, it, vi } from 'vitest';
import { EndedRuns } from '../src/benchmarks/ended-runs.js';
import {
  admitBenchmarkRun,
  BENCHMARK_RUN_ERROR_CODES,
  cancelBenchmark,
  createBenchmark,
  driveBenchmark,
  getBenchmark,
  listBenchmarks,
  onRunFinished,
} from '../src/benchmarks/index.js';
import { RunHandOver } from '../src/benchmarks/run-hand-over.js';
import { runs } from '../src/db/schema.js';
import type { DeliveredEvent } from '../src/events/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { useDriverHarness } from './benchmarks-driver-fixtures.js';
import { rejectionAs, sleep } from './seed.js';

describeEachDatabase('benchmark driver', (getDb) => {
  const h = useDriverHarness(getDb);
  const { deps, runsOf, inFlight, finish, createAndDrive } = h;
  const db = () => getDb().db;

  it('creates the benchmark and all runs, warm-ups first, and enqueues its driver', async () => {
    const created = await createBenchmark(deps, {
      scenario_id: h.scenarioId,
      name: 'b',
      iterations: 3,
      concurrency: 2,
      warmup_runs: 2,
      inputs_override: { temperature: 0.1 },
    });
    expect(created).toMatchObject({
      id: 1,
      name: 'b',
      status: 'pending',
      counts: { pending: 5, running: 0, completed: 0 },
      progress: { total: 5, done: 0, fraction: 0, warmup: { total: 2, done: 0 } },
      settings: { iterations: 3, concurrency: 2, arrival: 'closed', warmup_runs: 2, source: 'api' },
    });
    const created_runs = await runsOf(created.id);
    expect(created_runs.map((r) => [r.is_warmup, r.trigger, r.status, r.dispatched_at])).toEqual([
      [true, 'benchmark', 'pending', null],
      [true, 'benchmark', 'pending', null],
      [false, 'benchmark', 'pending', null],
      [false, 'benchmark', 'pending', null],
      [false, 'benchmark', 'pending', null],
    ]);
    expect(created_runs[0]!.inputs).toEqual({ temperature: 0.1 });
    expect(await deps.queue.counts('benchmark.drive')).toMatchObject({ waiting: 1 });
  });

  it('refuses an unknown scenario with 404 and a bad request with 400, storing nothing', async () => {
    const missing = await rejectionAs(
      createBenchmark(deps, { scenario_id: 99, iterations: 1, concurrency: 1 }),
      NotFoundError,
    );
    expect(missing.details).toMatchObject({ resource: 'scenario', field: 'scenario_id' });
    await rejectionAs(
      createBenchmark(deps, { scenario_id: h.scenarioId, iterations: 1, concurrency: 1, arrival: 'poisson' }),
      ValidationError,
    );
    expect((await listBenchmarks({ db: getDb() })).total).toBe(0);
  });

  it('closed arrival: warm-ups first, then one run starts when one ends, never more than concurrency', async () => {
    const id = await createAndDrive({
      iterations: 5,
      concurrency: 2,
      warmup_runs: 2,
      thresholds: ['success_rate >= 0.8', 'p50(total_duration_ms) < 100'],
    });
    expect(await inFlight(id)).toEqual([1, 2]);
    await finish(1);
    // Measured runs wait until every warm-up has ended.
    expect(await inFlight(id)).toEqual([2]);
    expect((await getBenchmark(deps, id)).measurement_started_at).toBeNull();
    await finish(2);
    expect(await inFlight(id)).toEqual([3, 4]);
    expect((await getBenchmark(deps, id)).measurement_started_at).toBeInstanceOf(Date);
    await finish(3, 'completed', { total_duration_ms: 50 });
    // One ended, exactly one more started: not when all end.
    expect(await inFlight(id)).toEqual([4, 5]);
    // A repeated or late hook call dispatches nothing more.
    await onRunFinished(deps, { id: 3, benchmark_id: id });
    await driveBenchmark(deps, id);
    expect(await inFlight(id)).toEqual([4, 5]);
    await finish(4, 'failed', { error_code: 'HTTP_500' });
    expect(await inFlight(id)).toEqual([5, 6]);
    await finish(5, 'completed', { total_duration_ms: 70 });
    await finish(6, 'completed', { total_duration_ms: 90 });
    expect(await inFlight(id)).toEqual([7]);
    expect((await getBenchmark(deps, id)).status).toBe('running');
    await finish(7, 'completed', { total_duration_ms: 110 });

    const done = await getBenchmark(deps, id);
    expect(done).toMatchObject({
      status: 'completed',
      counts: { completed: 6, failed: 1, pending: 0 },
      progress: { total: 7, done: 7, fraction: 1 },
    });
    expect(done.finished_at).toBeInstanceOf(Date);
    // Warm-ups excluded: 4 completed of 5 measured outcomes; totals 50, 70, 90, 110.
    expect(done.summary).toMatchObject({
      measured_runs: 5,
      completed_runs: 4,
      success_rate: { estimate: 0.8 },
      total_duration_ms: { p50: 80 },
      errors: [{ error_code: 'HTTP_500', count: 1 }],
    });
    expect(done.threshold_results).toEqual([
      { expression: 'success_rate >= 0.8', observed: 0.8, passed: true, n: 5 },
      { expression: 'p50(total_duration_ms) < 100', observed: 80, passed: true, n: 4 },
    ]);
    // Seven dispatches, seven run.execute jobs (the in-process queue has no handler here).
    expect(await deps.queue.counts('run.execute')).toMatchObject({ waiting: 7 });
  });

  it('closed arrival claims the run that replaces an ended one for the job of this process waiting for it, and gives it back when no job takes it', async () => {
    let alone = true;
    const handOver = new RunHandOver(() => alone, undefined, 'worker-a');
    deps.handOver = handOver;
    try {
      const id = await createAndDrive({ iterations: 4, concurrency: 2 });
      expect(await inFlight(id)).toEqual([1, 2]);
      const taker = handOver.waitForRun(id, 1);
      await finish(1);
      const handed = await taker.handed;
      expect(handed).toMatchObject({
        runId: 3,
        claimed: { id: 3, status: 'running', worker_id: 'worker-a', executions: 1, queue_wait_ms: 0 },
      });
      expect(handed.claimed?.started_at).toBeInstanceOf(Date);
      expect(handed.claimed?.dispatched_at).toBeInstanceOf(Date);
      const stored = (await runsOf(id)).find((run) => run.id === 3);
      expect(stored).toMatchObject({ status: 'running', worker_id: 'worker-a', executions: 1 });
      // Handed over, not enqueued: only the first two runs have jobs.
      expect(await deps.queue.counts('run.execute')).toMatchObject({ waiting: 2 });

      // The process stops being the only worker after the step claimed, before it hands out.
      const handOut = handOver.handOut.bind(handOver);
      vi.spyOn(handOver, 'handOut').mockImplementationOnce((benchmarkId, dispatched) => {
        alone = false;
        return handOut(benchmarkId, dispatched);
      });
      const second = handOver.waitForRun(id, 2);
      await finish(2);
      expect(second.withdraw()).toBeUndefined();
      const givenBack = (await runsOf(id)).find((run) => run.id === 4);
      expect(givenBack).toMatchObject({
        status: 'pending',
        worker_id: null,
        started_at: null,
        executions: 1,
      });
      expect(givenBack?.dispatched_at).toBeInstanceOf(Date);
      expect(await deps.queue.counts('run.execute')).toMatchObject({ waiting: 3 });
      expect(await inFlight(id)).toEqual([3, 4]);
    } finally {
      delete deps.handOver;
    }
  });

  /**
   * Eight "workers" racing over a benchmark's dispatched runs until none is open: each claims
   * the next one (as the engine's claim does) and passes it to `execute`, worker index too.
   */
  async function raceWorkers(id: number, execute: (runId: number, worker: number) => Promise<void>) {
    const claimOne = async (): Promise<number | undefined> => {
      const [claimed] = await db()
        .update(runs)
        .set({ status: 'running', started_at: sql`now()` })
        .where(
          sql`${runs.id} = (select id from runs where benchmark_id = ${id} and status = 'pending'
              and dispatched_at is not null order by id limit 1 for update skip locked)`,
        )
        .returning({ id: runs.id });
      return claimed?.id;
    };
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (;;) {
          const runId = await claimOne();
          if (runId !== undefined) {
            await execute(runId, worker);
            continue;
          }
          const open = await db()
            .select({ id: runs.id })
            .from(runs)
            .where(and(eq(runs.benchmark_id, id), inArray(runs.status, ['pending', 'running'])));
          if (open.length === 0) return;
          await sleep(2);
        }
      }),
    );
  }

  it('closed arrival keeps the cap when many finishers race (row lock + SKIP LOCKED)', async () => {
    const concurrency = 3;
    const id = await createAndDrive({ iterations: 30, concurrency });
    let maxInFlight = 0;
    // Each worker holds its run briefly, finishes it and calls the hook.
    await raceWorkers(id, async (runId) => {
      maxInFlight = Math.max(maxInFlight, (await inFlight(id)).length);
      await sleep(Math.floor(Math.random() * 4));
      await finish(runId);
    });
    expect(maxInFlight).toBeLessThanOrEqual(concurrency);
    expect(maxInFlight).toBe(concurrency);
    expect(await getBenchmark(deps, id)).toMatchObject({ status: 'completed', counts: { completed: 30 } });
  });

  it('closed arrival replaces a run once it has ended upstream, before its outcome is stored, and keeps the cap across processes', async () => {
    const concurrency = 3;
    const id = await createAndDrive({ iterations: 40, concurrency });
    // Two processes, each with its own record of the runs it ended upstream.
    const processes = [new EndedRuns(), new EndedRuns()];
    let upstream = 0;
    let maxUpstream = 0;
    let maxOpen = 0;
    // Four workers per process: each holds its run upstream briefly, ends it upstream (the
    // process's step runs at once), and stores it a little later.
    await raceWorkers(id, async (runId, worker) => {
      const endedRuns = processes[worker % 2]!;
      upstream++;
      maxUpstream = Math.max(maxUpstream, upstream);
      await sleep(5 + Math.floor(Math.random() * 5));
      upstream--;
      let stored: () => void = () => {};
      endedRuns.add(id, runId, new Promise<void>((resolve) => (stored = resolve)));
      await onRunFinished({ ...deps, endedRuns }, { id: runId, benchmark_id: id });
      maxOpen = Math.max(maxOpen, (await inFlight(id)).length);
      await sleep(Math.floor(Math.random() * 6));
      try {
        await finish(runId);
      } finally {
        stored();
      }
    });
    expect(maxUpstream).toBeLessThanOrEqual(concurrency);
    expect(maxUpstream).toBe(concurrency);
    // Replacements were dispatched while the runs they replace were still being stored.
    expect(maxOpen).toBeGreaterThan(concurrency);
    expect(processes.map((ended) => ended.size)).toEqual([0, 0]);
    expect(await getBenchmark(deps, id)).toMatchObject({ status: 'completed', counts: { completed: 40 } });
  });

  it('closed arrival with duration_s: runs not handed out by the deadline are cancelled', async () => {
    const id = await createAndDrive({
      iterations: 6,
      concurrency: 1,
      duration_s: 0.3,
    });
    expect(await inFlight(id)).toEqual([1]);
    // The deadline step was scheduled as a delayed driver job.
    expect((await deps.queue.counts('benchmark.drive')).delayed).toBe(1);
    await sleep(400);
    await finish(1);
    const done = await getBenchmark(deps, id);
    expect(done).toMatchObject({ status: 'completed', counts: { completed: 1, cancelled: 5 } });
    const codes = (await runsOf(id)).slice(1).map((r) => r.error_code);
    expect(codes).toEqual(Array(5).fill(BENCHMARK_RUN_ERROR_CODES.durationElapsed));
  });

  it('cancel: pending runs at once, running ones flagged, summary once the last has ended', async () => {
    const id = await createAndDrive({ iterations: 5, concurrency: 2 });
    await db().update(runs).set({ status: 'running', started_at: sql`now()` }).where(eq(runs.id, 1));
    const cancelled = await cancelBenchmark(deps, id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      finished_at: null,
      counts: { running: 1, cancelled: 4 },
    });
    const all = await runsOf(id);
    expect(all[0]!.cancel_requested_at).toBeInstanceOf(Date);
    expect(all.slice(1).map((r) => r.error_code)).toEqual(Array(4).fill(BENCHMARK_RUN_ERROR_CODES.cancelled));
    // Cancelled runs are never admitted, even if their job comes.
    expect(await admitBenchmarkRun(deps, all[1]!)).toEqual({ admitted: false, reason: 'benchmark_over' });
    // Idempotent.
    expect((await cancelBenchmark(deps, id)).status).toBe('cancelled');
    // The worker holding run 1 cancels it upstream and stores it; the benchmark finishes.
    await finish(1, 'cancelled');
    const done = await getBenchmark(deps, id);
    expect(done.status).toBe('cancelled');
    expect(done.finished_at).toBeInstanceOf(Date);
    expect(done.summary).toMatchObject({ measured_runs: 5, outcome_runs: 0 });

    const completedId = await createAndDrive({
      iterations: 1,
      concurrency: 1,
    });
    await finish((await runsOf(completedId))[0]!.id);
    await rejectionAs(cancelBenchmark(deps, completedId), ConflictError);
    await rejectionAs(cancelBenchmark(deps, 12345), NotFoundError);
  });

  it('publishes benchmark.progress with counts, the final state included', async () => {
    const events: DeliveredEvent[] = [];
    deps.bus.subscribe({ kinds: ['benchmark.progress'] }, (delivered) => events.push(delivered));
    const id = await createAndDrive({ iterations: 3, concurrency: 3 });
    for (const run of await runsOf(id)) await finish(run.id);
    await sleep(400);
    const last = events.at(-1)?.event;
    expect(last).toEqual({
      kind: 'benchmark.progress',
      benchmark_id: id,
      scenario_id: h.scenarioId,
      status: 'completed',
      counts: { pending: 0, running: 0, completed: 3, failed: 0, cancelled: 0, timeout: 0 },
      total: 3,
    });
    expect(events[0]?.event).toMatchObject({ status: 'running' });
  });

  it('lists newest first with counts and filters', async () => {
    const a = await createBenchmark(deps, { scenario_id: h.scenarioId, iterations: 2, concurrency: 1 });
    const bId = await createAndDrive({ iterations: 1, concurrency: 1 });
    await finish((await runsOf(bId))[0]!.id);
    const page = await listBenchmarks({ db: getDb() }, {});
    expect(page.total).toBe(2);
    expect(page.items.map((item) => [item.id, item.status, item.progress.total])).toEqual([
      [bId, 'completed', 1],
      [a.id, 'pending', 2],
    ]);
    expect(page.items[0]!.summary).toMatchObject({ completed_runs: 1 });
    expect(page.items[1]!.summary).toBeNull();
    expect((await listBenchmarks({ db: getDb() }, { status: 'pending' })).items.map((i) => i.id)).toEqual([
      a.id,
    ]);
    await rejectionAs(listBenchmarks({ db: getDb() }, { status: 'nope' as never }), ValidationError);
  });
});
