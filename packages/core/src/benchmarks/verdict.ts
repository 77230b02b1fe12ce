/**
 * A benchmark's outcome in one word. `completed` only says every run ended; whether the
 * benchmark met what it was asked to meet is the verdict: `failed` when any threshold or
 * built-in check failed, `passed` when all held, `no_thresholds` when nothing was checked.
 */
import type { BenchmarkSettings } from './settings.js';
import { isOpenArrival } from './settings.js';
import type { BenchmarkSummary } from './summary.js';
import type { BenchmarkThresholdResult } from './thresholds.js';

export const BENCHMARK_VERDICTS = ['passed', 'failed', 'no_thresholds'] as const;
export type BenchmarkVerdict = (typeof BENCHMARK_VERDICTS)[number];

/** The built-in check's expression, as threshold results show it. */
export const DROPPED_RUNS_CHECK = 'dropped_runs == 0';

/**
 * The built-in checks of a finished benchmark, evaluated on its summary. `dropped_runs == 0`
 * applies to open arrivals unless `check_dropped_runs` is false: an arrival dropped for want of
 * a concurrency slot was never sent, so a success rate over the runs sent cannot show it.
 */
export function builtInChecks(
  settings: Pick<BenchmarkSettings, 'arrival' | 'check_dropped_runs'>,
  summary: Pick<BenchmarkSummary, 'measured_runs' | 'schedule'>,
): BenchmarkThresholdResult[] {
  if (!isOpenArrival(settings.arrival) || !settings.check_dropped_runs) return [];
  const dropped = summary.schedule?.dropped_runs ?? 0;
  return [
    {
      expression: DROPPED_RUNS_CHECK,
      observed: dropped,
      passed: dropped === 0,
      n: summary.measured_runs,
      built_in: true,
    },
  ];
}

/** The verdict of stored threshold results; null while the benchmark has none (it has not finished). */
export function benchmarkVerdict(
  results: readonly Pick<BenchmarkThresholdResult, 'passed'>[] | null,
): BenchmarkVerdict | null {
  if (results === null) return null;
  if (results.length === 0) return 'no_thresholds';
  return results.every((r) => r.passed) ? 'passed' : 'failed';
}
