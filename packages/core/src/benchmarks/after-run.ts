/**
 * The engine hooks of benchmark runs: the benchmark advances (see advance.ts) after every run
 * and, for a closed benchmark's measured run, as soon as its upstream request has ended. One
 * step per process runs for the runs of a benchmark that end together (the step is idempotent
 * and decides from the table, so they need not queue on the benchmark's row lock one by one).
 * When the caller can take a run, the run that replaces the ended one is handed to it (see
 * run-hand-over.ts): it starts as soon as a step dispatches it, whether or not that step is
 * the ended run's own.
 *
 * The early step is what keeps a closed loop's slots busy: without it, a run's replacement
 * waits for the ended run's outcome to be written (a batch shared with the runs ending at the
 * same moment), and the runs that end together are replaced together, in waves. The run is
 * left out of its benchmark's in-flight count meanwhile (see ended-runs.ts).
 */
import type { Benchmark, Run } from '../db/schema.js';
import type { AfterRunHandOver, AfterRunHook, RunEndedHook } from '../engine/features.js';
import { StepCoalescer } from '../engine/step-coalescer.js';
import type { Logger } from '../queue/index.js';
import type { BenchmarkDeps } from './deps.js';
import { type EndedRuns, replacesRunsAtRequestEnd } from './ended-runs.js';
import { onRunFinished } from './on-run-finished.js';
import type { RunHandOver } from './run-hand-over.js';

export interface BenchmarkRunHooks {
  afterRun: AfterRunHook;
  runEnded: RunEndedHook;
}

/**
 * @example
 * const hooks = benchmarkRunHooks({ ...deps, handOver, endedRuns: new EndedRuns() }, logger, (id) => cache.benchmark(id));
 * createEngine({ ...parts, features: () => ({ afterRun: [hooks.afterRun], runEnded: hooks.runEnded }) });
 */
export function benchmarkRunHooks(
  deps: BenchmarkDeps & { handOver: RunHandOver; endedRuns: EndedRuns },
  logger: Logger,
  /** The benchmark as recently read (the engine caches a running benchmark's row). */
  benchmarkOf: (benchmarkId: number) => Promise<Benchmark | undefined>,
): BenchmarkRunHooks {
  const steps = new StepCoalescer();
  const { handOver, endedRuns } = deps;
  const stepAfter = (run: Pick<Run, 'id' | 'benchmark_id'>) =>
    steps.run(`benchmark-${run.benchmark_id}`, () => onRunFinished(deps, run));

  /** Wait for the step or a run handed to this job, whichever comes first. */
  const takeHandedRun = async (
    benchmarkId: number,
    run: Run,
    step: Promise<void>,
  ): Promise<AfterRunHandOver | { failure: unknown } | undefined> => {
    const taker = handOver.waitForRun(benchmarkId, run.id);
    let failure: { failure: unknown } | undefined;
    try {
      await Promise.race([step, taker.handed]);
    } catch (error) {
      failure = { failure: error };
    }
    const next = taker.withdraw();
    if (next === undefined) return failure;
    // The step may still be going on: the caller waits for it before its job ends.
    const rest = step.catch((error: unknown) =>
      logger.error({ run_id: run.id, err: error }, 'afterRunFinished hook failed'),
    );
    return { next: { run_id: next.runId, benchmark_id: benchmarkId, claimed: next.claimed }, rest };
  };

  const afterRun: AfterRunHook = async (run, { canTakeNext }) => {
    const benchmarkId = run.benchmark_id;
    if (benchmarkId === null) return undefined;
    if (!canTakeNext) handOver.notComing(benchmarkId, run.id);
    const step = stepAfter(run);
    if (!canTakeNext) {
      await step;
      return undefined;
    }
    const taken = await takeHandedRun(benchmarkId, run, step);
    if (taken && 'failure' in taken) throw taken.failure;
    return taken;
  };

  const runEnded: RunEndedHook = async (run, stored) => {
    const benchmarkId = run.benchmark_id;
    // Closed arrival's measured runs only: open arrivals are dispatched by the clock (their
    // runs have an intended send time), the measured phase starts once the warm-ups'
    // outcomes are stored, and some benchmarks decide from each outcome (see
    // replacesRunsAtRequestEnd).
    if (benchmarkId === null || run.is_warmup || run.intended_start_at !== null) return undefined;
    const benchmark = await benchmarkOf(benchmarkId);
    if (!benchmark || !replacesRunsAtRequestEnd(benchmark)) return undefined;
    endedRuns.add(benchmarkId, run.id, stored);
    const taken = await takeHandedRun(benchmarkId, run, stepAfter(run));
    if (taken && 'failure' in taken) {
      logger.warn({ run_id: run.id, err: taken.failure }, 'the step after a run ended upstream failed');
      return undefined;
    }
    return taken;
  };

  return { afterRun, runEnded };
}
