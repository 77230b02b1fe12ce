/**
 * Start a saved benchmark definition: the benchmark request it makes goes through
 * createBenchmark, so the same checks, role cap, capacity rule and queueing apply as to
 * POST /benchmarks.
 */
import {
  type CreateBenchmarkDeps,
  type CreatedBenchmark,
  createBenchmark,
} from '../benchmarks/create-benchmark.js';
import { benchmarkRequestOf, getBenchmarkDefinition } from './definition-service.js';

/**
 * @example
 * const benchmark = await runBenchmarkDefinition({ db, queue }, 3);
 */
export async function runBenchmarkDefinition(
  deps: CreateBenchmarkDeps,
  id: number,
): Promise<CreatedBenchmark> {
  const definition = await getBenchmarkDefinition(deps, id);
  return createBenchmark(deps, benchmarkRequestOf(definition));
}
