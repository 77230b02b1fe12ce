/**
 * A benchmark's `max_cost_usd`: checked at every step of a running benchmark (the end of each
 * run is one), so it stops within one run's cost of the cap. Stopping is a cancel with a
 * reason: the status becomes `cancelled`, `settings.stop_reason` says why, runs not started
 * are cancelled with BENCHMARK_COST_CAP_REACHED, and runs in flight are asked to stop. The
 * summary then covers what ran, as after any cancel.
 */
import type { Executor } from '../db/database.js';
import type { Benchmark } from '../db/schema.js';
import { BENCHMARK_RUN_ERROR_CODES } from '../repositories/benchmark-runs-end.js';
import { sumBenchmarkCost } from '../repositories/spend.js';
import type { BenchmarkSettings } from './settings.js';
import { stopBenchmark } from './stop-benchmark.js';

/**
 * Stop a running (locked) benchmark whose runs have cost at least its max_cost_usd; returns
 * the stopped benchmark, or undefined when it has no cap or is under it.
 */
export async function stopAtCostCap(
  tx: Executor,
  benchmark: Benchmark,
  settings: BenchmarkSettings,
): Promise<Benchmark | undefined> {
  const cap = settings.max_cost_usd;
  if (cap === null || benchmark.status !== 'running') return undefined;
  const spent = await sumBenchmarkCost(tx, benchmark.id);
  if (spent < cap) return undefined;
  const reason = `its runs cost $${spent.toFixed(4)}, reaching max_cost_usd of $${cap}`;
  return stopBenchmark(tx, benchmark, {
    reason,
    error_code: BENCHMARK_RUN_ERROR_CODES.costCapReached,
    status: 'cancelled',
  });
}

/** Why a benchmark stopped early (its cost cap, a stop_on condition, until_ci_halfwidth), or null. */
export function stopReasonOf(benchmark: Pick<Benchmark, 'settings'>): string | null {
  const reason = benchmark.settings.stop_reason;
  return typeof reason === 'string' ? reason : null;
}
