/**
 * The hook point between the run engine and benchmarks / schedules / analytics: the engine
 * calls these and nothing else of those features, so it stays ignorant of them and each can
 * change without touching the run path (docs/engine.md lists when each hook fires). Tests may
 * override any of them through `createEngine({ extensions })`.
 *
 * Every hook receives the EngineContext, which carries db, queue, limiter, bus and logger —
 * the BenchmarkDeps of @tfbench/core/benchmarks, plus the engine's cancelRun.
 */
import {
  admissionAfterClaim,
  admissionIgnoresRunRow,
  admitBenchmarkRun,
  BENCHMARK_RUN_ERROR_CODES,
  type BenchmarkDeps,
  driveBenchmark,
  onRunFinished,
} from '../benchmarks/index.js';
import type { Run } from '../db/schema.js';
import {
  addRunsToRollups,
  evaluateAlertsAfterBenchmark,
  evaluateAlertsAfterRun,
} from '../insights/record-run-analytics.js';
import type { JobContext } from '../queue/index.js';
import { startScheduler } from '../schedules/index.js';
import { BatchedStep } from './batched-step.js';
import { cancelRun } from './cancel-run.js';
import { StepCoalescer } from './step-coalescer.js';
import type { AdmissionSubject, AdmitRunOptions, EngineContext, RunAdmission } from './types.js';

/** A background loop started in every worker process (and in the embedded API). */
export interface BackgroundLoop {
  stop(): Promise<void>;
}

export interface EngineExtensions {
  /**
   * Called by executeRun before it claims a pending run. Benchmark runs may wait here for a
   * slot of their benchmark's cross-process concurrency cap, or be refused (dropped
   * arrival; the hook then records the run's final status itself). `release()` is called
   * once the run's outcome is stored (or the claim lost a race).
   */
  admitRun(
    ctx: EngineContext,
    run: AdmissionSubject,
    signal: AbortSignal | undefined,
    options?: AdmitRunOptions,
  ): Promise<RunAdmission>;
  /**
   * Whether runs of this benchmark are claimed before they are admitted (see
   * EngineContext.admitsAfterClaim). When true, `admitRun` is called with `claimed: true`
   * by the run's holder, and a refusal carries what to store the run with.
   */
  admitsAfterClaim(ctx: EngineContext, benchmarkId: number): Promise<boolean>;
  /**
   * Whether `admitRun` needs the run's row for runs of this benchmark (null: outside
   * benchmarks). When it does not, executeRun admits and claims a run whose job names its
   * benchmark without reading the run first: one statement fewer per run.
   */
  admitsWithoutRow(ctx: EngineContext, benchmarkId: number | null): Promise<boolean>;
  /**
   * Called after every terminal transition of a run (completed, failed, timeout, cancelled;
   * recovery and shutdown included) and again when a job finds its run already terminal.
   * Must be idempotent. A throw is logged; the run stays recorded.
   */
  afterRunFinished(ctx: EngineContext, run: Run): Promise<void>;
  /** The `benchmark.drive` job; without it no handler is registered for that job. */
  driveBenchmark?(ctx: EngineContext, benchmarkId: number, job: JobContext): Promise<void>;
  /** Started with every worker (and the embedded API's worker), stopped before the queue closes. */
  startScheduler?(ctx: EngineContext): BackgroundLoop;
}

/** Admit at once (runs outside a benchmark). */
export const ADMITTED: RunAdmission = { admitted: true, release: async () => {} };

/** What benchmarks and schedules are built from: the engine context plus its cancel. */
export function benchmarkDepsOf(ctx: EngineContext): BenchmarkDeps {
  return {
    db: ctx.db,
    queue: ctx.queue,
    limiter: ctx.limiter,
    bus: ctx.bus,
    logger: ctx.logger,
    cancelRun: (runId, reason) => cancelRun(ctx, { run_id: runId, reason }),
    onBenchmarkFinished: (benchmark) =>
      evaluateAlertsAfterBenchmark(
        { db: ctx.db, logger: ctx.logger, webhookUrl: ctx.settings.alertWebhookUrl },
        benchmark,
      ),
  };
}

/** What one engine (one process) shares between its runs' after-run hooks. */
interface AfterRunState {
  /** Driver steps per benchmark: see step-coalescer.ts. */
  benchmarkSteps: StepCoalescer;
  /** Runs waiting to be added to the rollups together: see batched-step.ts. */
  rollups: BatchedStep<number>;
}

const afterRunStates = new WeakMap<EngineContext, AfterRunState>();

function afterRunStateOf(ctx: EngineContext): AfterRunState {
  let state = afterRunStates.get(ctx);
  if (!state) {
    state = {
      benchmarkSteps: new StepCoalescer(),
      rollups: new BatchedStep((runIds) => addRunsToRollups(ctx, runIds)),
    };
    afterRunStates.set(ctx, state);
  }
  return state;
}

export const engineExtensions: EngineExtensions = {
  admitRun: async (ctx, run, signal, options) => {
    if (run.benchmark_id === null) return ADMITTED;
    const parents = await ctx.parents.ofBenchmark(run.benchmark_id);
    const claimed = options?.claimed === true;
    const admission = await admitBenchmarkRun(benchmarkDepsOf(ctx), run, {
      signal,
      benchmark: parents?.benchmark,
      claimed,
    });
    if (admission.admitted) return { admitted: true, release: admission.release };
    if (!claimed) return { admitted: false };
    return {
      admitted: false,
      refusal:
        admission.reason === 'dropped'
          ? { code: BENCHMARK_RUN_ERROR_CODES.dropped, message: admission.message ?? 'arrival dropped' }
          : {
              code: BENCHMARK_RUN_ERROR_CODES.cancelled,
              message: 'the benchmark ended before the run was sent',
            },
    };
  },
  admitsAfterClaim: async (ctx, benchmarkId) => {
    const benchmark = (await ctx.parents.ofBenchmark(benchmarkId))?.benchmark;
    return benchmark !== undefined && admissionAfterClaim(benchmark);
  },
  admitsWithoutRow: async (ctx, benchmarkId) => {
    if (benchmarkId === null) return true;
    const benchmark = (await ctx.parents.ofBenchmark(benchmarkId))?.benchmark;
    return benchmark !== undefined && admissionIgnoresRunRow(benchmark);
  },
  afterRunFinished: async (ctx, run) => {
    const { benchmarkSteps, rollups } = afterRunStateOf(ctx);
    try {
      // Runs of one benchmark ending together share one driver step (it is idempotent and
      // decides from the table) instead of queueing on the benchmark's row lock one by one.
      if (run.benchmark_id !== null)
        await benchmarkSteps.run(`benchmark-${run.benchmark_id}`, () =>
          onRunFinished(benchmarkDepsOf(ctx), run),
        );
    } finally {
      // Rollups (batched with the other runs ending in this process) and alerts run even when
      // the benchmark step failed, because they describe the run, not its benchmark;
      // they log their own failures and never throw.
      await rollups.add(run.id);
      await evaluateAlertsAfterRun(
        {
          db: ctx.db,
          logger: ctx.logger,
          webhookUrl: ctx.settings.alertWebhookUrl,
          delivery: ctx.settings.alertDelivery,
        },
        run,
      );
    }
  },
  driveBenchmark: async (ctx, benchmarkId) => {
    await driveBenchmark(benchmarkDepsOf(ctx), benchmarkId);
  },
  startScheduler: (ctx) =>
    startScheduler({ ...benchmarkDepsOf(ctx), settings: { dailyBudgetUsd: ctx.settings.dailyBudgetUsd } }),
};
