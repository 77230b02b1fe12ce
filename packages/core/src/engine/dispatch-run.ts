/**
 * dispatchRun: hand a pending run to the queue. The run is marked dispatched first, so that
 * if the enqueue fails (Redis down) or the process dies right after, the reconciler still
 * knows the run belongs in the queue and puts it there later: nothing is lost between the
 * table and the queue. A run with an intended start time (open-arrival benchmarks) is
 * enqueued with the delay that brings it to a worker just before then (admission holds it
 * until the time itself: see QUEUE_LEAD_MS).
 */
import type { DatabaseHandle } from '../db/database.js';
import type { Run } from '../db/schema.js';
import { markRunDispatched } from '../repositories/runs-lifecycle.js';
import type { EnqueueRun, RunToEnqueue } from './enqueue-run.js';
import { queueDelayFor } from './queue-lead.js';

/** What a dispatch needs: the runs table and the port to the queue. */
export interface DispatchDeps {
  db: DatabaseHandle;
  enqueueRun: EnqueueRun;
}

/**
 * @returns false when the run is not pending (already running, finished or cancelled).
 * @throws QueueUnavailableError when the queue cannot take the job now; the run stays
 *   pending and dispatched, and the reconciler enqueues it once the queue is back.
 */
export async function dispatchRun(deps: DispatchDeps, runId: number): Promise<boolean> {
  const marked = await markRunDispatched(deps.db.db, runId);
  if (!marked) return false;
  await deps.enqueueRun(pendingRunJob(marked));
  return true;
}

/** The job of a pending run: due at once, or just before its intended send time. */
export function pendingRunJob(run: Pick<Run, 'id' | 'intended_start_at' | 'benchmark_id'>): RunToEnqueue {
  return {
    run_id: run.id,
    benchmark_id: run.benchmark_id,
    delayMs: queueDelayFor(run.intended_start_at, Date.now()),
    ...(run.intended_start_at ? { intended_start_ms: run.intended_start_at.getTime() } : {}),
  };
}
