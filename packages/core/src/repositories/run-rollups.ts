/**
 * SQL of the analytics rollups (`run_rollups`) and of the `runs.rolled_up_at` mark that says
 * which finished runs they already hold. See packages/core/src/rollups for the why.
 */
import { and, eq, gte, inArray, isNull, lt, not, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { run_rollups, runs, scenarios } from '../db/schema.js';
import { type RollupResolution, type RunStatus, TERMINAL_RUN_STATUSES } from '../domain/index.js';

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

/** The figures of a run that rollups and tallies read, plus where it belongs. */
export interface RolledUpRun {
  id: number;
  scenario_id: number;
  created_at: Date;
  status: RunStatus;
  error_code: string | null;
  assertions_passed: boolean | null;
  total_duration_ms: number | null;
  ttft_ms: number | null;
  itl_mean: number | null;
  cost_usd: number | null;
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
 * Marks one finished, non-warm-up run as rolled up and returns its figures; undefined when it
 * is not finished, is a warm-up, or was rolled up already (so a repeated call adds nothing).
 * `updated_at` is left alone: this is bookkeeping, not a change of the run.
 */
export async function markRunRolledUp(db: Executor, runId: number): Promise<RolledUpRun | undefined> {
  const [row] = await db
    .update(runs)
    .set({ rolled_up_at: sql`now()`, updated_at: sql`${runs.updated_at}` })
    .where(and(eq(runs.id, runId), rollableRun))
    .returning(tallyColumns);
  return row;
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

function keyTuple(key: RollupKey): SQL {
  return sql`(${key.resolution}, ${key.scenario_id}::integer, ${key.bucket_start.toISOString()}::timestamptz)`;
}

/** The stored counts and sketches of rollup rows, as selected for update. */
export type StoredRollupRow = typeof run_rollups.$inferSelect;

/**
 * Creates the missing rows of `keys` (empty) and locks all of them for this transaction, in
 * key order so that concurrent writers never deadlock. Returns the current rows.
 */
export async function lockRollupRows(db: Executor, keys: readonly RollupKey[]): Promise<StoredRollupRow[]> {
  if (keys.length === 0) return [];
  await db
    .insert(run_rollups)
    .values(keys.map((key) => ({ ...key })))
    .onConflictDoNothing();
  return db
    .select()
    .from(run_rollups)
    .where(
      sql`(${run_rollups.resolution}, ${run_rollups.scenario_id}, ${run_rollups.bucket_start}) in (${sql.join(keys.map(keyTuple), sql`, `)})`,
    )
    .orderBy(run_rollups.resolution, run_rollups.scenario_id, run_rollups.bucket_start)
    .for('update');
}

/** Writes full rows (locked before with lockRollupRows), replacing their counts and sketches. */
export async function writeRollupRows(db: Executor, rows: readonly (typeof run_rollups.$inferInsert)[]) {
  if (rows.length === 0) return;
  await db
    .insert(run_rollups)
    .values(rows.map((row) => ({ ...row, updated_at: sql`now()` })))
    .onConflictDoUpdate({
      target: [run_rollups.resolution, run_rollups.scenario_id, run_rollups.bucket_start],
      set: {
        completed_runs: sql`excluded.completed_runs`,
        failed_runs: sql`excluded.failed_runs`,
        timeout_runs: sql`excluded.timeout_runs`,
        cancelled_runs: sql`excluded.cancelled_runs`,
        goal_verdicts: sql`excluded.goal_verdicts`,
        goal_successes: sql`excluded.goal_successes`,
        errors: sql`excluded.errors`,
        total_sketch: sql`excluded.total_sketch`,
        ttft_sketch: sql`excluded.ttft_sketch`,
        itl_sketch: sql`excluded.itl_sketch`,
        cost_sketch: sql`excluded.cost_sketch`,
        updated_at: sql`now()`,
      },
    });
}

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
      completed_runs: run_rollups.completed_runs,
      failed_runs: run_rollups.failed_runs,
      timeout_runs: run_rollups.timeout_runs,
      cancelled_runs: run_rollups.cancelled_runs,
      goal_verdicts: run_rollups.goal_verdicts,
      goal_successes: run_rollups.goal_successes,
      errors: run_rollups.errors,
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

/** Deletes every rollup row (all resolutions, all scopes): `rebuildRollups` starts from this. */
export async function deleteAllRollupRows(db: Executor): Promise<void> {
  await db.delete(run_rollups);
}

/** Clears every run's rolled-up mark, so that the next catch-up adds all of them again. */
export async function clearRolledUpMarks(db: Executor): Promise<void> {
  await db
    .update(runs)
    .set({ rolled_up_at: null, updated_at: sql`${runs.updated_at}` })
    .where(not(isNull(runs.rolled_up_at)));
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
  const buckets = sql.join(
    keys.map((key) => sql`(${key.resolution}, ${key.bucket_start.toISOString()}::timestamptz)`),
    sql`, `,
  );
  return db
    .select()
    .from(run_rollups)
    .where(
      and(
        sql`(${run_rollups.resolution}, ${run_rollups.bucket_start}) in (${buckets})`,
        sql`${run_rollups.scenario_id} <> 0`,
        not(inArray(run_rollups.scenario_id, [...excludedScenarioIds])),
      ),
    );
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
