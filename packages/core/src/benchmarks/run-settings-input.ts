/**
 * The benchmark settings a scenario may keep in its run_settings, for the benchmarks its
 * schedule starts (and the dataset its API-created benchmarks take rows from by default).
 */
import type { CreateBenchmarkInput } from './settings.js';

/**
 * The benchmark a scenario's run_settings describe (a scheduled tick of kind `benchmark`
 * starts it): iterations (default 1), concurrency (default 1), arrival, rate_per_s,
 * warmup_runs, duration_s, timeout_s, max_lag_s, dataset, slo, sweep, search. Null values
 * count as unset.
 */
export function benchmarkInputFromRunSettings(
  scenarioId: number,
  runSettings: Record<string, unknown>,
): CreateBenchmarkInput {
  const pick = <T>(key: string): T | undefined => (runSettings[key] ?? undefined) as T | undefined;
  return {
    scenario_id: scenarioId,
    iterations: pick<number>('iterations') ?? 1,
    concurrency: pick<number>('concurrency') ?? 1,
    arrival: pick('arrival'),
    rate_per_s: pick('rate_per_s'),
    warmup_runs: pick('warmup_runs'),
    duration_s: pick('duration_s'),
    timeout_s: pick('timeout_s'),
    max_lag_s: pick('max_lag_s'),
    dataset: pick('dataset'),
    slo: pick('slo'),
    sweep: pick('sweep'),
    search: pick('search'),
  };
}

/** The run_settings keys benchmarkInputFromRunSettings reads. */
export const BENCHMARK_RUN_SETTINGS = [
  'iterations',
  'concurrency',
  'arrival',
  'rate_per_s',
  'warmup_runs',
  'duration_s',
  'timeout_s',
  'max_lag_s',
  'dataset',
  'slo',
  'sweep',
  'search',
] as const;
