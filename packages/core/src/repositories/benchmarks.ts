/** SQL for the `benchmarks` table and the benchmark engine's queries over a benchmark's runs. */
import type { BenchmarkStatus, JsonObject, RunStatus, RunTrigger } from '@tfbench/domain/model';
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Benchmark, benchmarks, type NewBenchmark, runs, scenarios } from '../db/schema.js';
import type { Page } from './page.js';

export async function insertBenchmark(db: Executor, values: NewBenchmark): Promise<Benchmark> {
  const [row] = await db.insert(benchmarks).values(values).returning();
  return row!;
}

export async function selectBenchmarkById(db: Executor, id: number): Promise<Benchmark | undefined> {
  const [row] = await db.select().from(benchmarks).where(eq(benchmarks.id, id));
  return row;
}

export async function countBenchmarksOfScenario(db: Executor, scenarioId: number): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(benchmarks)
    .where(eq(benchmarks.scenario_id, scenarioId));
  return row?.total ?? 0;
}

/** Deletes the benchmarks of one scenario; their runs must be gone first. Returns how many. */
export async function deleteBenchmarksOfScenario(db: Executor, scenarioId: number): Promise<number> {
  const rows = await db
    .delete(benchmarks)
    .where(eq(benchmarks.scenario_id, scenarioId))
    .returning({ id: benchmarks.id });
  return rows.length;
}

/** Deletes the benchmarks of every scenario of an automation. Returns how many. */
export async function deleteBenchmarksOfAutomation(db: Executor, automationId: number): Promise<number> {
  const rows = await db
    .delete(benchmarks)
    .where(
      inArray(
        benchmarks.scenario_id,
        db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.automation_id, automationId)),
      ),
    )
    .returning({ id: benchmarks.id });
  return rows.length;
}

// --- The benchmark engine (packages/core/src/benchmarks) -------------------------------------

/** Error codes the benchmark engine writes on runs it ends without executing them. */
export const BENCHMARK_RUN_ERROR_CODES = {
  /** Open arrival: no concurrency slot within max_lag_s of the intended send time. */
  dropped: 'ARRIVAL_DROPPED',
  /** duration_s elapsed before the run was started. */
  durationElapsed: 'BENCHMARK_DURATION_ELAPSED',
  /** The benchmark was cancelled before the run was started. */
  cancelled: 'BENCHMARK_CANCELLED',
  /** The benchmark's runs had cost its max_cost_usd before the run was started. */
  costCapReached: 'BENCHMARK_COST_CAP_REACHED',
} as const;

export interface BenchmarkFilter {
  scenario_id?: number;
  status?: BenchmarkStatus;
}

function benchmarkConditions(filter: BenchmarkFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.scenario_id !== undefined) conditions.push(eq(benchmarks.scenario_id, filter.scenario_id));
  if (filter.status !== undefined) conditions.push(eq(benchmarks.status, filter.status));
  return conditions.length === 0 ? undefined : and(...conditions);
}

/** Newest first. */
export function selectBenchmarks(db: Executor, filter: BenchmarkFilter, page: Page): Promise<Benchmark[]> {
  return db
    .select()
    .from(benchmarks)
    .where(benchmarkConditions(filter))
    .orderBy(desc(benchmarks.id))
    .offset(page.skip)
    .limit(page.limit);
}

export async function countBenchmarks(db: Executor, filter: BenchmarkFilter): Promise<number> {
  const [row] = await db.select({ total: count() }).from(benchmarks).where(benchmarkConditions(filter));
  return row?.total ?? 0;
}

/**
 * The benchmark row, locked until the transaction ends: every decision of the driver (how
 * many runs to dispatch, whether the benchmark is over) is taken under this lock, so two
 * processes finishing runs of the same benchmark at the same moment take turns.
 */
export async function selectBenchmarkForUpdate(tx: Executor, id: number): Promise<Benchmark | undefined> {
  const [row] = await tx.select().from(benchmarks).where(eq(benchmarks.id, id)).for('update');
  return row;
}

