/**
 * SQL of the analytics rollups (`run_rollups`) and of the `runs.rolled_up_at` mark that says
 * which finished runs they already hold. See packages/core/src/rollups for the why.
 */
import {
  type RollupResolution,
  RUN_STATUSES,
  type RunStatus,
  TERMINAL_RUN_STATUSES,
} from '@tfbench/domain/model';
import { and, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { fixedStatement, runFixed } from '../db/fixed-statement.js';
import { queryRows } from '../db/rows.js';
import { run_rollups, runs, scenarios } from '../db/schema.js';
import { arrayLiteral } from './array-literal.js';
import { booleanOrNull, numberOf, numberOrNull, oneOfValues, textOrNull } from './row-values.js';
import { wholeRows } from './table-row.js';

/** Which runs a query reads: every scenario, or the scenarios listed (an automation's, or one). */
export type RollupScope = { kind: 'all' } | { kind: 'scenarios'; ids: readonly number[] };

/** The primary key of a rollup row. */
export interface RollupKey {
  resolution: RollupResolution;
  /** 0 = all scenarios. */
  scenario_id: number;
  bucket_start: Date;
}

/** A half-open interval [start, end) of epoch ms; start may be -Infinity. */
export interface Interval {
  start: number;
  end: number;
}

/** The counts of a rollup row that every read of rollups merges (its sketches are chosen apart). */
export const rollupTallyColumns = {
  completed_runs: run_rollups.completed_runs,
  failed_runs: run_rollups.failed_runs,
  timeout_runs: run_rollups.timeout_runs,
  cancelled_runs: run_rollups.cancelled_runs,
  goal_verdicts: run_rollups.goal_verdicts,
  goal_successes: run_rollups.goal_successes,
  errors: run_rollups.errors,
};

/** The fields of a run a tally reads (`itl_mean` is `inter_token_stats.mean`). */
export interface TallyRun {
  status: RunStatus;
  error_code: string | null;
  assertions_passed: boolean | null;
  total_duration_ms: number | null;
  ttft_ms: number | null;
  itl_mean: number | null;
  cost_usd: number | null;
}

/** The figures of a run that rollups and tallies read, plus where it belongs. */
export interface RolledUpRun extends TallyRun {
  id: number;
  scenario_id: number;
  created_at: Date;
}

/** `inter_token_stats.mean` as a number, or null when absent or not numeric. */
export const itlMeanSql = sql<
  number | null
>`case when jsonb_typeof(${runs.inter_token_stats} -> 'mean') = 'number' then (${runs.inter_token_stats} ->> 'mean')::double precision end`;

const tallyColumns = {
  id: runs.id,
  scenario_id: runs.scenario_id,
  created_at: runs.created_at,
  status: runs.status,
  error_code: runs.error_code,
  assertions_passed: runs.assertions_passed,
  total_duration_ms: runs.total_duration_ms,
  ttft_ms: runs.ttft_ms,
  itl_mean: itlMeanSql.mapWith(Number),
  cost_usd: runs.cost_usd,
};

const rollableRun = and(
  isNull(runs.rolled_up_at),
  eq(runs.is_warmup, false),
  inArray(runs.status, [...TERMINAL_RUN_STATUSES]),
);

/**
 * Marks the finished, non-warm-up runs among `runIds` that are not rolled up yet, and returns
 * their figures; runs not finished, warm-ups and runs rolled up already are left out (so a
 * repeated call adds nothing). A primary-key probe per id, so its cost does not grow with the
 * runs still pending in a large benchmark. `updated_at` is left alone: this is bookkeeping,
 * not a change of the run.
 */
export async function markRunsRolledUp(db: Executor, runIds: readonly number[]): Promise<RolledUpRun[]> {
  if (runIds.length === 0) return [];
  const rows = await runFixed(db, MARK_ROLLED_UP, [arrayLiteral(runIds.map(String))]);
  return rows.map(rolledUpRunOf);
}

const MARK_ROLLED_UP = fixedStatement(
  'runs_mark_rolled_up',
  `update runs set rolled_up_at = now()
   where id = any($1::integer[]) and rolled_up_at is null and not is_warmup
     and status in (${TERMINAL_RUN_STATUSES.map((status) => `'${status}'`).join(', ')})
   returning id, scenario_id, created_at, status, error_code, assertions_passed, total_duration_ms, ttft_ms,
     case when jsonb_typeof(inter_token_stats -> 'mean') = 'number'
       then (inter_token_stats ->> 'mean')::double precision end as itl_mean,
     cost_usd`,
);

/** Takes the mark off runs whose rollup writes were undone, so a later pass adds them. */
export async function clearRolledUpMarks(db: Executor, runIds: readonly number[]): Promise<void> {
  if (runIds.length === 0) return;
  await runFixed(db, CLEAR_ROLLED_UP, [arrayLiteral(runIds.map(String))]);
}

const CLEAR_ROLLED_UP = fixedStatement(
  'runs_clear_rolled_up',
  'update runs set rolled_up_at = null where id = any($1::integer[])',
);

/** A row of {@link MARK_ROLLED_UP}, typed. */
function rolledUpRunOf(row: Record<string, unknown>): RolledUpRun {
  return {
    id: numberOf(row.id),
    scenario_id: numberOf(row.scenario_id),
    created_at: new Date(String(row.created_at)),
    status: oneOfValues(RUN_STATUSES, row.status),
    error_code: textOrNull(row.error_code),
    assertions_passed: booleanOrNull(row.assertions_passed),
    total_duration_ms: numberOrNull(row.total_duration_ms),
    ttft_ms: numberOrNull(row.ttft_ms),
    itl_mean: numberOrNull(row.itl_mean),
    cost_usd: numberOrNull(row.cost_usd),
  };
}

/**
 * Marks up to `limit` finished runs that are not rolled up yet (oldest first) and returns
 * them. Rows another transaction is marking are skipped, so concurrent callers share the work.
 */
export async function markPendingRunsRolledUp(db: Executor, limit: number): Promise<RolledUpRun[]> {
  const batch = db
    .select({ id: runs.id })
    .from(runs)
    .where(rollableRun)
    .orderBy(runs.created_at)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(runs)
    .set({ rolled_up_at: sql`now()`, updated_at: sql`${runs.updated_at}` })
    .where(inArray(runs.id, batch))
    .returning(tallyColumns);
}

/** The stored counts and sketches of rollup rows, as selected for update. */
export type StoredRollupRow = typeof run_rollups.$inferSelect;

/**
 * Creates the missing rows of `keys` (empty) and locks all of them for this transaction, in
 * key order so that concurrent writers never deadlock. Returns the current rows. The keys
 * travel as three arrays joined back to the table, so each is a primary-key probe whatever
 * their number.
 */
export async function lockRollupRows(db: Executor, keys: readonly RollupKey[]): Promise<StoredRollupRow[]> {
  if (keys.length === 0) return [];
  const arrays = keyArrayValues(keys);
  await runFixed(db, CREATE_ROLLUP_ROWS, arrays);
  const rows = await runFixed(db, LOCK_ROLLUP_ROWS, arrays);
  return rows.map(storedRowOf);
}

/** Keys as three array literals, ready for `unnest($1::text[], $2::integer[], $3::timestamptz[])`. */
function keyArrayValues(keys: readonly RollupKey[]): string[] {
  return [
    arrayLiteral(keys.map((k) => k.resolution)),
    arrayLiteral(keys.map((k) => String(k.scenario_id))),
    arrayLiteral(keys.map((k) => k.bucket_start.toISOString())),
  ];
}

const KEYS_UNNESTED = 'unnest($1::text[], $2::integer[], $3::timestamptz[])';

const CREATE_ROLLUP_ROWS = fixedStatement(
  'run_rollups_create',
  `insert into run_rollups (resolution, scenario_id, bucket_start)
   select * from ${KEYS_UNNESTED} as k(resolution, scenario_id, bucket_start)
   order by 1, 2, 3
   on conflict do nothing`,
);

/**
 * The columns are listed, not `r.*`: a prepared statement whose result changes shape (a
 * column added by a migration while workers run) fails until its connection is replaced.
 */
const LOCK_ROLLUP_ROWS = fixedStatement(
  'run_rollups_lock',
  `select ${wholeRows(run_rollups).columns('r')} from run_rollups r
   join ${KEYS_UNNESTED} as k(resolution, scenario_id, bucket_start)
     on r.resolution = k.resolution and r.scenario_id = k.scenario_id and r.bucket_start = k.bucket_start
   order by r.resolution, r.scenario_id, r.bucket_start
   for update of r`,
);

/** A raw row as the drivers return it, typed (timestamps may come back as text). */
function storedRowOf(row: Record<string, unknown>): StoredRollupRow {
  const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    resolution: row.resolution as StoredRollupRow['resolution'],
    scenario_id: Number(row.scenario_id),
    bucket_start: date(row.bucket_start),
    completed_runs: Number(row.completed_runs),
    failed_runs: Number(row.failed_runs),
    timeout_runs: Number(row.timeout_runs),
    cancelled_runs: Number(row.cancelled_runs),
    goal_verdicts: Number(row.goal_verdicts),
    goal_successes: Number(row.goal_successes),
    errors: json(row.errors) as Record<string, number>,
    total_sketch: json(row.total_sketch) ?? null,
    ttft_sketch: json(row.ttft_sketch) ?? null,
    itl_sketch: json(row.itl_sketch) ?? null,
    cost_sketch: json(row.cost_sketch) ?? null,
    updated_at: date(row.updated_at),
  };
}

