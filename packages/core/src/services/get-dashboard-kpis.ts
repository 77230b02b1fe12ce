import type { DDSketch } from '@tfbench/domain/statistics';
import { wilsonInterval } from '@tfbench/domain/statistics';
import type { Run } from '../db/schema.js';
import {
  chooseSource,
  type FigureSource,
  relativeErrorOf,
  rollupScopeOf,
} from '../reporting/range-policy.js';
import {
  selectCreatedAtSpan,
  selectErrorBreakdown,
  selectKpiFigures,
} from '../repositories/run-analytics.js';
import { selectTokenKpiFigures, type TokenKpiRow } from '../repositories/run-token-analytics.js';
import { selectRuns } from '../repositories/runs.js';
import { MINUTE_MS } from '../rollups/buckets.js';
import { readTallies } from '../rollups/read-tallies.js';
import { RunTally } from '../rollups/tally.js';
import { IssueList } from './checks.js';
import type { CoreDeps } from './deps.js';
import { type RunFilterParams, toRunFilter } from './run-filter-params.js';

export interface DashboardKpiParams extends Omit<RunFilterParams, 'status' | 'q'> {
  /**
   * Compute every percentile exactly from raw runs, whatever the range. By default ranges
   * wider than a day (or without `from`) are read from the rollups (within 0.5 %).
   */
  exact?: boolean;
}