/** Sets the given columns only while the benchmark is in `expected` status; undefined when it was not. */
export async function updateBenchmarkIfStatus(
  db: Executor,
  id: number,
  expected: readonly BenchmarkStatus[],
  values: Partial<Omit<NewBenchmark, 'id' | 'created_at' | 'updated_at'>>,
): Promise<Benchmark | undefined> {
  const [row] = await db
    .update(benchmarks)
    .set({ ...values, updated_at: sql`now()` })
    .where(and(eq(benchmarks.id, id), inArray(benchmarks.status, [...expected])))
    .returning();
  return row;
}

/** Stores the final summary once: only while finished_at is still null. */
export async function finishBenchmark(
  db: Executor,
  id: number,
  values: { status: BenchmarkStatus; summary: JsonObject; threshold_results: unknown[] },
): Promise<Benchmark | undefined> {
  const [row] = await db
    .update(benchmarks)
    .set({ ...values, finished_at: sql`now()`, updated_at: sql`now()` })
    .where(and(eq(benchmarks.id, id), isNull(benchmarks.finished_at)))
    .returning();
  return row;
}

export interface NewBenchmarkRuns {
  benchmark_id: number;
  scenario_id: number;
  trigger: RunTrigger;
  warmup_runs: number;
  total_runs: number;
  inputs: JsonObject;
}

/** Runs inserted per statement when a benchmark is created. */
export const BENCHMARK_RUN_INSERT_CHUNK = 2_000;

/**
 * Creates all runs of a benchmark, warm-ups first: run k (1-based) is a warm-up when
 * k <= warmup_runs. Ids are assigned in that order, so "lowest id first" is the dispatch
 * order. Each statement is an INSERT ... SELECT over a slice of generate_series, so no
 * statement binds more than a handful of parameters (PostgreSQL allows 65,535).
 *
 * The runs go in slices of `chunk` rows, one statement each, in order. Call it inside a
 * transaction, so a benchmark has all its runs or none. Slicing keeps any one statement short:
 * on PGlite a statement runs on the caller's thread and freezes the event loop until it
 * ends (100,000 runs in one statement held the API for seconds), while between statements the
 * embedded client yields to the event loop (see db/pglite-yield.ts).
 */
export async function insertBenchmarkRuns(
  tx: Executor,
  values: NewBenchmarkRuns,
  chunk = BENCHMARK_RUN_INSERT_CHUNK,
): Promise<void> {
  const inputs = JSON.stringify(values.inputs);
  for (let first = 1; first <= values.total_runs; first += chunk) {
    const last = Math.min(values.total_runs, first + chunk - 1);
    await tx.execute(sql`
      insert into ${runs} (scenario_id, benchmark_id, trigger, status, is_warmup, inputs)
      select ${values.scenario_id}, ${values.benchmark_id}, ${values.trigger}, 'pending',
             k <= ${values.warmup_runs}, ${inputs}::jsonb
      from generate_series(${first}::int, ${last}::int) as k
      order by k`);
  }
}

export interface BenchmarkRunCount {
  benchmark_id: number;
  status: RunStatus;
  is_warmup: boolean;
  count: number;
}

/** Runs of some benchmarks per (benchmark, status, is_warmup), in one grouped query. */
export async function countRunsOfBenchmarksByStatus(
  db: Executor,
  benchmarkIds: readonly number[],
): Promise<BenchmarkRunCount[]> {
  if (benchmarkIds.length === 0) return [];
  const rows = await db
    .select({
      benchmark_id: runs.benchmark_id,
      status: runs.status,
      is_warmup: runs.is_warmup,
      count: count(),
    })
    .from(runs)
    .where(inArray(runs.benchmark_id, [...benchmarkIds]))
    .groupBy(runs.benchmark_id, runs.status, runs.is_warmup);
  return rows.map((row) => ({ ...row, benchmark_id: row.benchmark_id as number }));
}

/** Runs of one benchmark per (status, is_warmup). */
export function countBenchmarkRunsByStatus(db: Executor, benchmarkId: number): Promise<BenchmarkRunCount[]> {
  return countRunsOfBenchmarksByStatus(db, [benchmarkId]);
}

