/**
 * What the features built on runs (benchmarks, schedules, analytics, alerts) plug into the
 * engine. The engine calls these and imports none of those features, so each can change
 * without touching the run path; the composition root registers them (docs/engine.md lists
 * when each hook fires).
 */
import type { Run } from '../db/schema.js';
import type { JobCatalogue, JobContext, JobName, JobPayload } from '../queue/index.js';
import type { FinishTransactionStep } from './finish-step.js';
import type {
  AdmissionSubject,
  AdmitRunOptions,
  AfterRunContext,
  AfterRunResult,
  EngineContext,
  HandedOverRun,
  RunAdmission,
} from './types.js';

/** A background loop started in every worker process (and in the embedded API). */
export interface BackgroundLoop {
  stop(): Promise<void>;
}

/** Who may start when: asked by executeRun before (or right after) it claims a pending run. */
export interface RunAdmissionPolicy {
  /**
   * A run may have to wait here for a slot of a cross-process concurrency cap, or be refused
   * (a dropped arrival; the policy then records the run's final status itself). `release()`
   * is called once the run has ended upstream, before its outcome is stored (or when the
   * claim lost a race).
   */
  admitRun(
    run: AdmissionSubject,
    signal: AbortSignal | undefined,
    options?: AdmitRunOptions,
  ): Promise<RunAdmission>;
  /** See EngineContext.admitsAfterClaim. */
  admitsAfterClaim(benchmarkId: number): Promise<boolean>;
  /** See EngineContext.admitsWithoutRow. */
  admitsWithoutRow(benchmarkId: number | null): Promise<boolean>;
}

/** A hook's hand-over: the run to execute next, and the hook's work still going on. */
export interface AfterRunHandOver {
  next: HandedOverRun;
  /** Settles when the hook's own work is done; the caller waits for it before its job ends. */
  rest: Promise<void>;
}

/**
 * Called after every terminal transition of a run (completed, failed, timeout, cancelled;
 * recovery and shutdown included) and again when a job finds its run already terminal.
 * Must be idempotent. A throw is logged; the run stays recorded and the later hooks still run.
 * Returns a hand-over only when the context allows one.
 */
export type AfterRunHook = (
  run: Run,
  context: AfterRunContext,
) => Promise<AfterRunHandOver | undefined> | Promise<void>;

/**
 * See EngineContext.runEnded: called once per run, only by an execution that can take the
 * run it hands over. Resolves with nothing when no run is handed over; the caller then stores
 * the outcome and runs the after-run hooks as usual.
 */
export type RunEndedHook = (run: Run, stored: Promise<unknown>) => Promise<AfterRunHandOver | undefined>;

/** Jobs of the catalogue other than `run.execute`, which the engine handles itself. */
export type FeatureJobName = Exclude<JobName, 'run.execute'>;

/** The handler of one feature job, registered on every worker. */
export interface FeatureJob<N extends FeatureJobName> {
  concurrency: number;
  handle(payload: JobPayload<JobCatalogue, N>, job: JobContext): Promise<void>;
}

export interface EngineFeatures {
  /** Default: every run is admitted at once. */
  admission?: RunAdmissionPolicy;
  /** Run in this order after every terminal transition of a run. */
  afterRun?: readonly AfterRunHook[];
  /** Default: nothing is handed over before a run's outcome is stored. */
  runEnded?: RunEndedHook;
  /** Job handlers; a job without one is left in the queue. */
  jobs?: { [N in FeatureJobName]?: FeatureJob<N> };
  /** Started with every worker after the reconciler, stopped before the queue closes. */
  loops?: ReadonlyArray<() => BackgroundLoop>;
  /** Run in the transaction of the batched finish (see FinishTransactionStep). */
  finishStep?: FinishTransactionStep;
}

/**
 * The features of one engine, built from its context (which carries the db, queue, limiter,
 * bus, logger and the enqueueRun port they need).
 */
export type EngineFeaturesOf = (context: EngineContext) => EngineFeatures;

/** Admit at once (runs outside a benchmark). */
export const ADMITTED: RunAdmission = { admitted: true, release: async () => {} };

/** The policy of an engine without features: every run may start at once. */
export const ADMIT_EVERY_RUN: RunAdmissionPolicy = {
  admitRun: async () => ADMITTED,
  admitsAfterClaim: async () => false,
  admitsWithoutRow: async () => true,
};

/**
 * Run every hook in order; a failing one is logged and does not stop the others. Resolves as
 * soon as a hook hands a run over (the later hooks go on in `rest`, so that the next run does
 * not wait for the bookkeeping of the one that ended), or once every hook is done.
 */
export function runHooksInOrder(
  hooks: readonly AfterRunHook[],
  logger: EngineContext['logger'],
): (run: Run, context: AfterRunContext) => Promise<AfterRunResult> {
  return async (run, context) => {
    let next: HandedOverRun | undefined;
    let announce: () => void = () => {};
    const handedOver = new Promise<void>((resolve) => {
      announce = resolve;
    });
    const handedRests: Promise<void>[] = [];
    const rest = (async () => {
      for (const hook of hooks) {
        try {
          const canTakeNext = context.canTakeNext && next === undefined;
          const handOver = await hook(run, { canTakeNext });
          if (handOver) {
            handedRests.push(handOver.rest);
            if (canTakeNext) {
              next = handOver.next;
              announce();
            } else {
              // A hook bug: the run stays pending and dispatched, for the reconciler.
              logger.error(
                { run_id: run.id, handed_run_id: handOver.next.run_id },
                'an after-run hook handed a run over to a caller that cannot take it',
              );
            }
          }
        } catch (error) {
          logger.error({ run_id: run.id, err: error }, 'afterRunFinished hook failed');
        }
      }
      await Promise.all(
        handedRests.map((pending) =>
          pending.catch((error: unknown) =>
            logger.error({ run_id: run.id, err: error }, 'afterRunFinished hook failed'),
          ),
        ),
      );
    })();
    await Promise.race([handedOver, rest]);
    return { next, rest };
  };
}