/**
 * Replaces the counts and sketches of rows locked before with lockRollupRows, in one UPDATE
 * joined to the new values passed as arrays.
 */
export async function writeRollupRows(db: Executor, rows: readonly (typeof run_rollups.$inferInsert)[]) {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: (typeof rows)[number]) => T, text: (value: T) => string | null) =>
    arrayLiteral(rows.map((row) => text(pick(row))));
  const count = (value: number | undefined) => String(value ?? 0);
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  await runFixed(db, WRITE_ROLLUP_ROWS, [
    ...keyArrayValues(rows),
    column((r) => r.completed_runs, count),
    column((r) => r.failed_runs, count),
    column((r) => r.timeout_runs, count),
    column((r) => r.cancelled_runs, count),
    column((r) => r.goal_verdicts, count),
    column((r) => r.goal_successes, count),
    column((r) => r.errors ?? {}, json),
    column((r) => r.total_sketch, json),
    column((r) => r.ttft_sketch, json),
    column((r) => r.itl_sketch, json),
    column((r) => r.cost_sketch, json),
  ]);
}

const WRITE_ROLLUP_ROWS = fixedStatement(
  'run_rollups_write',
  `update run_rollups r set
     completed_runs = v.completed_runs, failed_runs = v.failed_runs, timeout_runs = v.timeout_runs,
     cancelled_runs = v.cancelled_runs, goal_verdicts = v.goal_verdicts, goal_successes = v.goal_successes,
     errors = v.errors::jsonb, total_sketch = v.total_sketch::jsonb, ttft_sketch = v.ttft_sketch::jsonb,
     itl_sketch = v.itl_sketch::jsonb, cost_sketch = v.cost_sketch::jsonb, updated_at = now()
   from unnest(
     $1::text[], $2::integer[], $3::timestamptz[],
     $4::integer[], $5::integer[], $6::integer[], $7::integer[], $8::integer[], $9::integer[],
     $10::text[], $11::text[], $12::text[], $13::text[], $14::text[]
   ) as v(resolution, scenario_id, bucket_start, completed_runs, failed_runs, timeout_runs, cancelled_runs,
          goal_verdicts, goal_successes, errors, total_sketch, ttft_sketch, itl_sketch, cost_sketch)
   where r.resolution = v.resolution and r.scenario_id = v.scenario_id and r.bucket_start = v.bucket_start`,
);

