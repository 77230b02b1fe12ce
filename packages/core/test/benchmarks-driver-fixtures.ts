/**
 * The benchmark driver tests' setup, per database: the real in-process queue, limiter and
 * event bus, a scenario to benchmark, and runs finished the way the engine finishes them (a
 * conditional UPDATE to a terminal status, then onRunFinished).
 */
import type { RunStatus } from '@tfbench/domain/model';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { afterEach, beforeEach, expect } from 'vitest';
import {
  type BenchmarkDeps,
  type CreateBenchmarkInput,
  createBenchmark,
  driveBenchmark,
  onRunFinished,
} from '../src/benchmarks/index.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { type Run, runs } from '../src/db/schema.js';
import { runEnqueuer } from '../src/engine/enqueue-run.js';
import { createEventBus, type EventBus } from '../src/events/index.js';
import {
  type ConcurrencyLimiter,
  createConcurrencyLimiter,
  createQueue,
  type JobQueue,
} from '../src/queue/index.js';
import { seedAutomation, seedScenario } from './seed.js';

export function useDriverHarness(getDb: () => DatabaseHandle) {
  /** Filled before each test: one object, so the tests can hold on to it. */
  const deps = {} as BenchmarkDeps & { queue: JobQueue; limiter: ConcurrencyLimiter; bus: EventBus };
  const harness = { deps, scenarioId: 0, runsOf, inFlight, finish, createAndDrive };

  beforeEach(async () => {
    const queue = createQueue();
    const limiter = createConcurrencyLimiter({ leaseMs: 1_000 });
    const bus = await createEventBus();
    Object.assign(deps, { db: getDb(), queue, enqueueRun: runEnqueuer(queue), limiter, bus });
    const automation = await seedAutomation(getDb());
    harness.scenarioId = (await seedScenario(getDb(), automation.id)).id;
  });

  afterEach(async () => {
    await deps.queue.close({ graceMs: 0 });
    await deps.limiter.close();
    await deps.bus.close();
  });

  const db = () => getDb().db;

  async function runsOf(benchmarkId: number): Promise<Run[]> {
    return db().select().from(runs).where(eq(runs.benchmark_id, benchmarkId)).orderBy(asc(runs.id));
  }

  /** Ids of runs handed to the queue and not yet ended. */
  async function inFlight(benchmarkId: number): Promise<number[]> {
    const rows = await db()
      .select({ id: runs.id })
      .from(runs)
      .where(
        and(
          eq(runs.benchmark_id, benchmarkId),
          isNotNull(runs.dispatched_at),
          inArray(runs.status, ['pending', 'running']),
        ),
      )
      .orderBy(asc(runs.id));
    return rows.map((row) => row.id);
  }

  /** What the engine does when a run ends: a conditional UPDATE, then the after-run hook. */
  async function finish(runId: number, status: RunStatus = 'completed', values: Partial<Run> = {}) {
    const [run] = await db()
      .update(runs)
      .set({
        status,
        finished_at: sql`now()`,
        started_at: sql`coalesce(${runs.started_at}, now())`,
        ...values,
      })
      .where(and(eq(runs.id, runId), inArray(runs.status, ['pending', 'running'])))
      .returning();
    expect(run, `run ${runId} was not open`).toBeDefined();
    await onRunFinished(deps, run!);
  }

  /** A benchmark of the harness's scenario, created and driven once: its first runs handed out. */
  async function createAndDrive(settings: Omit<CreateBenchmarkInput, 'scenario_id'>): Promise<number> {
    const { id } = await createBenchmark(deps, { scenario_id: harness.scenarioId, ...settings });
    await driveBenchmark(deps, id);
    return id;
  }

  return harness;
}
