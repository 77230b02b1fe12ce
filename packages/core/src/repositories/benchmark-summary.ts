/**
 * The aggregate SQL behind a benchmark's summary: one pass over its measured runs (warm-ups
 * excluded) for the distributions and counters, and one grouped query for the errors.
 * Percentiles are `percentile_cont` (linear interpolation, the same definition as
 * `@tfbench/domain/statistics` percentile), so a figure recomputed in TypeScript matches.
 */
import { and, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';
import { BENCHMARK_RUN_ERROR_CODES } from './benchmark-runs-end.js';

/** Distribution of one figure over a set of runs, in milliseconds; null figures when count is 0. */
export interface Distribution {
  count: number;
  mean: number | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface BenchmarkSummaryFigures {
  /** Measured runs in any status. */
  measured_runs: number;
  /** Measured runs with an outcome: completed, failed or timeout. */
  outcome_runs: number;
  completed_runs: number;
  /** Completed runs whose assertions passed. */
  goal_successes: number;
  /** Runs with an outcome whose assertions were evaluated (assertions_passed not null). */
  goal_evaluated_runs: number;
  /** Open arrivals: runs that got no concurrency slot in time. */
  dropped_runs: number;
  total_duration_ms: Distribution;
  ttft_ms: Distribution;
  /** Each completed run's mean inter-token gap (`inter_token_stats.mean`). */
  itl_ms: Distribution;
  /** Completed open-arrival runs: schedule lag + total duration, i.e. finish - intended send time. */
  latency_from_intended_ms: Distribution;
  /** Runs that started with an intended send time: actual start - intended start. */
  schedule_lag_ms: Distribution;
  /** Completed runs with token figures (OpenAI-compatible); 0 for TinyFish benchmarks. */
  token_runs: number;
  /** Σ output tokens of completed runs. */
  output_tokens_total: number | null;
  /** Per completed run: `token_metrics.tpot_ms`, `.output_tokens_per_s`, `.output_tokens`, `.input_tokens`, `.time_to_first_answer_token_ms`. */
  tpot_ms: Distribution;
  output_tokens_per_s: Distribution;
  output_tokens: Distribution;
  input_tokens: Distribution;
  time_to_first_answer_token_ms: Distribution;
  /** Sum over measured runs that report a cost, failed ones included (they were paid for). */
  cost_usd: number | null;
  /** First start and last finish among runs with an outcome. */
  first_started_at: Date | null;
  last_finished_at: Date | null;
}

const QUANTILES = '{0.5,0.9,0.95,0.99}';

/** The numbers of an array column (both drivers may hand floats over as strings). */
function toNumbers(value: unknown): Array<number | null> {
  if (!Array.isArray(value)) return [null, null, null, null];
  return value.map((item) => (item === null ? null : Number(item)));
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function nullableDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

/** Select fields that describe `expression` over the rows where `where` holds. */
function distributionFields(prefix: string, expression: SQL, where: SQL) {
  return {
    [`${prefix}_count`]: sql<number>`count(${expression}) filter (where ${where})`.mapWith(Number),
    [`${prefix}_mean`]: sql<number | null>`avg(${expression}) filter (where ${where})`.mapWith(
      nullableNumber,
    ),
    [`${prefix}_min`]: sql<number | null>`min(${expression}) filter (where ${where})`.mapWith(nullableNumber),
    [`${prefix}_max`]: sql<number | null>`max(${expression}) filter (where ${where})`.mapWith(nullableNumber),
    [`${prefix}_q`]: sql<
      Array<number | null>
    >`percentile_cont(${QUANTILES}::float8[]) within group (order by ${expression}) filter (where ${where})`.mapWith(
      toNumbers,
    ),
  };
}

function readDistribution(row: Record<string, unknown>, prefix: string): Distribution {
  const n = Number(row[`${prefix}_count`] ?? 0);
  const [p50, p90, p95, p99] = (row[`${prefix}_q`] as Array<number | null> | undefined) ?? [];
  if (n === 0)
    return { count: 0, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
  return {
    count: n,
    mean: (row[`${prefix}_mean`] as number | null) ?? null,
    min: (row[`${prefix}_min`] as number | null) ?? null,
    p50: p50 ?? null,
    p90: p90 ?? null,
    p95: p95 ?? null,
    p99: p99 ?? null,
    max: (row[`${prefix}_max`] as number | null) ?? null,
  };
}

const completed = sql`${runs.status} = 'completed'`;
const withOutcome = sql`${runs.status} in ('completed', 'failed', 'timeout')`;
/** When the run really started: the engine's actual_start_at, else its started_at. */
const actualStart = sql`coalesce(${runs.actual_start_at}, ${runs.started_at})`;
const lagMs = sql`(extract(epoch from (${actualStart} - ${runs.intended_start_at})) * 1000)::float8`;
const itlMean = sql`case when jsonb_typeof(${runs.inter_token_stats} -> 'mean') = 'number'
  then (${runs.inter_token_stats} ->> 'mean')::float8 end`;

/** A number of the run's token_metrics, or null when absent or not numeric. */
const tokenFigure = (name: string) => sql`case when jsonb_typeof(${runs.token_metrics} -> ${name}) = 'number'
  then (${runs.token_metrics} ->> ${name})::float8 end`;
const completedWithTokens = sql`${completed} and ${runs.token_metrics} is not null`;

function measuredRunsOf(benchmarkId: number): SQL {
  return and(eq(runs.benchmark_id, benchmarkId), eq(runs.is_warmup, false))!;
}

/** The figures of a benchmark's measured runs, in one aggregate query. */
export async function selectBenchmarkSummaryFigures(
  db: Executor,
  benchmarkId: number,
): Promise<BenchmarkSummaryFigures> {
  const [row] = await db
    .select({
      measured_runs: sql<number>`count(*)`.mapWith(Number),
      outcome_runs: sql<number>`count(*) filter (where ${withOutcome})`.mapWith(Number),
      completed_runs: sql<number>`count(*) filter (where ${completed})`.mapWith(Number),
      goal_successes: sql<number>`count(*) filter (where ${completed} and ${runs.assertions_passed})`.mapWith(
        Number,
      ),
      goal_evaluated_runs:
        sql<number>`count(*) filter (where ${withOutcome} and ${runs.assertions_passed} is not null)`.mapWith(
          Number,
        ),
      dropped_runs:
        sql<number>`count(*) filter (where ${runs.error_code} = ${BENCHMARK_RUN_ERROR_CODES.dropped})`.mapWith(
          Number,
        ),
      cost_usd: sql<number | null>`sum(${runs.cost_usd})`.mapWith(nullableNumber),
      first_started_at: sql<Date | null>`min(${runs.started_at}) filter (where ${withOutcome})`.mapWith(
        nullableDate,
      ),
      last_finished_at: sql<Date | null>`max(${runs.finished_at}) filter (where ${withOutcome})`.mapWith(
        nullableDate,
      ),
      ...distributionFields('total', sql`${runs.total_duration_ms}`, completed),
      ...distributionFields('ttft', sql`${runs.ttft_ms}`, completed),
      ...distributionFields('itl', itlMean, completed),
      ...distributionFields(
        'intended',
        sql`${lagMs} + ${runs.total_duration_ms}`,
        sql`${completed} and ${runs.intended_start_at} is not null`,
      ),
      ...distributionFields('lag', lagMs, sql`${runs.intended_start_at} is not null`),
      token_runs: sql<number>`count(*) filter (where ${completedWithTokens})`.mapWith(Number),
      output_tokens_total: sql<
        number | null
      >`sum(${tokenFigure('output_tokens')}) filter (where ${completed})`.mapWith(nullableNumber),
      ...distributionFields('tpot', tokenFigure('tpot_ms'), completed),
      ...distributionFields('speed', tokenFigure('output_tokens_per_s'), completed),
      ...distributionFields('out', tokenFigure('output_tokens'), completed),
      ...distributionFields('in', tokenFigure('input_tokens'), completed),
      ...distributionFields('ttfat', tokenFigure('time_to_first_answer_token_ms'), completed),
    })
    .from(runs)
    .where(measuredRunsOf(benchmarkId));
  const r = (row ?? {}) as Record<string, unknown>;
  return {
    measured_runs: Number(r.measured_runs ?? 0),
    outcome_runs: Number(r.outcome_runs ?? 0),
    completed_runs: Number(r.completed_runs ?? 0),
    goal_successes: Number(r.goal_successes ?? 0),
    goal_evaluated_runs: Number(r.goal_evaluated_runs ?? 0),
    dropped_runs: Number(r.dropped_runs ?? 0),
    total_duration_ms: readDistribution(r, 'total'),
    ttft_ms: readDistribution(r, 'ttft'),
    itl_ms: readDistribution(r, 'itl'),
    latency_from_intended_ms: readDistribution(r, 'intended'),
    schedule_lag_ms: readDistribution(r, 'lag'),
    token_runs: Number(r.token_runs ?? 0),
    output_tokens_total: (r.output_tokens_total as number | null) ?? null,
    tpot_ms: readDistribution(r, 'tpot'),
    output_tokens_per_s: readDistribution(r, 'speed'),
    output_tokens: readDistribution(r, 'out'),
    input_tokens: readDistribution(r, 'in'),
    time_to_first_answer_token_ms: readDistribution(r, 'ttfat'),
    cost_usd: (r.cost_usd as number | null) ?? null,
    first_started_at: (r.first_started_at as Date | null) ?? null,
    last_finished_at: (r.last_finished_at as Date | null) ?? null,
  };
}

/**
 * Failed and timed-out measured runs by error code, most frequent first; a run without a code
 * counts as `UNKNOWN` (failed) or `TIMEOUT` (timeout).
 */
export async function selectBenchmarkErrorBreakdown(
  db: Executor,
  benchmarkId: number,
): Promise<Array<{ error_code: string; count: number }>> {
  const code = sql<string>`coalesce(${runs.error_code}, case when ${runs.status} = 'timeout' then 'TIMEOUT' else 'UNKNOWN' end)`;
  const rows = await db
    .select({ error_code: code, count: sql<number>`count(*)`.mapWith(Number) })
    .from(runs)
    .where(and(measuredRunsOf(benchmarkId), inArray(runs.status, ['failed', 'timeout'])))
    .groupBy(code)
    .orderBy(desc(sql`count(*)`), code);
  return rows;
}

/** The fields of a run that thresholds read (a benchmark's, and an alert's window). */
export const thresholdRunColumns = {
  status: runs.status,
  total_duration_ms: runs.total_duration_ms,
  ttft_ms: runs.ttft_ms,
  time_to_started_ms: runs.time_to_started_ms,
  steps: runs.steps,
  cost_usd: runs.cost_usd,
  queue_wait_ms: runs.queue_wait_ms,
  inter_token_stats: runs.inter_token_stats,
  token_metrics: runs.token_metrics,
  assertions_passed: runs.assertions_passed,
};

/**
 * The columns thresholds read, of a benchmark's measured runs, with the instants `goodput`
 * takes its measurement window from.
 */
export function selectBenchmarkThresholdRuns(db: Executor, benchmarkId: number) {
  return db
    .select({ ...thresholdRunColumns, started_at: runs.started_at, finished_at: runs.finished_at })
    .from(runs)
    .where(measuredRunsOf(benchmarkId));
}

/**
 * A benchmark's measured runs per dataset row: how many, how they ended, and the p50/p95 of
 * total time of the completed ones (linear interpolation, as the summary's). Rows in order.
 */
export async function selectBenchmarkRowResults(db: Executor, benchmarkId: number) {
  const rows = await db
    .select({
      row: runs.dataset_row,
      runs: sql<number>`count(*)::int`,
      completed: sql<number>`(count(*) filter (where ${runs.status} = 'completed'))::int`,
      failed: sql<number>`(count(*) filter (where ${runs.status} in ('failed', 'timeout')))::int`,
      p50: sql<
        number | null
      >`percentile_cont(0.5) within group (order by ${runs.total_duration_ms}) filter (where ${runs.status} = 'completed')`,
      p95: sql<
        number | null
      >`percentile_cont(0.95) within group (order by ${runs.total_duration_ms}) filter (where ${runs.status} = 'completed')`,
    })
    .from(runs)
    .where(and(measuredRunsOf(benchmarkId), isNotNull(runs.dataset_row)))
    .groupBy(runs.dataset_row)
    .orderBy(runs.dataset_row);
  return rows.map((row) => ({
    row: row.row as number,
    runs: row.runs,
    completed: row.completed,
    failed: row.failed,
    success_rate: row.completed + row.failed === 0 ? null : row.completed / (row.completed + row.failed),
    total_duration_ms_p50: row.p50 === null ? null : Number(row.p50),
    total_duration_ms_p95: row.p95 === null ? null : Number(row.p95),
  }));
}