/** `column` within any of the intervals (a lower bound of -Infinity is no bound). */
function withinIntervals(
  column: typeof runs.created_at | typeof run_rollups.bucket_start,
  intervals: readonly Interval[],
) {
  const parts = intervals.map((interval) =>
    Number.isFinite(interval.start)
      ? and(gte(column, new Date(interval.start)), lt(column, new Date(interval.end)))!
      : lt(column, new Date(interval.end)),
  );
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}

/** The sketch columns a read can ask for. */
export type SketchColumn = 'total_sketch' | 'ttft_sketch' | 'itl_sketch' | 'cost_sketch';

/** A rollup row as `selectRollupRows` reads it: counts, and the sketches asked for. */
export type SelectedRollupRow = Omit<
  StoredRollupRow,
  SketchColumn | 'resolution' | 'scenario_id' | 'updated_at'
> &
  Partial<Record<SketchColumn, unknown>>;

/**
 * Rollup rows of one resolution within the intervals, for the scope (the all-scenarios rows
 * for `all`). Only the sketch columns asked for are read: they are the bulk of a row.
 */
export async function selectRollupRows(
  db: Executor,
  resolution: RollupResolution,
  scope: RollupScope,
  intervals: readonly Interval[],
  sketches: readonly SketchColumn[],
) {
  if (intervals.length === 0 || (scope.kind === 'scenarios' && scope.ids.length === 0)) return [];
  const sketchColumns = Object.fromEntries(sketches.map((name) => [name, run_rollups[name]]));
  return db
    .select({
      bucket_start: run_rollups.bucket_start,
      ...rollupTallyColumns,
      ...sketchColumns,
    })
    .from(run_rollups)
    .where(
      and(
        eq(run_rollups.resolution, resolution),
        scope.kind === 'all'
          ? eq(run_rollups.scenario_id, 0)
          : inArray(run_rollups.scenario_id, [...scope.ids]),
        withinIntervals(run_rollups.bucket_start, intervals),
      ),
    ) as Promise<SelectedRollupRow[]>;
}

