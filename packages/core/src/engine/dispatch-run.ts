/**
 * dispatchRun: hand a pending run to the queue. The run is marked dispatched first, so that
 * if the enqueue fails (Redis down) or the process dies right after, the reconciler still
 * knows the run belongs in the queue and puts it there later: nothing is lost between the
 * table and the queue. A run with an intended start time (open-arrival benchmarks) is
 * enqueued with the delay that brings it to a worker just before then (admission holds it
 * until the time itself: see QUEUE_LEAD_MS).
 */
import { queueDelayFor } from '../benchmarks/queue-lead.js';
import type { Run } from '../db/schema.js';
import { markRunDispatched } from '../repositories/runs-lifecycle.js';
import type { EngineContext } from './types.js';

/**
 * @returns false when the run is not pending (already running, finished or cancelled).
 * @throws QueueUnavailableError when the queue cannot take the job now; the run stays
 *   pending and dispatched, and the reconciler enqueues it once the queue is back.
 */
export async function dispatchRun(ctx: Pick<EngineContext, 'db' | 'queue'>, runId: number): Promise<boolean> {
  const marked = await markRunDispatched(ctx.db.db, runId);
  if (!marked) return false;
  await enqueueRun(ctx, marked);
  return true;
}

/** Enqueue `run.execute` for a pending run (the job id `run-<id>` dedupes a live job). */
export async function enqueueRun(
  ctx: Pick<EngineContext, 'queue'>,
  run: Pick<Run, 'id' | 'intended_start_at' | 'benchmark_id'>,
): Promise<void> {
  const delayMs = queueDelayFor(run.intended_start_at, Date.now());
  await ctx.queue.enqueue('run.execute', { run_id: run.id, benchmark_id: run.benchmark_id }, { delayMs });
}
