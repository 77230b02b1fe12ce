import { NotFoundError } from '@tfbench/domain/errors';
import { selectBenchmarkById } from '../repositories/benchmarks.js';
import { requireExistingId } from '../services/checks.js';
import { type CreateBenchmarkDeps, createBenchmark } from './create-benchmark.js';
import type { BenchmarkView } from './get-benchmark.js';
import { type CreateBenchmarkInput, isOpenArrival, readBenchmarkSettings } from './settings.js';

/**
 * The request that repeats a stored benchmark: its scenario, name and every stored setting,
 * seed included, so an open-arrival re-run sends on the same schedule and the two are
 * comparable. The thresholds are the ones the original was judged by, not the scenario's
 * current ones.
 */
export function rerunInputOf(benchmark: {
  scenario_id: number;
  name: string | null;
  settings: Parameters<typeof readBenchmarkSettings>[0];
}): CreateBenchmarkInput {
  const settings = readBenchmarkSettings(benchmark.settings);
  const open = isOpenArrival(settings.arrival);
  return {
    scenario_id: benchmark.scenario_id,
    name: benchmark.name,
    iterations: settings.iterations,
    concurrency: settings.concurrency,
    arrival: settings.arrival,
    rate_per_s: open ? settings.rate_per_s : null,
    warmup_runs: settings.warmup_runs,
    duration_s: settings.duration_s,
    timeout_s: settings.timeout_s,
    inputs_override: settings.inputs_override,
    thresholds: settings.thresholds,
    seed: settings.seed,
    max_lag_s: open ? settings.max_lag_s : null,
    max_cost_usd: settings.max_cost_usd,
    stages: settings.stages,
    start_target: settings.start_target,
    stop_on: settings.stop_on,
    min_runs: settings.min_runs,
    stop_check_every: settings.stop_check_every,
    until_ci_halfwidth: settings.until_ci_halfwidth,
    repeats: settings.repeats,
    dataset: settings.dataset,
    slo: settings.slo,
    sweep: settings.sweep,
    search: settings.search,
  };
}

/**
 * Create and start a new benchmark with the same scenario and settings as benchmark `id`
 * (which may be in any state), optionally under another name. NotFoundError (404) when there is no such benchmark, or its
 * scenario is gone; the new benchmark's runs take the scenario's current inputs.
 *
 * @example
 * const again = await rerunBenchmark({ db, queue }, 7);
 * again.id; // a new id, again.settings equal to benchmark 7's
 */
export async function rerunBenchmark(
  deps: CreateBenchmarkDeps,
  id: number,
  overrides: { name?: string | null } = {},
): Promise<BenchmarkView> {
  const original = await selectBenchmarkById(deps.db.db, requireExistingId('benchmark', id));
  if (!original) throw new NotFoundError('benchmark', id);
  const input = rerunInputOf(original);
  return createBenchmark(deps, overrides.name === undefined ? input : { ...input, name: overrides.name });
}