/**
 * Non-warm-up runs of the scope created within the intervals, with the figures a tally reads.
 * `unrolledOnly` keeps the runs the rollups do not hold yet (in flight, or just finished).
 */
export async function selectTallyRuns(
  db: Executor,
  scope: RollupScope,
  intervals: readonly Interval[],
  options: { unrolledOnly: boolean },
): Promise<RolledUpRun[]> {
  if (intervals.length === 0 || (scope.kind === 'scenarios' && scope.ids.length === 0)) return [];
  return db
    .select(tallyColumns)
    .from(runs)
    .where(
      and(
        eq(runs.is_warmup, false),
        options.unrolledOnly ? isNull(runs.rolled_up_at) : undefined,
        scope.kind === 'all' ? undefined : inArray(runs.scenario_id, [...scope.ids]),
        withinIntervals(runs.created_at, intervals),
      ),
    );
}

/** Bucket starts of each resolution where any of the scenarios has a rollup row. */
export async function selectBucketsOfScenarios(db: Executor, scenarioIds: readonly number[]) {
  if (scenarioIds.length === 0) return [];
  return db
    .selectDistinct({ resolution: run_rollups.resolution, bucket_start: run_rollups.bucket_start })
    .from(run_rollups)
    .where(inArray(run_rollups.scenario_id, [...scenarioIds]));
}

/** Per-scenario rows (never the all-scenarios ones) of the given keys' buckets, except `excluded` scenarios. */
export async function selectScenarioRowsOfBuckets(
  db: Executor,
  keys: readonly RollupKey[],
  excludedScenarioIds: readonly number[],
): Promise<StoredRollupRow[]> {
  if (keys.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select r.* from ${run_rollups} r
        join unnest(${arrayLiteral(keys.map((k) => k.resolution))}::text[],
                    ${arrayLiteral(keys.map((k) => k.bucket_start.toISOString()))}::timestamptz[]) as k(resolution, bucket_start)
          on r.resolution = k.resolution and r.bucket_start = k.bucket_start
        where r.scenario_id <> 0
          and not (r.scenario_id = any(${arrayLiteral(excludedScenarioIds.map(String))}::integer[]))`,
  );
  return rows.map(storedRowOf);
}

/** Deletes the per-scenario rollup rows of these scenarios. */
export async function deleteRollupRowsOfScenarios(db: Executor, scenarioIds: readonly number[]) {
  if (scenarioIds.length === 0) return;
  await db.delete(run_rollups).where(inArray(run_rollups.scenario_id, [...scenarioIds]));
}

/** Ids of an automation's scenarios (the rollup scope of an automation filter). */
export async function selectScenarioIdsOfAutomation(db: Executor, automationId: number): Promise<number[]> {
  const rows = await db
    .select({ id: scenarios.id })
    .from(scenarios)
    .where(eq(scenarios.automation_id, automationId))
    .orderBy(scenarios.id);
  return rows.map((row) => row.id);
}
