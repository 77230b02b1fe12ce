import type { BenchmarkStatus } from '@tfbench/domain/model';
import { BENCHMARK_STATUSES } from '@tfbench/domain/model';
import { countRunsOfBenchmarksByStatus } from '../repositories/benchmark-run-counts.js';
import { countBenchmarks, selectBenchmarks } from '../repositories/benchmarks.js';
import { checkedPage, checkFilterId, checkOneOf } from '../services/checks.js';
import type { CoreDeps, PageParams, Paginated } from '../services/deps.js';
import { stopReasonOf } from './cost-cap.js';
import { type BenchmarkView, storedSummaryOf } from './get-benchmark.js';
import { tallyBenchmarkRuns } from './progress.js';
import type { BenchmarkThresholdResult } from './thresholds.js';
import { benchmarkVerdict } from './verdict.js';

export interface ListBenchmarksParams extends PageParams {
  scenario_id?: number;
  status?: BenchmarkStatus;
}

/**
 * Benchmarks newest first, with counts and progress (one grouped query for the page) and the
 * stored summary of finished ones; open `getBenchmark` for a running one's live summary.
 */
export async function listBenchmarks(
  deps: CoreDeps,
  params: ListBenchmarksParams = {},
): Promise<Paginated<BenchmarkView>> {
  const page = checkedPage(params, (issues) => {
    checkFilterId('scenario_id', params.scenario_id, issues);
    checkOneOf('status', params.status, BENCHMARK_STATUSES, issues);
  });
  const filter = { scenario_id: params.scenario_id, status: params.status };
  const [rows, total] = await Promise.all([
    selectBenchmarks(deps.db.db, filter, page),
    countBenchmarks(deps.db.db, filter),
  ]);
  const counts = await countRunsOfBenchmarksByStatus(
    deps.db.db,
    rows.map((row) => row.id),
  );
  const items = rows.map((row) => {
    const tally = tallyBenchmarkRuns(counts.filter((c) => c.benchmark_id === row.id));
    const thresholdResults = row.threshold_results as BenchmarkThresholdResult[] | null;
    return {
      ...row,
      ...tally,
      summary: storedSummaryOf(row),
      threshold_results: thresholdResults,
      verdict: benchmarkVerdict(thresholdResults),
      stop_reason: stopReasonOf(row),
    };
  });
  return { items, total };
}
