/**
 * The after-run hook of benchmark runs: the benchmark advances (see advance.ts), with one
 * step per process for the runs of a benchmark that end together (the step is idempotent and
 * decides from the table, so they need not queue on the benchmark's row lock one by one).
 * When the caller can take a run, the run that replaces the ended one is handed to it (see
 * run-hand-over.ts): it starts as soon as a step dispatches it, whether or not that step is
 * the ended run's own.
 */
import type { AfterRunHandOver, AfterRunHook } from '../engine/features.js';
import { StepCoalescer } from '../engine/step-coalescer.js';
import type { Logger } from '../queue/index.js';
import type { BenchmarkDeps } from './deps.js';
import { onRunFinished } from './on-run-finished.js';
import type { RunHandOver } from './run-hand-over.js';

/**
 * @example
 * const handOver = new RunHandOver();
 * const hook = advanceBenchmarkAfterRun({ ...deps, handOver }, logger);
 */
export function advanceBenchmarkAfterRun(
  deps: BenchmarkDeps & { handOver: RunHandOver },
  logger: Logger,
): AfterRunHook {
  const steps = new StepCoalescer();
  const { handOver } = deps;
  return async (run, { canTakeNext }): Promise<AfterRunHandOver | undefined> => {
    const benchmarkId = run.benchmark_id;
    if (benchmarkId === null) return undefined;
    if (!canTakeNext) handOver.notComing(benchmarkId, run.id);
    const step = steps.run(`benchmark-${benchmarkId}`, () => onRunFinished(deps, run));
    if (!canTakeNext) {
      await step;
      return undefined;
    }
    const taker = handOver.waitForRun(benchmarkId, run.id);
    let failure: { error: unknown } | undefined;
    try {
      await Promise.race([step, taker.handed]);
    } catch (error) {
      failure = { error };
    }
    const next = taker.withdraw();
    if (next !== undefined) {
      // The step may still be going on: the caller waits for it before its job ends.
      const rest = step.catch((error: unknown) =>
        logger.error({ run_id: run.id, err: error }, 'afterRunFinished hook failed'),
      );
      return { next: { run_id: next.runId, benchmark_id: benchmarkId, claimed: next.claimed }, rest };
    }
    if (failure) throw failure.error;
    return undefined;
  };
}
