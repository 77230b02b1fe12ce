/**
 * createEngine: the run engine of one process. It owns no connections (the runtime opens
 * and closes db, queue, bus, limiter and providers); it wires the job handlers of the
 * catalogue to the use cases and runs the background loops of a worker.
 */
import type { Config } from '../config/index.js';
import type { DatabaseHandle } from '../db/database.js';
import type { EventBus } from '../events/index.js';
import { type ConcurrencyLimiter, type JobQueue, JobReturnedError, type Logger } from '../queue/index.js';
import { openAutomationCredentials, type SecretBox } from '../secrets/index.js';
import { ActiveRuns } from './active-runs.js';
import { BatchedRunWrites } from './batched-run-writes.js';
import { type CancelRunParams, type CancelRunResult, cancelRun } from './cancel-run.js';
import { dispatchRun } from './dispatch-run.js';
import type { EnqueueRun } from './enqueue-run.js';
import { type ExecuteRunOptions, type ExecuteRunParams, executeRun } from './execute-run.js';
import {
  ADMIT_EVERY_RUN,
  type BackgroundLoop,
  type EngineFeatures,
  type EngineFeaturesOf,
  type FeatureJob,
  type FeatureJobName,
  runHooksInOrder,
} from './features.js';
import { type ReconcileReport, reconcileRuns, recoverOnStartup, startReconciler } from './reconciler.js';
import { executeRunChain } from './run-chain.js';
import { RunParentsCache } from './run-parents.js';
import type { EngineContext, EngineSettings, ExecuteRunResult, ProviderRegistry } from './types.js';
import { newWorkerId } from './worker-id.js';
import { registerWorker } from './worker-registration.js';

export interface CreateEngineOptions {
  db: DatabaseHandle;
  queue: JobQueue;
  bus: EventBus;
  providers: ProviderRegistry;
  limiter: ConcurrencyLimiter;
  config: Config;
  logger: Logger;
  /** The one way runs reach the queue; the composition root builds it over `queue`. */
  enqueueRun: EnqueueRun;
  /**
   * Opens automations' sealed credentials for the provider's request; without it, a run of an
   * automation that has some fails with CREDENTIALS_UNAVAILABLE.
   */
  secretBox?: SecretBox | undefined;
  /** Overrides of the timings derived from config (tests). */
  settings?: Partial<EngineSettings>;
  /**
   * What the features built on runs register (admission, after-run hooks, their jobs and
   * loops); the composition root passes them in. Default: none.
   */
  features?: EngineFeaturesOf;
}

export interface StartWorkerOptions {
  /** Runs this process executes at once. */
  concurrency: number;
  /**
   * True when no other process can hold a run (the embedded PGlite database): runs left
   * `running` are recovered at once instead of after their heartbeat goes stale.
   */
  exclusiveDatabase: boolean;
}

export interface Engine {
  readonly context: EngineContext;
  /** Hand a pending run to the queue (see dispatch-run.ts). */
  dispatchRun(runId: number): Promise<boolean>;
  /** Cancel a pending or running run, from any process (see cancel-run.ts). */
  cancelRun(params: CancelRunParams): Promise<CancelRunResult>;
  /** Execute one run here and now (what the `run.execute` handler does with its job). */
  executeRun(
    runId: number,
    options?: ExecuteRunOptions,
    job?: Omit<ExecuteRunParams, 'run_id'>,
  ): Promise<ExecuteRunResult>;
  /** One reconciler pass (see reconciler.ts). */
  reconcile(): Promise<ReconcileReport>;
  /** True once `startWorker` ran: this process executes runs. */
  readonly workerStarted: boolean;
  /** False while runs cannot be queued (Redis unreachable, or closing): answer 503 before storing one. */
  canAcceptRuns(): boolean;
  /**
   * Become a worker: consume `run.execute` (and the features' jobs, such as benchmark.drive),
   * recover what a dead process left behind, and start the reconciler and the features' loops
   * (the scheduler).
   */
  startWorker(options: StartWorkerOptions): Promise<void>;
  /** Stop the loops this engine started. The queue (and its in-flight runs) is closed by its owner after this. */
  close(): Promise<void>;
}

/** Timings derived from the lock duration: heartbeat three times per lock, stale after one lock. */
export function engineSettingsFrom(config: Config, overrides: Partial<EngineSettings> = {}): EngineSettings {
  const { lockDurationMs, reconcileIntervalMs } = config.engine;
  const heartbeatIntervalMs = Math.max(50, Math.floor(lockDurationMs / 3));
  return {
    workerId: newWorkerId(),
    heartbeatIntervalMs,
    staleAfterMs: lockDurationMs,
    cancelPollIntervalMs: Math.min(500, heartbeatIntervalMs),
    reconcileIntervalMs,
    reconcileMinAgeMs: Math.min(5_000, reconcileIntervalMs),
    ...overrides,
  };
}

/**
 * @example
 * const engine = createEngine({ db, queue, bus, providers: { tinyfish }, limiter, config, logger, enqueueRun: runEnqueuer(queue) });
 * await engine.startWorker({ concurrency: config.engine.workerConcurrency, exclusiveDatabase: db.kind === 'pglite' });
 * await engine.dispatchRun(run.id);
 */
