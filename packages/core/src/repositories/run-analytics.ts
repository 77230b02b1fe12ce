/**
 * Exact analytics over raw runs (narrow ranges, benchmarks, comparisons, exports). Latency
 * figures read completed runs only and are PostgreSQL's `percentile_cont` (linear
 * interpolation between closest ranks), the definition of docs/metrics.md.
 */
import { TOKEN_FIGURES, type TokenFigure } from '@tfbench/domain/vocabulary';
import { and, asc, count, desc, eq, gt, lt, max, min, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Run, runs } from '../db/schema.js';
import { itlMeanSql } from './run-rollups.js';
import { conditionsOf, type RunFilter } from './runs.js';

/**
 * Token figures are read from `runs.token_metrics` by the key of the same name; runs without
 * them (TinyFish) have none and are left out like runs without TTFT.
 */
export { TOKEN_FIGURES, type TokenFigure };

/** Per-run figures analytics chart and compare, by their API name. */
export const RUN_FIGURES = ['total', 'ttft', 'itl_mean', 'cost', ...TOKEN_FIGURES] as const;
export type RunFigure = (typeof RUN_FIGURES)[number];

export function isTokenFigure(figure: string): figure is TokenFigure {
  return (TOKEN_FIGURES as readonly string[]).includes(figure);
}

/** A token figure in SQL: a JSON number, or null when absent or not a number. */
function tokenFigureSql(figure: TokenFigure): SQL<number | null> {
  const path = sql.raw(`'${figure}'`);
  return sql<
    number | null
  >`(case when jsonb_typeof(${runs.token_metrics} -> ${path}) = 'number' then (${runs.token_metrics} ->> ${path})::double precision end)`;
}

/** The SQL value of a figure of a run. */
export function figureSql(figure: RunFigure): SQL<number | null> {
  if (isTokenFigure(figure)) return tokenFigureSql(figure);
  switch (figure) {
    case 'total':
      return sql<number | null>`${runs.total_duration_ms}`;
    case 'ttft':
      return sql<number | null>`${runs.ttft_ms}`;
    case 'itl_mean':
      return itlMeanSql;
    case 'cost':
      return sql<number | null>`${runs.cost_usd}`;
  }
}

export const completed = sql`${runs.status} = 'completed'`;

export function completedPercentile(fraction: number, value: SQL) {
  return sql<
    number | null
  >`percentile_cont(${sql.raw(String(fraction))}) within group (order by ${value}) filter (where ${completed})`.mapWith(
    Number,
  );
}

export function completedMean(value: SQL) {
  return sql<number | null>`avg(${value}) filter (where ${completed})`.mapWith(Number);
}

function countWhere(condition: SQL) {
  return sql<number>`count(*) filter (where ${condition})`.mapWith(Number);
}

/** A run's goal verdict in SQL: docs/metrics.md "goal success" (null without assertions). */
const hasGoalVerdict = sql`${runs.status} in ('completed', 'failed', 'timeout') and ${runs.assertions_passed} is not null`;
const goalMet = sql`${runs.status} = 'completed' and ${runs.assertions_passed}`;

/** Exact KPI figures over the runs matching the filter. */
export async function selectKpiFigures(db: Executor, filter: RunFilter) {
  const total = figureSql('total');
  const ttft = figureSql('ttft');
  const [row] = await db
    .select({
      total_runs: count(),
      completed: countWhere(completed),
      failed: countWhere(sql`${runs.status} = 'failed'`),
      timeout: countWhere(sql`${runs.status} = 'timeout'`),
      cancelled: countWhere(sql`${runs.status} = 'cancelled'`),
      in_flight: countWhere(sql`${runs.status} in ('pending', 'running')`),
      goal_verdicts: countWhere(hasGoalVerdict),
      goal_successes: countWhere(goalMet),
      total_p50: completedPercentile(0.5, total),
      total_p90: completedPercentile(0.9, total),
      total_p95: completedPercentile(0.95, total),
      total_p99: completedPercentile(0.99, total),
      total_mean: completedMean(total),
      ttft_p50: completedPercentile(0.5, ttft),
      ttft_p90: completedPercentile(0.9, ttft),
      ttft_p95: completedPercentile(0.95, ttft),
      ttft_p99: completedPercentile(0.99, ttft),
      ttft_mean: completedMean(ttft),
      itl_mean: completedMean(figureSql('itl_mean')),
      cost_sum: sql<number | null>`sum(${runs.cost_usd}) filter (where ${completed})`.mapWith(Number),
    })
    .from(runs)
    .where(conditionsOf(filter, db));
  return row!;
}

/** Failed and timed-out runs by error code ("UNKNOWN" for none), most frequent first. */
export async function selectErrorBreakdown(
  db: Executor,
  filter: RunFilter,
): Promise<Array<{ error_code: string; count: number }>> {
  const code = sql<string>`coalesce(${runs.error_code}, 'UNKNOWN')`;
  return db
    .select({ error_code: code, count: count() })
    .from(runs)
    .where(and(conditionsOf(filter, db), sql`${runs.status} in ('failed', 'timeout')`))
    .groupBy(code)
    .orderBy(desc(count()), asc(code));
}

/** created_at of the oldest and newest run matching the filter; nulls when none does. */
export async function selectCreatedAtSpan(
  db: Executor,
  filter: RunFilter,
): Promise<{ first: Date | null; last: Date | null }> {
  const [row] = await db
    .select({ first: min(runs.created_at), last: max(runs.created_at) })
    .from(runs)
    .where(conditionsOf(filter, db));
  return { first: row?.first ?? null, last: row?.last ?? null };
}

/** A figure's statistics over the completed runs that have it (n of them). */
export interface FigureStats {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  sum: number | null;
}