/**
 * Runs of a benchmark handed to the queue and not yet ended: what counts against its
 * concurrency. Served by runs_benchmark_in_flight_idx, so it reads those runs only.
 */
export async function countInFlightBenchmarkRuns(db: Executor, benchmarkId: number): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(runs)
    .where(
      and(
        eq(runs.benchmark_id, benchmarkId),
        inArray(runs.status, ['pending', 'running']),
        isNotNull(runs.dispatched_at),
      ),
    );
  return row?.total ?? 0;
}

/**
 * The benchmark's open (pending or running) run with the lowest id, or undefined when every
 * run has ended. Warm-ups have the lowest ids of their benchmark (insertBenchmarkRuns), so it
 * is a warm-up exactly while some warm-up is still open. One index probe
 * (runs_benchmark_open_idx), however many runs are pending.
 */
export async function selectFirstOpenBenchmarkRun(
  db: Executor,
  benchmarkId: number,
): Promise<{ id: number; is_warmup: boolean } | undefined> {
  const [row] = await db
    .select({ id: runs.id, is_warmup: runs.is_warmup })
    .from(runs)
    .where(and(eq(runs.benchmark_id, benchmarkId), inArray(runs.status, ['pending', 'running'])))
    .orderBy(asc(runs.id))
    .limit(1);
  return row;
}

export interface ClaimRunsOptions {
  /** Claim warm-up runs (true) or measured runs (false). */
  warmup: boolean;
  /** Most runs to claim. */
  limit: number;
  /** Only runs whose intended send time is before this instant (open arrivals). */
  intendedBefore?: Date;
}

/**
 * Atomically takes the next pending, not yet dispatched runs of a benchmark, lowest id
 * first, and marks them dispatched. `FOR UPDATE SKIP LOCKED` lets concurrent claimers pass
 * each other's rows instead of waiting, and the `dispatched_at IS NULL` condition means a run
 * is claimed once, whoever asks.
 */
