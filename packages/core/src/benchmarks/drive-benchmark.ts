import type { Benchmark } from '../db/schema.js';
import { startPendingBenchmark } from '../repositories/benchmarks.js';
import { advanceBenchmark } from './advance.js';
import type { BenchmarkDeps } from './deps.js';
import { publishBenchmarkProgress } from './progress.js';

/**
 * The handler of the `benchmark.drive` job: start the benchmark if it is still pending, then
 * advance it (see advance.ts). Safe to run any number of times, in any process: a repeated or
 * late job finds the work done and changes nothing.
 *
 * @example
 * queue.process('benchmark.drive', ({ benchmark_id }) => driveBenchmark(deps, benchmark_id).then(() => {}));
 */
export async function driveBenchmark(
  deps: BenchmarkDeps,
  benchmarkId: number,
): Promise<Benchmark | undefined> {
  const started = await startPendingBenchmark(deps.db.db, benchmarkId);
  if (started) publishBenchmarkProgress(deps, started, { immediate: true });
  return advanceBenchmark(deps, benchmarkId);
}
