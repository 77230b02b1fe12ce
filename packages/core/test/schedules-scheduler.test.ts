/**
 * The scheduler on PGlite and PostgreSQL with the real in-process queue: a due tick fires one
 * run (or a benchmark), a tick is claimed by exactly one of several racing schedulers, and
 * downtime yields one catch-up, not a backfill.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BenchmarkDeps, getBenchmark } from '../src/benchmarks/index.js';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { benchmarks, runs, scenarios } from '../src/db/schema.js';
import { runEnqueuer } from '../src/engine/enqueue-run.js';
import { createConcurrencyLimiter, createQueue, type JobQueue } from '../src/queue/index.js';
import {
  fireScenarioTick,
  scheduledBenchmarkName,
  startScheduler,
  type TickOutcome,
} from '../src/schedules/index.js';
import { createTestDatabaseUrl, describeEachDatabase, requirePostgres } from '../src/testing/index.js';
import { seedAutomation, sleep } from './seed.js';

async function seedScheduledScenario(
  handle: DatabaseHandle,
  runSettings: Record<string, unknown>,
  nextRunAt: Date | null,
): Promise<number> {
  const automation = await seedAutomation(handle);
  const [row] = await handle.db
    .insert(scenarios)
    .values({
      name: 'scheduled',
      automation_id: automation.id,
      inputs_template: { prompt: 'hi' },
      run_settings: runSettings,
      schedule_enabled: true,
      next_run_at: nextRunAt,
    })
    .returning();
  return row!.id;
}

async function scenarioRow(handle: DatabaseHandle, id: number) {
  const [row] = await handle.db.select().from(scenarios).where(eq(scenarios.id, id));
  return row!;
}

describeEachDatabase('scheduler', (getDb) => {
  let queue: JobQueue;
  let deps: BenchmarkDeps;

  beforeEach(() => {
    queue = createQueue();
    deps = {
      db: getDb(),
      queue,
      enqueueRun: runEnqueuer(queue),
      limiter: createConcurrencyLimiter({ leaseMs: 1_000 }),
    };
  });

  afterEach(async () => {
    await queue.close({ graceMs: 0 });
    await deps.limiter.close();
  });

  it('fires a due tick as one run, moves next_run_at on by one interval and enqueues the run', async () => {
    const due = new Date(Date.now() - 200);
    const id = await seedScheduledScenario(getDb(), { interval_seconds: 30 }, due);
    const outcome = await fireScenarioTick(deps, await scenarioRow(getDb(), id), new Date());
    expect(outcome).toMatchObject({ kind: 'run', run_id: 1 });
    const [run] = await getDb().db.select().from(runs);
    expect(run).toMatchObject({ trigger: 'schedule', status: 'pending', inputs: { prompt: 'hi' } });
    const scenario = await scenarioRow(getDb(), id);
    expect(scenario.next_run_at?.getTime()).toBe(due.getTime() + 30_000);
    expect(await queue.counts('run.execute')).toMatchObject({ waiting: 1 });
    // The same tick again: lost, nothing created.
    expect(await fireScenarioTick(deps, { id, next_run_at: due, run_settings: {} }, new Date())).toEqual({
      kind: 'skipped',
      reason: 'no valid interval_seconds or cron',
      next_run_at: null,
    });
  });

  it('fires one run per tick when schedule_kind is not benchmark, whatever iterations says', async () => {
    const id = await seedScheduledScenario(
      getDb(),
      { interval_seconds: 60, iterations: 30, concurrency: 2 },
      new Date(Date.now() - 10),
    );
    const outcome = await fireScenarioTick(deps, await scenarioRow(getDb(), id), new Date());
    expect(outcome).toMatchObject({ kind: 'run' });
    expect(await getDb().db.select().from(runs)).toHaveLength(1);
    expect(await getDb().db.select().from(benchmarks)).toEqual([]);
  });

  it('fires a benchmark of iterations runs when schedule_kind is benchmark, named after the scenario and tick', async () => {
    const due = new Date(Date.UTC(2026, 11, 3, 8, 12, 0));
    const id = await seedScheduledScenario(
      getDb(),
      { interval_seconds: 60, schedule_kind: 'benchmark', iterations: 3, concurrency: 2, timeout_s: 30 },
      due,
    );
    const outcome = await fireScenarioTick(deps, await scenarioRow(getDb(), id), new Date());
    expect(outcome).toMatchObject({ kind: 'benchmark', benchmark_id: 1 });
    const benchmark = await getBenchmark({ db: getDb() }, 1);
    expect(benchmark).toMatchObject({
      name: 'scheduled · 3 Dec 2026, 08:12 UTC',
      status: 'pending',
      settings: { iterations: 3, concurrency: 2, timeout_s: 30, arrival: 'closed', source: 'schedule' },
      progress: { total: 3 },
    });
    const triggers = await getDb().db.select({ trigger: runs.trigger }).from(runs);
    expect(triggers.map((r) => r.trigger)).toEqual(['schedule', 'schedule', 'schedule']);
    expect(await queue.counts('benchmark.drive')).toMatchObject({ waiting: 1 });
  });

  it('claims but skips a tick whose benchmark settings are invalid', async () => {
    const id = await seedScheduledScenario(
      getDb(),
      { interval_seconds: 60, schedule_kind: 'benchmark', iterations: 3, concurrency: 0 },
      new Date(Date.now() - 10),
    );
    const outcome = await fireScenarioTick(deps, await scenarioRow(getDb(), id), new Date());
    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/concurrency/) });
    expect(await getDb().db.select().from(benchmarks)).toEqual([]);
    expect((await scenarioRow(getDb(), id)).next_run_at!.getTime()).toBeGreaterThan(Date.now());
  });

  it('after downtime fires one catch-up and continues from now, without backfilling', async () => {
    // Down for an hour with a one-minute interval: 60 ticks missed.
    const id = await seedScheduledScenario(
      getDb(),
      { interval_seconds: 60 },
      new Date(Date.now() - 3_600_000),
    );
    const ticks: TickOutcome[] = [];
    const scheduler = startScheduler(deps, {
      intervalMs: 50,
      superviseIntervalMs: 0,
      onTick: (_, outcome) => ticks.push(outcome),
    });
    await sleep(400);
    await scheduler.stop();
    expect(ticks.map((t) => t.kind)).toEqual(['run']);
    expect(await getDb().db.select().from(runs)).toHaveLength(1);
    const next = (await scenarioRow(getDb(), id)).next_run_at!.getTime();
    expect(next).toBeGreaterThan(Date.now() + 59_000);
    expect(next).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('runs one tick per second of a cron schedule and plans an enabled scenario without next_run_at', async () => {
    const first = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    const id = await seedScheduledScenario(getDb(), { cron: '* * * * * *' }, first);
    const unplanned = await seedScheduledScenario(getDb(), { interval_seconds: 3600 }, null);
    const scheduler = startScheduler(deps, { intervalMs: 100, superviseIntervalMs: 0 });
    await sleep(3_000);
    await scheduler.stop();
    const last = (await scenarioRow(getDb(), id)).next_run_at!;
    const fired = await getDb().db.select().from(runs).where(eq(runs.scenario_id, id));
    // Every tick from `first` up to (not including) `last` fired exactly once.
    expect(fired).toHaveLength((last.getTime() - first.getTime()) / 1000);
    expect(fired.length).toBeGreaterThanOrEqual(1);
    const planned = (await scenarioRow(getDb(), unplanned)).next_run_at!.getTime();
    expect(planned).toBeGreaterThan(Date.now() + 3_590_000);
  });
});

describe('scheduler: three schedulers on one PostgreSQL database', async () => {
  const postgres = await requirePostgres();
  let url: string;
  let drop: () => Promise<void>;
  const handles: DatabaseHandle[] = [];
  const queues: JobQueue[] = [];
  const limiter = createConcurrencyLimiter({ leaseMs: 1_000 });

  beforeAll(async () => {
    if (!postgres) return;
    const created = await createTestDatabaseUrl();
    url = created.url;
    drop = created.drop;
    for (let i = 0; i < 3; i++) {
      const handle = await openDatabase({ kind: 'postgres', url }, { maxConnections: 3 });
      handles.push(handle);
      queues.push(createQueue());
    }
    await migrate(handles[0]!);
  });

  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close({ graceMs: 0 })));
    await limiter.close();
    await Promise.all(handles.map((handle) => handle.close()));
    await drop?.();
  });

  it.skipIf(!postgres)('fires each due tick exactly once however many race for it', async () => {
    const handle = handles[0]!;
    for (let round = 0; round < 5; round++) {
      await handle.db.execute(sql`truncate runs, scenarios, automations restart identity cascade`);
      const id = await seedScheduledScenario(handle, { interval_seconds: 10 }, new Date(Date.now() - 5));
      const scenario = await scenarioRow(handle, id);
      const outcomes = await Promise.all(
        handles.map((db, i) =>
          fireScenarioTick(
            { db, queue: queues[i]!, enqueueRun: runEnqueuer(queues[i]!), limiter },
            scenario,
            new Date(),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.kind === 'run')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'lost')).toHaveLength(2);
      expect(await handle.db.select().from(runs)).toHaveLength(1);
    }
  });
});

describe('scheduledBenchmarkName', () => {
  it('says which scenario and which tick, with seconds only when the tick has them, within 200 characters', () => {
    expect(scheduledBenchmarkName('Checkout', new Date('2026-12-03T08:12:17.061Z'))).toBe(
      'Checkout · 3 Dec 2026, 08:12:17 UTC',
    );
    const long = scheduledBenchmarkName('x'.repeat(400), new Date('2026-01-09T00:00:00Z'));
    expect(long).toHaveLength(200);
    expect(long.endsWith('x… · 9 Jan 2026, 00:00 UTC')).toBe(true);
  });
});
