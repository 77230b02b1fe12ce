/**
 * The run.execute job: execute its run, then each run handed over to it (a closed benchmark's
 * step dispatches a run because this job's run ended, and this job executes it: no enqueue,
 * no fetch, no job of its own). The job keeps the worker's concurrency slot it already holds,
 * so a worker never holds more runs than WORKER_CONCURRENCY; a run that ends hands its slot to
 * the run that replaces it, which starts without waiting for the queue's round trip.
 *
 * A run can be handed over before the outcome of the run it replaces is stored (see
 * EngineContext.runEnded): that write then goes on beside the next run, among the job's
 * unfinished hooks, and the job ends only once it is done.
 *
 * A handed-over run is pending and dispatched like one sent to the queue, or already claimed
 * for this worker by the step that dispatched it (see RunHandOver.claimAhead), so what guards
 * those guards it too: if this process dies before claiming it, the reconciler enqueues it;
 * once claimed, it is a running run of this worker like any other (heartbeats, orphan
 * recovery). A job that is stopping, or has chained for CHAIN_WINDOW_MS, hands no more runs
 * on: the one it was just given goes to the queue, so a job never approaches its deadline by
 * chaining and shutdown is not delayed by it.
 */
import { resetUnstartedRun } from '../repositories/runs-lifecycle.js';
import type { ExecuteRunParams, HandlerSlot } from './execute-run.js';
import { executeRun } from './execute-run.js';
import type { EngineContext, HandedOverRun } from './types.js';

/**
 * A job takes handed-over runs for this long after it started; each of them still has the
 * job's timeout (an hour) less this much to run in.
 */
export const CHAIN_WINDOW_MS = 60_000;

export interface RunChainOptions {
  /** The job's signal (shutdown past the grace period, the job's deadline). */
  signal: AbortSignal;
  /** True once the worker stops taking work: the chain hands its next run to the queue. */
  stopping: () => boolean;
  /** The job's handler slot (see ExecuteRunOptions.handlerSlot). */
  handlerSlot?: HandlerSlot;
  /** Default Date.now (tests). */
  now?: () => number;
}

/**
 * @example
 * queue.process('run.execute', (payload, job) =>
 *   executeRunChain(ctx, payload, { signal: job.signal, stopping: () => closed }));
 */
export async function executeRunChain(
  ctx: EngineContext,
  first: ExecuteRunParams,
  options: RunChainOptions,
): Promise<void> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const takes = () => !options.stopping() && !options.signal.aborted && now() - startedAt < CHAIN_WINDOW_MS;
  // The after-run hooks of the runs already ended, still going on while the next one runs.
  const hooks = new Set<Promise<void>>();
  try {
    let params: ExecuteRunParams | undefined = first;
    let claimed: HandedOverRun['claimed'];
    while (params !== undefined) {
      const result = await executeRun(ctx, params, {
        signal: options.signal,
        takeNext: takes(),
        ...(claimed ? { claimed } : {}),
        ...(options.handlerSlot ? { handlerSlot: options.handlerSlot } : {}),
      });
      params = undefined;
      claimed = undefined;
      if (result.kind === 'skipped') break;
      if (result.afterRun) {
        const rest = result.afterRun;
        hooks.add(rest);
        void rest.then(() => hooks.delete(rest));
      }
      if (result.next === undefined) break;
      if (takes()) {
        params = { run_id: result.next.run_id, benchmark_id: result.next.benchmark_id };
        claimed = result.next.claimed;
      } else await sendToQueue(ctx, result.next);
    }
  } finally {
    await Promise.all(hooks);
  }
}

/**
 * A handed-over run this job will not execute after all: the queue's, as if never handed (a
 * run the step claimed for this worker goes back to pending first).
 */
async function sendToQueue(ctx: EngineContext, run: HandedOverRun): Promise<void> {
  try {
    if (run.claimed) await resetUnstartedRun(ctx.db.db, run.run_id, ctx.settings.workerId);
    await ctx.enqueueRun({ run_id: run.run_id, benchmark_id: run.benchmark_id });
  } catch (error) {
    // Pending and dispatched: the reconciler enqueues it. Still claimed (it could not be given
    // back): running for this worker with no execution, recovered once its heartbeat is stale.
    ctx.logger.warn({ run_id: run.run_id, err: error }, 'could not enqueue a handed-over run');
  }
}
