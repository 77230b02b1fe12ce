/**
 * Creating and cancelling the largest allowed benchmark: all its runs are stored, in dispatch
 * order, in one transaction (a failure part-way leaves nothing), and all are cancelled, without
 * freezing the process: the runs go in slices, so on PGlite, which executes SQL on this
 * thread, timers keep firing.
 */
import { count, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { cancelBenchmark, createBenchmark } from '../src/benchmarks/index.js';
import { benchmarks, runs } from '../src/db/schema.js';
import { BENCHMARK_RUN_INSERT_CHUNK } from '../src/repositories/benchmark-runs-create.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedScenario } from './seed.js';

/**
 * The longest a 10 ms timer may wait while the benchmark is created: 1 s, or a quarter of the
 * whole operation on a machine so busy that it takes longer. Held for the whole operation (one
 * statement for all the runs), the wait is the operation's length; sliced into 50 statements,
 * it is about a fiftieth. The share keeps the test about that property, not about the speed
 * of a shared CI machine.
 */
function maxTimerLagMs(totalMs: number): number {
  return Math.max(1_000, totalMs / 4);
}

/** The longest gap between ticks of a 10 ms interval while `work` runs, and how long it ran. */
async function timerLagDuring<T>(
  work: () => Promise<T>,
): Promise<{ result: T; lagMs: number; totalMs: number }> {
  const started = performance.now();
  let last = started;
  let lagMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last);
    return { result, lagMs, totalMs: now - started };
  } finally {
    clearInterval(timer);
  }
}

describeEachDatabase('creating the largest benchmark', (getDb) => {
  it('stores all 100,000 runs, warm-ups first, without holding the event loop', async () => {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    const {
      result: created,
      lagMs,
      totalMs,
    } = await timerLagDuring(() =>
      createBenchmark(
        { db },
        { scenario_id: scenario.id, iterations: 99_990, warmup_runs: 10, concurrency: 1 },
      ),
    );
    expect(lagMs).toBeLessThan(maxTimerLagMs(totalMs));
    expect(created.counts).toMatchObject({ pending: 100_000 });

    const [shape] = await db.db
      .select({
        total: count(),
        first: sql<number>`min(${runs.id})::int`,
        last: sql<number>`max(${runs.id})::int`,
        warmups: sql<number>`count(*) filter (where ${runs.is_warmup})::int`,
        lastWarmup: sql<number>`max(${runs.id}) filter (where ${runs.is_warmup})::int`,
        pending: sql<number>`count(*) filter (where ${runs.status} = 'pending')::int`,
      })
      .from(runs)
      .where(eq(runs.benchmark_id, created.id));
    // Contiguous ids in insertion order: the warm-ups are the lowest ten, as the driver expects.
    expect(shape).toEqual({
      total: 100_000,
      first: 1,
      last: 100_000,
      warmups: 10,
      lastWarmup: 10,
      pending: 100_000,
    });
  });

  it('cancels all 100,000 pending runs without holding the event loop', async () => {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    const created = await createBenchmark(
      { db },
      { scenario_id: scenario.id, iterations: 100_000, concurrency: 1 },
    );
    const {
      result: cancelled,
      lagMs,
      totalMs,
    } = await timerLagDuring(() => cancelBenchmark({ db }, created.id));
    expect(lagMs).toBeLessThan(maxTimerLagMs(totalMs));
    expect(cancelled).toMatchObject({ status: 'cancelled', counts: { cancelled: 100_000, pending: 0 } });
    const [codes] = await db.db
      .select({
        total: count(),
        coded: sql<number>`count(*) filter (where ${runs.error_code} = 'BENCHMARK_CANCELLED')::int`,
      })
      .from(runs)
      .where(eq(runs.benchmark_id, created.id));
    expect(codes).toEqual({ total: 100_000, coded: 100_000 });
  });

  it('stores nothing when a slice fails part-way', async () => {
    const db = getDb();
    const scenario = await seedScenario(db, (await seedAutomation(db)).id);
    const failAt = BENCHMARK_RUN_INSERT_CHUNK * 25 + 1;
    await db.db.execute(
      sql.raw(`create function fail_one_run() returns trigger language plpgsql as $$
        begin
          if new.id = ${failAt} then raise exception 'forced failure at run ${failAt}'; end if;
          return new;
        end $$`),
    );
    await db.db.execute(
      sql.raw(
        'create trigger fail_one_run before insert on runs for each row execute function fail_one_run()',
      ),
    );
    try {
      const failed = await createBenchmark(
        { db },
        { scenario_id: scenario.id, iterations: 100_000, concurrency: 1 },
      ).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(JSON.stringify(failed, Object.getOwnPropertyNames(failed ?? {}))).toContain(
        `forced failure at run ${failAt}`,
      );
    } finally {
      await db.db.execute(sql.raw('drop trigger fail_one_run on runs'));
      await db.db.execute(sql.raw('drop function fail_one_run()'));
    }
    const [stored] = await db.db
      .select({
        benchmarks: sql<number>`(select count(*)::int from ${benchmarks})`,
        runs: sql<number>`(select count(*)::int from ${runs})`,
      })
      .from(sql`(select 1) as one`);
    expect(stored).toEqual({ benchmarks: 0, runs: 0 });
  });
});
