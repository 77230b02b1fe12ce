import type { Run } from '../db/schema.js';
import { type PercentileTriple, selectRunAggregates, selectRuns } from '../repositories/runs.js';
import { IssueList } from './checks.js';
import type { CoreDeps } from './deps.js';
import { type RunFilterParams, toRunFilter } from './run-filter-params.js';

export type DashboardKpiParams = Omit<RunFilterParams, 'status'>;

export interface DashboardKpis {
  /** Runs matching the filters, in any status. */
  total_runs: number;
  /** Runs with an outcome: completed, failed or timeout. Cancelled runs are not outcomes. */
  finished_runs: number;
  completed_runs: number;
  /** completed_runs / finished_runs, from 0 to 1; null while no run has finished. */
  success_rate: number | null;
  /** Percentiles of total_duration_ms over completed runs (ms); each null without data. */
  total_time_stats: PercentileTriple;
  /** Percentiles of ttft_ms over completed runs that have one (ms); each null without data. */
  ttft_stats: PercentileTriple;
  /** Mean of inter_token_stats.mean over completed runs (ms); null without data. */
  avg_inter_token_latency: number | null;
  /** The 10 newest matching runs, newest first. */
  recent_runs: Run[];
}

const RECENT_RUNS = 10;

/**
 * The dashboard's figures, computed in SQL over the runs matching the filters (warm-up runs
 * of benchmarks left out).
 *
 * Failures are counted, never averaged into latency: failed and timed-out runs lower
 * `success_rate`, but every latency figure (percentiles, inter-token mean) reads completed
 * runs only — a failure's duration measures how fast it failed, not the system's latency.
 * Percentiles are PostgreSQL's `percentile_cont` (linear interpolation between ranks).
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
  const filter = { ...toRunFilter({ ...params, status: undefined }, issues), exclude_warmup: true };
  issues.throwIfAny();
  const { db } = deps.db;
  const [aggregates, recent_runs] = await Promise.all([
    selectRunAggregates(db, filter),
    selectRuns(db, filter, { skip: 0, limit: RECENT_RUNS }),
  ]);
  return {
    total_runs: aggregates.total_runs,
    finished_runs: aggregates.finished_runs,
    completed_runs: aggregates.completed_runs,
    success_rate:
      aggregates.finished_runs === 0 ? null : aggregates.completed_runs / aggregates.finished_runs,
    total_time_stats: aggregates.total_time_stats,
    ttft_stats: aggregates.ttft_stats,
    avg_inter_token_latency: aggregates.avg_inter_token_latency,
    recent_runs,
  };
}
