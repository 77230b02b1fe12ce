import type { Run } from '../db/schema.js';
import { advanceBenchmark } from './advance.js';
import type { BenchmarkDeps } from './deps.js';

/**
 * The engine calls this after every terminal transition of a run (completed, failed, timeout,
 * cancelled — recovered and shut-down runs included). For a benchmark run it advances the
 * benchmark: closed arrival dispatches the next run (one ends, one starts), progress is
 * published, and the benchmark is finished — summary and thresholds stored — when its last run
 * has ended. Idempotent, so calling it twice for one run, or for a run that was already
 * terminal, is harmless. Runs outside benchmarks return at once.
 *
 * @example
 * const finished = await finishRunningRun(db, run.id, outcome);
 * if (finished) await onRunFinished(deps, finished);
 */
export async function onRunFinished(
  deps: BenchmarkDeps,
  run: Pick<Run, 'id' | 'benchmark_id'>,
): Promise<void> {
  if (run.benchmark_id === null) return;
  await advanceBenchmark(deps, run.benchmark_id, 'run-finished');
}
