/** SQL for the `benchmarks` table: benchmark rows and their status changes. */
import type { BenchmarkStatus, JsonObject } from '@tfbench/domain/model';
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { fixedStatement, runFixed } from '../db/fixed-statement.js';
import { type Benchmark, benchmarks, type NewBenchmark } from '../db/schema.js';
import { type Page, selectPage } from './page.js';
import { countRows, deleteRowsWhere, insertRow, selectRowById, updateRowWhere } from './rows.js';
import { ofScenariosOfAutomation } from './scenarios.js';
import { wholeRows } from './table-row.js';

export function insertBenchmark(db: Executor, values: NewBenchmark): Promise<Benchmark> {
  return insertRow(db, benchmarks, values);
}

export function selectBenchmarkById(db: Executor, id: number): Promise<Benchmark | undefined> {
  return selectRowById(db, benchmarks, id);
}

export function countBenchmarksOfScenario(db: Executor, scenarioId: number): Promise<number> {
  return countRows(db, benchmarks, eq(benchmarks.scenario_id, scenarioId));
}

/** Deletes the benchmarks of one scenario; their runs must be gone first. Returns how many. */
export function deleteBenchmarksOfScenario(db: Executor, scenarioId: number): Promise<number> {
  return deleteRowsWhere(db, benchmarks, eq(benchmarks.scenario_id, scenarioId));
}

/** Deletes the benchmarks of every scenario of an automation. Returns how many. */
export function deleteBenchmarksOfAutomation(db: Executor, automationId: number): Promise<number> {
  return deleteRowsWhere(db, benchmarks, ofScenariosOfAutomation(db, benchmarks.scenario_id, automationId));
}

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
  return selectPage(db, benchmarks, benchmarkConditions(filter), [desc(benchmarks.id)], page);
}

export function countBenchmarks(db: Executor, filter: BenchmarkFilter): Promise<number> {
  return countRows(db, benchmarks, benchmarkConditions(filter));
}

/**
 * The benchmark row, locked until the transaction ends: every decision of the driver (how
 * many runs to dispatch, whether the benchmark is over) is taken under this lock, so two
 * processes finishing runs of the same benchmark at the same moment take turns.
 */
export async function selectBenchmarkForUpdate(tx: Executor, id: number): Promise<Benchmark | undefined> {
  const [row] = await runFixed(tx, SELECT_FOR_UPDATE, [id]);
  return row && benchmarkRows.fromRow(row);
}

const benchmarkRows = wholeRows(benchmarks);

/** The driver's every step starts with it, so its text is written once. */
const SELECT_FOR_UPDATE = fixedStatement(
  'benchmarks_select_for_update',
  `select ${benchmarkRows.columns('benchmarks')} from benchmarks where id = $1 for update`,
);

/** Sets the given columns only while the benchmark is in `expected` status; undefined when it was not. */
export function updateBenchmarkIfStatus(
  db: Executor,
  id: number,
  expected: readonly BenchmarkStatus[],
  values: Partial<Omit<NewBenchmark, 'id' | 'created_at' | 'updated_at'>>,
): Promise<Benchmark | undefined> {
  return updateRowWhere(
    db,
    benchmarks,
    { ...values, updated_at: sql`now()` },
    and(eq(benchmarks.id, id), inArray(benchmarks.status, [...expected])),
  );
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

/**
 * The benchmarks of one repeated benchmark: the first (`rootId`) and every later repeat, whose
 * settings name it in `repeat_of`; in repeat order.
 */
export async function selectRepeatsOf(db: Executor, rootId: number): Promise<Benchmark[]> {
  return db
    .select()
    .from(benchmarks)
    .where(sql`${benchmarks.id} = ${rootId} or ${benchmarks.settings}->>'repeat_of' = ${String(rootId)}`)
    .orderBy(asc(benchmarks.id));
}

/** The step benchmarks of a sweep or a search (settings.series_of), first to last. */
export async function selectSeriesSteps(db: Executor, rootId: number): Promise<Benchmark[]> {
  return db
    .select()
    .from(benchmarks)
    .where(sql`${benchmarks.settings}->>'series_of' = ${String(rootId)}`)
    .orderBy(asc(benchmarks.id));
}

/** Replaces a benchmark's stored summary (a finished benchmark's, when its repeats add up). */
export async function updateBenchmarkSummary(db: Executor, id: number, summary: JsonObject): Promise<void> {
  await db.update(benchmarks).set({ summary, updated_at: sql`now()` }).where(eq(benchmarks.id, id));
}
