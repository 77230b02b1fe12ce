import { selectUnfinishedBenchmarkIds } from '../repositories/benchmarks.js';
import type { BenchmarkDeps } from './deps.js';
import { driveBenchmark } from './drive-benchmark.js';

/** Pending benchmarks younger than this are left to their own drive job, which is on its way. */
export const SUPERVISE_MIN_PENDING_AGE_MS = 10_000;

/**
 * Drive every benchmark that is not finished, once. A safety net run periodically by the
 * scheduler loop: it makes up for a lost `benchmark.drive` job (enqueue failed, Redis lost its
 * data), a missed duration_s deadline or a missed slice of an open schedule. Driving is
 * idempotent, so several processes may supervise at once. Returns how many it drove.
 */
export async function superviseBenchmarks(deps: BenchmarkDeps, now: Date = new Date()): Promise<number> {
  const ids = await selectUnfinishedBenchmarkIds(
    deps.db.db,
    new Date(now.getTime() - SUPERVISE_MIN_PENDING_AGE_MS),
  );
  for (const id of ids) {
    try {
      await driveBenchmark(deps, id);
    } catch (error) {
      deps.logger?.warn({ benchmark_id: id, err: error }, 'supervising a benchmark failed');
    }
  }
  return ids.length;
}
