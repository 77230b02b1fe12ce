import { ConflictError, NotFoundError } from '@tfbench/domain/errors';
import { selectRunIdsOfBenchmarkByStatus } from '../repositories/benchmark-run-counts.js';
import {
  BENCHMARK_RUN_ERROR_CODES,
  cancelPendingBenchmarkRuns,
  requestCancelOfRunningBenchmarkRuns,
} from '../repositories/benchmark-runs-end.js';
import {
  selectBenchmarkForUpdate,
  selectSeriesSteps,
  updateBenchmarkIfStatus,
} from '../repositories/benchmarks.js';
import { requireExistingId } from '../services/checks.js';
import { settleBenchmark } from './advance.js';
import type { BenchmarkDeps } from './deps.js';
import { type BenchmarkView, getBenchmark } from './get-benchmark.js';
import { publishBenchmarkProgress } from './progress.js';

const CANCEL_REASON = 'the benchmark was cancelled';

/** A cancel needs the database; the bus, a logger and the engine's cancelRun when there are. */
export type CancelBenchmarkDeps = Pick<BenchmarkDeps, 'db'> &
  Partial<Pick<BenchmarkDeps, 'bus' | 'logger' | 'cancelRun'>>;

/**
 * Cancel a benchmark: it becomes `cancelled` and its pending runs are cancelled at once, in
 * one transaction (error_code BENCHMARK_CANCELLED); runs in flight are cancelled upstream by
 * the workers holding them (through `deps.cancelRun`, else the run's cancel flag, which the
 * holder polls). The summary is stored when the last of them has ended. Cancelling a
 * cancelled benchmark changes nothing; a completed or failed one is a ConflictError (409).
 */
export async function cancelBenchmark(deps: CancelBenchmarkDeps, id: number): Promise<BenchmarkView> {
  requireExistingId('benchmark', id);
  const outcome = await deps.db.db.transaction(async (tx) => {
    const benchmark = await selectBenchmarkForUpdate(tx, id);
    if (!benchmark) throw new NotFoundError('benchmark', id);
    if (benchmark.status === 'cancelled') return { changed: false, running: [] as number[], benchmark };
    if (benchmark.status === 'completed' || benchmark.status === 'failed') {
      throw new ConflictError(
        `benchmark ${id} has already ${benchmark.status === 'completed' ? 'completed' : 'failed'}`,
        {
          status: benchmark.status,
        },
      );
    }
    const cancelled = await updateBenchmarkIfStatus(tx, id, ['pending', 'running'], { status: 'cancelled' });
    await cancelPendingBenchmarkRuns(tx, id, {
      error_code: BENCHMARK_RUN_ERROR_CODES.cancelled,
      error: CANCEL_REASON,
    });
    const running = deps.cancelRun
      ? await selectRunIdsOfBenchmarkByStatus(tx, id, 'running')
      : await requestCancelOfRunningBenchmarkRuns(tx, id, CANCEL_REASON);
    return { changed: true, running, benchmark: cancelled ?? benchmark };
  });
  if (outcome.changed) {
    if (deps.cancelRun) {
      const cancelRun = deps.cancelRun;
      await Promise.all(
        outcome.running.map(async (runId) => {
          try {
            await cancelRun(runId, CANCEL_REASON);
          } catch (error) {
            deps.logger?.warn(
              { benchmark_id: id, run_id: runId, err: error },
              'could not cancel a benchmark run',
            );
          }
        }),
      );
    }
    publishBenchmarkProgress(deps, outcome.benchmark, { immediate: true });
    // A sweep or a search runs in its steps: cancelling it cancels the open one.
    for (const step of await selectSeriesSteps(deps.db.db, id)) {
      if (step.finished_at === null && step.status !== 'cancelled') await cancelBenchmark(deps, step.id);
    }
    // With nothing left in flight the benchmark finishes now (summary over what ran).
    await settleBenchmark(deps, id);
  }
  return getBenchmark(deps, id);
}