/** Percentiles and mean of one figure over completed runs (ms); each null without data. */
export interface LatencyStats {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

export interface DashboardKpis {
  /** Runs matching the filters, in any status. */
  total_runs: number;
  /** Runs with an outcome: completed, failed or timeout. Cancelled runs are not outcomes. */
  finished_runs: number;
  completed_runs: number;
  /** completed_runs / finished_runs, from 0 to 1; null while no run has finished. */
  success_rate: number | null;
  /** Percentiles of total_duration_ms over completed runs (ms); each null without data. */
  total_time_stats: LatencyStats;
  /** Percentiles of ttft_ms over completed runs that have one (ms); each null without data. */
  ttft_stats: LatencyStats;
  /** Mean of inter_token_stats.mean over completed runs (ms); null without data. */
  avg_inter_token_latency: number | null;
  /** The 10 newest matching runs, newest first. */
  recent_runs: Run[];
  failed_runs: number;
  timeout_runs: number;
  cancelled_runs: number;
  /** Pending and running runs. */
  in_flight_runs: number;
  /** 95 % Wilson score interval of success_rate; null while no run has finished. */
  success_rate_ci: { lower: number; upper: number } | null;
  /**
   * Goal successes / runs with a goal verdict (docs/metrics.md): completed with every
   * assertion passed, over finished runs of scenarios with assertions. Null without verdicts.
   */
  goal_success_rate: number | null;
  goal_evaluated_runs: number;
  goal_successful_runs: number;
  /**
   * Finished runs per minute over the window: from `from` (or the first matching run) to
   * `to` (or now). Null when the window is empty.
   */
  runs_per_minute: number | null;
  /** Failed and timed-out runs by error_code ("UNKNOWN" when none), most frequent first. */
  errors: Array<{ error_code: string; count: number }>;
  /** Sum of cost_usd of completed runs (only completed runs are billed); null without any. */
  cost_usd: number | null;
  /** cost_usd / completed_runs; null without completed runs. */
  cost_per_successful_run_usd: number | null;
  /**
   * Token figures of completed OpenAI-compatible runs (docs/metrics.md §10), null when no
   * matching completed run has them. Always exact from raw runs: the rollups keep no token
   * sketches, so a wide range costs a scan bounded by the analytics statement timeout.
   */
  tokens: TokenKpis | null;
  /** Where the percentiles came from: raw runs, or the rollups. */
  source: FigureSource;
  /** Relative error bound of the percentiles: 0 when exact, 0.005 from rollups. */
  percentile_relative_error: number;
}

/** Token KPIs: sums over the window and per-run distributions. */
export interface TokenKpis {
  /** Completed runs that carry token metrics. */
  runs: number;
  input_tokens: number | null;
  output_tokens: number | null;
  /** Σ output tokens / the window's minutes (as runs_per_minute); null when the window is empty. */
  output_tokens_per_minute: number | null;
  time_to_first_answer_token_ms: LatencyStats;
  tpot_ms: LatencyStats;
  output_tokens_per_s: LatencyStats;
  /** Output tokens per run. */
  output_tokens_per_run: LatencyStats;
}

const RECENT_RUNS = 10;

function tokenKpisOf(row: TokenKpiRow, windowMinutes: number): TokenKpis | null {
  if (row.runs === 0) return null;
  return {
    runs: row.runs,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    output_tokens_per_minute:
      windowMinutes > 0 && row.output_tokens !== null ? row.output_tokens / windowMinutes : null,
    time_to_first_answer_token_ms: row.stats.time_to_first_answer_token_ms,
    tpot_ms: row.stats.tpot_ms,
    output_tokens_per_s: row.stats.output_tokens_per_s,
    output_tokens_per_run: row.stats.output_tokens,
  };
}

/**
 * The dashboard's figures over the runs matching the filters (warm-up runs of benchmarks left
 * out). Narrow ranges (the range, or the runs in it, at most a day wide) and benchmark filters
 * are computed exactly in SQL; wider ranges read the rollups (see `@tfbench/core/rollups`), whose percentiles are within 0.5 % of
 * the exact ones while counts, rates, errors and cost stay exact.
 *
 * Failures are counted, never averaged into latency: failed and timed-out runs lower
 * `success_rate`, but every latency figure (percentiles, means) reads completed runs only — a
 * failure's duration measures how fast it failed, not the system's latency. Percentiles are
 * PostgreSQL's `percentile_cont` (linear interpolation between ranks).
 *
 * @example
 * const kpis = await getDashboardKpis(deps, { scenario_id: 1, from: new Date(Date.now() - 86_400_000) });
 * kpis.total_time_stats.p95; // ms, or null
 */
export async function getDashboardKpis(
  deps: CoreDeps,
  params: DashboardKpiParams = {},
): Promise<DashboardKpis> {
  const issues = new IssueList();
  const { exact, ...filterParams } = params;
  const filter = { ...toRunFilter({ ...filterParams, status: undefined }, issues), exclude_warmup: true };
  issues.throwIfAny();
  const { db } = deps.db;
  const now = Date.now();
  const span = await selectCreatedAtSpan(db, filter);
  const source = chooseSource({ ...filter, exact, ...span }, now);
  const [figures, recent_runs, tokenRow] = await Promise.all([
    source === 'exact' ? exactFigures(deps, filter) : rollupFigures(deps, filter, now),
    selectRuns(db, filter, { skip: 0, limit: RECENT_RUNS }),
    selectTokenKpiFigures(db, filter),
  ]);
  const windowStart = filter.from ?? span.first;
  const finished = figures.completed + figures.failed + figures.timeout;
  const interval = finished === 0 ? null : wilsonInterval(figures.completed, finished);
  const windowEnd = Math.min(filter.to?.getTime() ?? now, now);
  const windowMinutes = windowStart === null ? 0 : (windowEnd - windowStart.getTime()) / MINUTE_MS;
  return {
    total_runs: finished + figures.cancelled + figures.in_flight,
    finished_runs: finished,
    completed_runs: figures.completed,
    success_rate: finished === 0 ? null : figures.completed / finished,
    total_time_stats: figures.total,
    ttft_stats: figures.ttft,
    avg_inter_token_latency: figures.itl_mean,
    recent_runs,
    failed_runs: figures.failed,
    timeout_runs: figures.timeout,
    cancelled_runs: figures.cancelled,
    in_flight_runs: figures.in_flight,
    success_rate_ci: interval ? { lower: interval.lower, upper: interval.upper } : null,
    goal_success_rate: figures.goal_verdicts === 0 ? null : figures.goal_successes / figures.goal_verdicts,
    goal_evaluated_runs: figures.goal_verdicts,
    goal_successful_runs: figures.goal_successes,
    runs_per_minute: windowMinutes > 0 ? finished / windowMinutes : null,
    errors: figures.errors,
    cost_usd: figures.cost_sum,
    cost_per_successful_run_usd:
      figures.cost_sum === null || figures.completed === 0 ? null : figures.cost_sum / figures.completed,
    tokens: tokenKpisOf(tokenRow, windowMinutes),
    source,
    percentile_relative_error: relativeErrorOf(source),
  };
}

/** The figures both sources produce. */
interface KpiFigures {
  completed: number;
  failed: number;
  timeout: number;
  cancelled: number;
  in_flight: number;
  goal_verdicts: number;
  goal_successes: number;
  total: LatencyStats;
  ttft: LatencyStats;
  itl_mean: number | null;
  cost_sum: number | null;
  errors: Array<{ error_code: string; count: number }>;
}

type KpiFilter = Parameters<typeof selectKpiFigures>[1];

const LATENCY_STATS = ['p50', 'p90', 'p95', 'p99', 'mean'] as const;

/** One figure's stats out of a KPI row, whose columns are named `<figure>_<stat>`. */
function latencyStatsOf<F extends string>(
  row: Record<`${F}_${(typeof LATENCY_STATS)[number]}`, number | null | undefined>,
  figure: F,
): LatencyStats {
  const at = (stat: (typeof LATENCY_STATS)[number]) => row[`${figure}_${stat}`] ?? null;
  return { p50: at('p50'), p90: at('p90'), p95: at('p95'), p99: at('p99'), mean: at('mean') };
}

async function exactFigures(deps: CoreDeps, filter: KpiFilter): Promise<KpiFigures> {
  const { db } = deps.db;
  const [row, errors] = await Promise.all([selectKpiFigures(db, filter), selectErrorBreakdown(db, filter)]);
  return {
    completed: row.completed,
    failed: row.failed,
    timeout: row.timeout,
    cancelled: row.cancelled,
    in_flight: row.in_flight,
    goal_verdicts: row.goal_verdicts,
    goal_successes: row.goal_successes,
    total: latencyStatsOf(row, 'total'),
    ttft: latencyStatsOf(row, 'ttft'),
    itl_mean: row.itl_mean ?? null,
    cost_sum: row.cost_sum ?? null,
    errors,
  };
}

async function rollupFigures(deps: CoreDeps, filter: KpiFilter, now: number): Promise<KpiFigures> {
  const { db } = deps.db;
  const scope = await rollupScopeOf(db, filter);
  const tallies = await readTallies(db, {
    scope,
    start: filter.from?.getTime() ?? Number.NEGATIVE_INFINITY,
    // Runs are stamped by the database clock; a minute of slack keeps the newest in.
    end: filter.to?.getTime() ?? now + MINUTE_MS,
    sketches: ['total_sketch', 'ttft_sketch', 'itl_sketch', 'cost_sketch'],
  });
  const tally = tallies.get(0) ?? new RunTally();
  return {
    completed: tally.completed,
    failed: tally.failed,
    timeout: tally.timeout,
    cancelled: tally.cancelled,
    in_flight: tally.pending + tally.running,
    goal_verdicts: tally.goalVerdicts,
    goal_successes: tally.goalSuccesses,
    total: statsOfSketch(tally.sketches.total),
    ttft: statsOfSketch(tally.sketches.ttft),
    itl_mean: tally.sketches.itl.mean,
    cost_sum: tally.sketches.cost.count === 0 ? null : tally.sketches.cost.sum,
    errors: tally.errorBreakdown(),
  };
}

/** p50, p90, p95, p99 and mean of a sketch (percentiles within its relative accuracy). */
export function statsOfSketch(sketch: DDSketch): LatencyStats {
  return {
    p50: sketch.quantile(0.5),
    p90: sketch.quantile(0.9),
    p95: sketch.quantile(0.95),
    p99: sketch.quantile(0.99),
    mean: sketch.mean,
  };
}
