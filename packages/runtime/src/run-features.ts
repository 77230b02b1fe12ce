/**
 * What the features built on runs register with the engine of every process: benchmark
 * admission, what happens after a run (the benchmark advances, the run joins the rollups, its
 * scenario's alerts are evaluated), the benchmark.drive job and the scheduler. The engine
 * knows none of these features; this is the one place that plugs them in.
 */
import {
  type DeliverySettings,
  evaluateAlertsAfterBenchmark,
  evaluateAlertsAfterRun,
} from '@tfbench/core/alerts';
import {
  type BenchmarkDeps,
  benchmarkRunHooks,
  driveBenchmark,
  EndedRuns,
  RunHandOver,
  SoleWorkerCheck,
} from '@tfbench/core/benchmarks';
import type { Config } from '@tfbench/core/config';
import {
  BatchedStep,
  cancelRun,
  type EngineContext,
  type EngineFeatures,
  type EngineFeaturesOf,
  WRITE_LINGER_MS,
} from '@tfbench/core/engine';
import { addRunsToRollups, markedByFinish, rollupsInFinish } from '@tfbench/core/rollups';
import { startScheduler } from '@tfbench/core/schedules';
import { benchmarkAdmission } from './benchmark-admission.js';

/** Where alert notifications go and how deliveries are guarded and signed. */
export interface AlertSettings {
  /** Unless a scenario names its own (config `alerts.webhookUrl`). */
  webhookUrl: string | null;
  /**
   * Guarded by config `outbound.allowedHosts`, signed with config `alerts.webhookSecret` or
   * the secret the runtime generated into the data folder.
   */
  delivery: DeliverySettings;
}

/** The alert settings of a config, signed with `secret` (null: deliveries go unsigned). */
export function alertSettingsOf(config: Config, secret: string | null): AlertSettings {
  return {
    webhookUrl: config.alerts.webhookUrl ?? null,
    delivery: { policy: { allowedHosts: config.outbound.allowedHosts }, secret },
  };
}

/** What the schedule ticks must respect: the US dollars all runs may cost per UTC day. */
export interface ScheduleSettings {
  dailyBudgetUsd?: number | null;
}

/**
 * @example
 * createEngine({ ...parts, enqueueRun: runEnqueuer(queue), features: runFeatures(alerts, { dailyBudgetUsd: 50 }) });
 */
export function runFeatures(alerts: AlertSettings, schedules: ScheduleSettings = {}): EngineFeaturesOf {
  return (ctx) => {
    // Runs go from job to job only while this process is the only worker (see sole-worker.ts).
    const soleWorker = new SoleWorkerCheck(ctx.db.db, ctx.settings.workerId, ctx.settings.staleAfterMs);
    void soleWorker.refresh();
    const handOver = new RunHandOver(() => soleWorker.isAlone(), undefined, ctx.settings.workerId);
    const benchmarks = { ...benchmarkDepsOf(ctx, alerts), handOver, endedRuns: new EndedRuns() };
    const benchmarkHooks = benchmarkRunHooks(
      benchmarks,
      ctx.logger,
      async (benchmarkId) => (await ctx.parents.ofBenchmark(benchmarkId))?.benchmark,
    );
    // Runs ending together in this process are added to the rollups in one transaction.
    const rollups = new BatchedStep<number>(
      (runIds) => addRunsToRollups(ctx, runIds),
      undefined,
      WRITE_LINGER_MS,
    );
    const features: EngineFeatures = {
      admission: benchmarkAdmission(ctx, benchmarks),
      // The rollups and alerts describe the run, not its benchmark: they run even when the
      // benchmark step failed, and log their own failures.
      afterRun: [
        benchmarkHooks.afterRun,
        // A run the batched finish added to the rollups already (finishStep) is skipped.
        async (run) => {
          if (!markedByFinish(run)) await rollups.add(run.id);
        },
        (run) =>
          evaluateAlertsAfterRun(
            { db: ctx.db, logger: ctx.logger, webhookUrl: alerts.webhookUrl, delivery: alerts.delivery },
            run,
          ),
      ],
      runEnded: benchmarkHooks.runEnded,
      jobs: {
        'benchmark.drive': {
          concurrency: 4,
          handle: async ({ benchmark_id }) => {
            await driveBenchmark(benchmarks, benchmark_id);
          },
        },
      },
      loops: [() => startScheduler({ ...benchmarks, settings: schedules })],
      finishStep: rollupsInFinish(ctx.logger),
    };
    return features;
  };
}

/** What benchmarks and schedules are built from: the engine's context, its port and its cancel. */
function benchmarkDepsOf(ctx: EngineContext, alerts: AlertSettings): BenchmarkDeps {
  return {
    db: ctx.db,
    queue: ctx.queue,
    enqueueRun: ctx.enqueueRun,
    limiter: ctx.limiter,
    bus: ctx.bus,
    logger: ctx.logger,
    cancelRun: (runId, reason) => cancelRun(ctx, { run_id: runId, reason }),
    onBenchmarkFinished: (benchmark) =>
      evaluateAlertsAfterBenchmark(
        { db: ctx.db, logger: ctx.logger, webhookUrl: alerts.webhookUrl },
        benchmark,
      ),
  };
}