/** One bucket of an exact time series. */
export interface ExactBucketRow extends FigureStats {
  /** Start of the bucket, epoch ms. */
  bucket: number;
  completed: number;
  failed: number;
  timeout: number;
  goal_verdicts: number;
  goal_successes: number;
}

/**
 * Exact per-bucket figures: counts by outcome and, for `figure`, n, p50, p95, p99, mean and
 * sum over completed runs. Buckets are `bucketMs` wide, aligned to the epoch (UTC); only
 * buckets with runs are returned.
 */
export async function selectBucketedFigures(
  db: Executor,
  filter: RunFilter,
  bucketMs: number,
  figure: RunFigure,
): Promise<ExactBucketRow[]> {
  const value = figureSql(figure);
  const bucket = sql<number>`floor(extract(epoch from ${runs.created_at}) * 1000 / ${sql.raw(String(bucketMs))})`;
  const rows = await db
    .select({
      bucket: bucket.mapWith(Number),
      completed: countWhere(completed),
      failed: countWhere(sql`${runs.status} = 'failed'`),
      timeout: countWhere(sql`${runs.status} = 'timeout'`),
      goal_verdicts: countWhere(hasGoalVerdict),
      goal_successes: countWhere(goalMet),
      n: sql<number>`count(${value}) filter (where ${completed})`.mapWith(Number),
      p50: completedPercentile(0.5, value),
      p95: completedPercentile(0.95, value),
      p99: completedPercentile(0.99, value),
      mean: completedMean(value),
      sum: sql<number | null>`sum(${value}) filter (where ${completed})`.mapWith(Number),
    })
    .from(runs)
    .where(conditionsOf(filter, db))
    .groupBy(bucket)
    .orderBy(bucket);
  return rows.map((row) => ({ ...row, bucket: row.bucket * bucketMs }));
}

/** The figure of every completed run matching the filter that has it (unordered). */
export async function selectFigureValues(
  db: Executor,
  filter: RunFilter,
  figure: RunFigure,
): Promise<number[]> {
  const value = figureSql(figure);
  const rows = await db
    .select({ value: value.mapWith(Number) })
    .from(runs)
    .where(and(conditionsOf(filter, db), completed, sql`${value} is not null`));
  return rows.map((row) => row.value as number);
}

/** The columns a comparison reads from each run. */
export interface CompareRunRow {
  status: Run['status'];
  total: number | null;
  ttft: number | null;
  itl_mean: number | null;
  cost: number | null;
  time_to_first_answer_token_ms: number | null;
  tpot_ms: number | null;
  output_tokens_per_s: number | null;
  output_tokens: number | null;
  input_tokens: number | null;
  assertions_passed: boolean | null;
}

/** Non-warm-up runs matching the filter, newest first, at most `limit`. */
export async function selectCompareRuns(
  db: Executor,
  filter: RunFilter,
  limit: number,
): Promise<CompareRunRow[]> {
  return db
    .select({
      status: runs.status,
      total: runs.total_duration_ms,
      ttft: runs.ttft_ms,
      itl_mean: itlMeanSql.mapWith(Number),
      cost: runs.cost_usd,
      time_to_first_answer_token_ms: figureSql('time_to_first_answer_token_ms').mapWith(Number),
      tpot_ms: figureSql('tpot_ms').mapWith(Number),
      output_tokens_per_s: figureSql('output_tokens_per_s').mapWith(Number),
      output_tokens: figureSql('output_tokens').mapWith(Number),
      input_tokens: figureSql('input_tokens').mapWith(Number),
      assertions_passed: runs.assertions_passed,
    })
    .from(runs)
    .where(conditionsOf({ ...filter, exclude_warmup: true }, db))
    .orderBy(desc(runs.created_at), desc(runs.id))
    .limit(limit);
}

/** Where a keyset page starts: after this run in (created_at desc, id desc) order. */
export interface RunCursor {
  created_at: Date;
  id: number;
}

/**
 * The next `limit` runs matching the filter in the run list's order (newest first), after
 * `cursor`. Keyset pagination: each page is an index range scan, however deep the export.
 */
export async function selectRunsAfter(
  db: Executor,
  filter: RunFilter,
  cursor: RunCursor | null,
  limit: number,
): Promise<Run[]> {
  // The cursor run's created_at is read back from the table: the database keeps microseconds
  // and a Date only milliseconds, and the runs of a benchmark share one now(), so a rounded
  // bound would skip every run after the first page. The Date stands in only if the cursor
  // run was deleted meanwhile. The first condition alone bounds the index range scan (an OR
  // of the two would make PostgreSQL scan from the newest run again for every page); the
  // second breaks ties.
  const cursorAt = cursor
    ? sql`coalesce((select c.created_at from ${runs} as c where c.id = ${cursor.id}), ${cursor.created_at.toISOString()}::timestamptz)`
    : undefined;
  const after =
    cursor && cursorAt
      ? and(
          sql`${runs.created_at} <= ${cursorAt}`,
          or(sql`${runs.created_at} < ${cursorAt}`, lt(runs.id, cursor.id)),
        )
      : undefined;
  return db
    .select()
    .from(runs)
    .where(and(conditionsOf(filter, db), after))
    .orderBy(desc(runs.created_at), desc(runs.id))
    .limit(limit);
}

/** The runs of a benchmark in id order after `afterId` (keyset), warm-ups included. */
export async function selectBenchmarkRunsAfter(
  db: Executor,
  benchmarkId: number,
  afterId: number,
  limit: number,
): Promise<Run[]> {
  return db
    .select()
    .from(runs)
    .where(and(eq(runs.benchmark_id, benchmarkId), gt(runs.id, afterId)))
    .orderBy(asc(runs.id))
    .limit(limit);
}