export function createEngine(options: CreateEngineOptions): Engine {
  const settings = engineSettingsFrom(options.config, options.settings);
  const activeRuns = new ActiveRuns(options.db.db, options.logger, {
    workerId: settings.workerId,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    cancelPollIntervalMs: settings.cancelPollIntervalMs,
  });
  const context: EngineContext = {
    db: options.db,
    queue: options.queue,
    bus: options.bus,
    providers: options.providers,
    limiter: options.limiter,
    logger: options.logger,
    settings,
    activeRuns,
    parents: new RunParentsCache(options.db.db),
    runWrites: new BatchedRunWrites(options.db.db, settings.workerId),
    enqueueRun: options.enqueueRun,
    admitRun: (run, signal, admitOptions) => admission.admitRun(run, signal, admitOptions),
    admitsAfterClaim: (benchmarkId) => admission.admitsAfterClaim(benchmarkId),
    admitsWithoutRow: (benchmarkId) => admission.admitsWithoutRow(benchmarkId),
    afterRunFinished: (run, afterRunContext) => afterRun(run, afterRunContext),
    runEnded: async (run, stored) => {
      try {
        const handOver = await features.runEnded?.(run, stored);
        if (handOver) return handOver;
      } catch (error) {
        // Nothing handed over: the run is stored and followed as usual.
        options.logger.warn({ run_id: run.id, err: error }, 'the hook of a run that ended upstream failed');
      }
      return { next: undefined, rest: Promise.resolve() };
    },
    credentialsOf: (automation) =>
      openAutomationCredentials(automation, {
        box: options.secretBox,
        keyEnv: { values: options.config.secrets.upstreamKeyEnv },
      }),
  };
  // Features are built from the context they plug into; the context reaches them only when
  // a run is admitted or finished, by which time they exist.
  const features: EngineFeatures = options.features?.(context) ?? {};
  context.runWrites.joinFinishTransaction(features.finishStep);
  const admission = features.admission ?? ADMIT_EVERY_RUN;
  const afterRun = runHooksInOrder(features.afterRun ?? [], options.logger);
  const loops: BackgroundLoop[] = [];
  let workerStarted = false;
  let closed = false;

  return {
    context,
    dispatchRun: (runId) => dispatchRun(context, runId),
    cancelRun: (params) => cancelRun(context, params),
    executeRun: (runId, executeOptions, job) =>
      executeRun(context, { ...job, run_id: runId }, executeOptions),
    reconcile: () => reconcileRuns(context),
    get workerStarted() {
      return workerStarted;
    },
    canAcceptRuns: () => !closed && options.queue.isHealthy(),
    async startWorker(worker) {
      if (closed) throw new Error('the engine is closed');
      if (workerStarted) throw new Error('startWorker was already called');
      workerStarted = true;
      const { queue, logger } = options;
      // A closing engine starts no new work: a job that still reaches it goes back to the
      // queue untouched (no attempt counted, no backoff), for a worker that is not stopping.
      const refuseWhileClosing = (what: string): void => {
        if (closed)
          throw new JobReturnedError(`this worker is shutting down; ${what} goes back to the queue`);
      };
      queue.process(
        'run.execute',
        async (payload, job) => {
          refuseWhileClosing(`run ${payload.run_id}`);
          await executeRunChain(context, payload, {
            signal: job.signal,
            stopping: () => closed,
            handlerSlot: job,
          });
        },
        { concurrency: worker.concurrency },
      );
      const registerJob = <N extends FeatureJobName>(name: N, handler: FeatureJob<N>): void => {
        queue.process(
          name,
          async (payload, job) => {
            refuseWhileClosing(`a ${name} job`);
            await handler.handle(payload, job);
          },
          { concurrency: handler.concurrency },
        );
      };
      for (const name of Object.keys(features.jobs ?? {}) as FeatureJobName[]) {
        const handler = features.jobs?.[name];
        if (handler) registerJob(name, handler);
      }
      const report = await recoverOnStartup(context, { exclusive: worker.exclusiveDatabase }).catch(
        (error: unknown) => {
          logger.warn({ err: error }, 'start-up recovery failed; the reconciler will retry');
          return undefined;
        },
      );
      if (report && (report.requeued > 0 || report.orphaned > 0)) {
        logger.info({ ...report }, 'start-up recovery queued runs again');
      }
      loops.push(
        await registerWorker(options.db.db, logger, {
          workerId: settings.workerId,
          concurrency: worker.concurrency,
          intervalMs: settings.heartbeatIntervalMs,
          staleAfterMs: settings.staleAfterMs,
          exclusive: worker.exclusiveDatabase,
        }),
      );
      loops.push(
        startReconciler(
          context,
          // Orphans every third of a lock: see startReconciler.
          { intervalMs: settings.reconcileIntervalMs, orphanIntervalMs: settings.heartbeatIntervalMs },
          logger,
        ),
      );
      for (const startLoop of features.loops ?? []) loops.push(startLoop());
    },
    async close() {
      if (closed) return;
      closed = true;
      // Stop taking jobs first, so that none reaches this engine while its loops wind down;
      // the queue keeps accepting what the in-flight runs enqueue as they end (the next
      // runs of their benchmarks), which the other workers pick up at once.
      if (workerStarted) await options.queue.pause();
      await Promise.all(loops.splice(0).map((loop) => loop.stop()));
      // Heartbeats and cancel checks go on while the queue drains in-flight runs; the loop
      // stops by itself once nothing is held, and is stopped for good when the process ends.
    },
  };
}