export async function claimBenchmarkRuns(
  tx: Executor,
  benchmarkId: number,
  options: ClaimRunsOptions,
): Promise<Array<{ id: number; intended_start_at: Date | null }>> {
  if (options.limit <= 0) return [];
  const conditions: SQL[] = [
    eq(runs.benchmark_id, benchmarkId),
    eq(runs.status, 'pending'),
    isNull(runs.dispatched_at),
    eq(runs.is_warmup, options.warmup),
  ];
  if (options.intendedBefore) conditions.push(lt(runs.intended_start_at, options.intendedBefore));
  const next = tx
    .select({ id: runs.id })
    .from(runs)
    .where(and(...conditions))
    .orderBy(asc(runs.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return tx
    .update(runs)
    .set({ dispatched_at: sql`now()`, updated_at: sql`now()` })
    .where(sql`${runs.id} = any(array(${next}))`)
    .returning({ id: runs.id, intended_start_at: runs.intended_start_at })
    .then((rows) => rows.sort((a, b) => a.id - b.id));
}

/**
 * Closed arrival's steady state in one statement: claim as many of the next pending runs as
 * there are free slots (concurrency minus the runs in flight), from the same phase as the
 * lowest open run (warm-ups before measured runs), unless `deadline` has passed on the
 * database clock. Call with the benchmark row locked (selectBenchmarkForUpdate): the count and
 * the claim must see every earlier step's dispatches, which the lock orders before this one.
 */
export async function topUpClosedBenchmark(
  tx: Executor,
  benchmarkId: number,
  concurrency: number,
  deadline: Date | null,
): Promise<number[]> {
  const inFlight = sql`(select count(*) from ${runs} where benchmark_id = ${benchmarkId}
    and status in ('pending', 'running') and dispatched_at is not null)`;
  const phase = sql`(select is_warmup from ${runs} where benchmark_id = ${benchmarkId}
    and status in ('pending', 'running') order by id limit 1)`;
  const next = sql`select id from ${runs}
    where benchmark_id = ${benchmarkId} and status = 'pending' and dispatched_at is null
      and is_warmup = ${phase}
      and (${deadline?.toISOString() ?? null}::timestamptz is null or clock_timestamp() < ${deadline?.toISOString() ?? null}::timestamptz)
    order by id
    limit greatest(0, ${concurrency}::int - ${inFlight})
    for update skip locked`;
  const rows = await tx
    .update(runs)
    .set({ dispatched_at: sql`now()`, updated_at: sql`now()` })
    // = any(array(...)): the claimed ids are looked up by primary key; `in (subquery)` may
    // make the planner hash-join the whole runs table.
    .where(sql`${runs.id} = any(array(${next}))`)
    .returning({ id: runs.id });
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/**
 * Lays out the intended send times of a benchmark's measured runs: run k (in id order) gets
 * `start + offsetsMs[k]`. Runs that already have one keep it, so a repeated call changes
 * nothing. The offsets travel as one array literal, not one parameter each.
 */
export async function setIntendedStartTimes(
  tx: Executor,
  benchmarkId: number,
  start: Date,
  offsetsMs: readonly number[],
): Promise<void> {
  if (offsetsMs.length === 0) return;
  const literal = `{${offsetsMs.map((offset) => offset.toFixed(3)).join(',')}}`;
  await tx.execute(sql`
    update ${runs} as r
    set intended_start_at = ${start.toISOString()}::timestamptz + o.offset_ms * interval '1 millisecond',
        updated_at = now()
    from (
      select id, row_number() over (order by id) as k
      from ${runs}
      where benchmark_id = ${benchmarkId} and not is_warmup
    ) as s
    join unnest(${literal}::float8[]) with ordinality as o(offset_ms, k) on o.k = s.k
    where r.id = s.id and r.intended_start_at is null`);
}

export interface EndRunsOptions {
  error_code: string;
  error: string;
  /** Only runs not yet dispatched (the driver still holds them). */
  undispatchedOnly?: boolean;
  /** Only measured runs intended to start at or after this instant. */
  intendedAtOrAfter?: Date;
}

/**
 * Ends pending runs of a benchmark without executing them: status `cancelled` with the given
 * error code. Returns the ids. Runs a worker has already claimed (running) are not touched.
 * Runs are ended in slices of `chunk`, lowest id first, one statement each,
 * for the reason runs are created in slices (insertBenchmarkRuns): on PGlite one statement
 * over 100,000 runs froze the event loop for seconds. Call it inside a transaction so the
 * slices take effect together.
 */
export async function cancelPendingBenchmarkRuns(
  db: Executor,
  benchmarkId: number,
  options: EndRunsOptions,
  chunk = BENCHMARK_RUN_INSERT_CHUNK,
): Promise<number[]> {
  const conditions: SQL[] = [eq(runs.benchmark_id, benchmarkId), eq(runs.status, 'pending')];
  if (options.undispatchedOnly) conditions.push(isNull(runs.dispatched_at));
  if (options.intendedAtOrAfter) conditions.push(gte(runs.intended_start_at, options.intendedAtOrAfter));
  const ended: number[] = [];
  let after = 0;
  for (;;) {
    // The id of the chunk-th run to end: the slice is every matching run up to it.
    const [boundary] = await db
      .select({ id: runs.id })
      .from(runs)
      .where(and(...conditions, gt(runs.id, after)))
      .orderBy(asc(runs.id))
      .offset(chunk - 1)
      .limit(1);
    const slice = [gt(runs.id, after), ...(boundary ? [lte(runs.id, boundary.id)] : [])];
    const rows = await db
      .update(runs)
      .set({
        status: 'cancelled',
        error_code: options.error_code,
        error: options.error,
        finished_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where(and(...conditions, ...slice))
      .returning({ id: runs.id });
    for (const row of rows) ended.push(row.id);
    if (!boundary) return ended;
    after = boundary.id;
  }
}

/** Ends one run that is still pending, as cancelled with a code; false when it was no longer pending. */
export async function endPendingRun(
  db: Executor,
  runId: number,
  values: { error_code: string; error: string },
): Promise<boolean> {
  const rows = await db
    .update(runs)
    .set({ status: 'cancelled', ...values, finished_at: sql`now()`, updated_at: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'pending')))
    .returning({ id: runs.id });
  return rows.length > 0;
}

/**
 * Flags the benchmark's running runs for cancellation; the worker holding each one sees the
 * flag and cancels upstream. Returns the ids flagged.
 */
export async function requestCancelOfRunningBenchmarkRuns(
  db: Executor,
  benchmarkId: number,
  reason: string,
): Promise<number[]> {
  const rows = await db
    .update(runs)
    .set({ cancel_requested_at: sql`now()`, cancel_reason: reason, updated_at: sql`now()` })
    .where(
      and(eq(runs.benchmark_id, benchmarkId), eq(runs.status, 'running'), isNull(runs.cancel_requested_at)),
    )
    .returning({ id: runs.id });
  return rows.map((row) => row.id);
}

/** pending -> running with started_at = now(); undefined when the benchmark was not pending. */
export async function startPendingBenchmark(db: Executor, id: number): Promise<Benchmark | undefined> {
  const [row] = await db
    .update(benchmarks)
    .set({ status: 'running', started_at: sql`now()`, updated_at: sql`now()` })
    .where(and(eq(benchmarks.id, id), eq(benchmarks.status, 'pending')))
    .returning();
  return row;
}

/**
 * Marks the start of the measured phase once (while it is still null) and returns the stored
 * value: `now() + leadMs` on the database clock, so every process agrees on it.
 */
export async function markMeasurementStarted(db: Executor, id: number, leadMs: number): Promise<Date | null> {
  const [row] = await db
    .update(benchmarks)
    .set({
      measurement_started_at: sql`clock_timestamp() + make_interval(secs => ${leadMs / 1000})`,
      updated_at: sql`now()`,
    })
    .where(and(eq(benchmarks.id, id), isNull(benchmarks.measurement_started_at)))
    .returning({ measurement_started_at: benchmarks.measurement_started_at });
  return row?.measurement_started_at ?? null;
}

/** The database's clock now (not the transaction's start): the one clock all processes share. */
export async function selectDatabaseNow(db: Executor): Promise<Date> {
  const [row] = await db
    .select({
      now: sql<Date>`clock_timestamp()`.mapWith((v) => (v instanceof Date ? v : new Date(String(v)))),
    })
    .from(sql`(select 1) as one`);
  return row!.now;
}

/**
 * The earliest intended send time among measured runs the driver has not dispatched yet.
 * Intended times ascend with the run id (the schedule is laid out in id order), so this is
 * the first such run in id order: one short walk of runs_benchmark_open_idx.
 */
export async function selectNextUndispatchedIntendedStart(
  db: Executor,
  benchmarkId: number,
): Promise<Date | null> {
  const [row] = await db
    .select({ next: runs.intended_start_at })
    .from(runs)
    .where(
      and(
        eq(runs.benchmark_id, benchmarkId),
        eq(runs.status, 'pending'),
        isNull(runs.dispatched_at),
        eq(runs.is_warmup, false),
      ),
    )
    .orderBy(asc(runs.id))
    .limit(1);
  return row?.next ?? null;
}

/** Benchmarks a supervisor should look after: running ones, and pending ones created before `createdBefore`. */
export async function selectUnfinishedBenchmarkIds(db: Executor, createdBefore: Date): Promise<number[]> {
  const rows = await db
    .select({ id: benchmarks.id })
    .from(benchmarks)
    .where(
      sql`${benchmarks.status} = 'running' or (${benchmarks.status} = 'pending' and ${benchmarks.created_at} < ${createdBefore.toISOString()}::timestamptz)
        or (${benchmarks.status} = 'cancelled' and ${benchmarks.finished_at} is null)`,
    )
    .orderBy(asc(benchmarks.id));
  return rows.map((row) => row.id);
}

/** Ids of a benchmark's runs in one status, lowest first. */
export async function selectRunIdsOfBenchmarkByStatus(
  db: Executor,
  benchmarkId: number,
  status: RunStatus,
): Promise<number[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.benchmark_id, benchmarkId), eq(runs.status, status)))
    .orderBy(asc(runs.id));
  return rows.map((row) => row.id);
}
