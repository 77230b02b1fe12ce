import { NotFoundError } from '@tfbench/domain/errors';
import type { Benchmark } from '../db/schema.js';
import { selectBenchmarkById } from '../repositories/benchmarks.js';
import { requireExistingId } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { stopReasonOf } from './cost-cap.js';
import { type BenchmarkProgress, countBenchmarkRuns, type RunCounts } from './progress.js';
import { isSeriesArrival, readBenchmarkSettings } from './settings.js';
import { type BenchmarkSummary, computeBenchmarkSummary } from './summary.js';
import type { BenchmarkThresholdResult } from './thresholds.js';
import { type BenchmarkVerdict, benchmarkVerdict } from './verdict.js';

/** A benchmark as the API shows it: the row plus its run counts and progress. */
export interface BenchmarkView extends Omit<Benchmark, 'summary' | 'threshold_results'> {
  /** All runs per status, warm-ups included. */
  counts: RunCounts;
  progress: BenchmarkProgress;
  /**
   * The figures over the measured runs: stored when the benchmark finished, computed live
   * while it runs (null in lists until it finished).
   */
  summary: BenchmarkSummary | null;
  /** One result per threshold expression, stored when the benchmark finished. */
  threshold_results: BenchmarkThresholdResult[] | null;
  /**
   * `failed` when a threshold or built-in check failed, `passed` when all held,
   * `no_thresholds` when nothing was checked; null until the benchmark finished.
   */
  verdict: BenchmarkVerdict | null;
  /** Why the benchmark stopped early (its max_cost_usd was reached); null otherwise. */
  stop_reason: string | null;
}

/**
 * A finished benchmark's stored summary; a running sweep's or search's too, which holds its
 * progress (curve, probes, totals of the steps so far). Null for others while they run.
 */
export function storedSummaryOf(benchmark: Benchmark): BenchmarkSummary | null {
  if (!benchmark.summary) return null;
  const stored = benchmark.finished_at || isSeriesArrival(readBenchmarkSettings(benchmark.settings).arrival);
  return stored ? (benchmark.summary as unknown as BenchmarkSummary) : null;
}

/**
 * One benchmark with counts, progress and its summary (live while it runs).
 * NotFoundError (404) when there is none with this id.
 */
export async function getBenchmark(deps: CoreDeps, id: number): Promise<BenchmarkView> {
  const benchmark = await selectBenchmarkById(deps.db.db, requireExistingId('benchmark', id));
  if (!benchmark) throw new NotFoundError('benchmark', id);
  const [{ counts, progress }, summary] = await Promise.all([
    countBenchmarkRuns(deps.db.db, id),
    storedSummaryOf(benchmark) ??
      computeBenchmarkSummary(deps.db.db, id, readBenchmarkSettings(benchmark.settings)),
  ]);
  const thresholdResults = benchmark.threshold_results as BenchmarkThresholdResult[] | null;
  return {
    ...benchmark,
    counts,
    progress,
    summary,
    threshold_results: thresholdResults,
    verdict: benchmarkVerdict(thresholdResults),
    stop_reason: stopReasonOf(benchmark),
  };
}
