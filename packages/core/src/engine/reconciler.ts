/**
 * The run reconciler: the runs table is the source of truth and the queue is a cache of it.
 * Periodically (and once at start) it puts back into the queue
 * - pending runs that belong in the queue but may have no job (the enqueue failed while
 *   Redis was down, Redis lost its data, the embedded process restarted), and
 * - running runs whose holder stopped heart-beating (their job is gone too, or it will be
 *   re-delivered by BullMQ's stalled check; either way the job id dedupes).
 * Enqueueing is idempotent (job id `run-<id>`), so a run that still has a live job is not
 * started twice. To avoid touching every pending run on every pass, pending runs are
 * re-enqueued only when the queue holds fewer run jobs than the table has queued work.
 */
import type { Logger } from '../queue/index.js';
import { markRunDispatched } from '../repositories/runs-lifecycle.js';
import {
  countQueuedWork,
  orphanAllRunningRuns,
  selectOrphanedRunIds,
  selectPendingRunsToQueue,
} from '../repositories/runs-recovery.js';
import { pendingRunJob } from './dispatch-run.js';
import { startSerialLoop } from './serial-loop.js';
import type { EngineContext } from './types.js';

const PAGE = 500;

export interface ReconcileOptions {
  /** Re-enqueue pending runs even when the job counts look complete (start-up). */
  force?: boolean;
  /** Leave pending runs younger than this alone. Default: the engine's reconcileMinAgeMs. */
  minAgeMs?: number;
}

export interface ReconcileReport {
  requeued: number;
  orphaned: number;
}

export async function reconcileRuns(
  ctx: EngineContext,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const report: ReconcileReport = { requeued: 0, orphaned: 0 };
  // While Redis is down there is nothing useful to do; the next pass after it returns will.
  if (!ctx.queue.isHealthy()) return report;
  const db = ctx.db.db;
  if (options.force || (await queueLooksIncomplete(ctx))) {
    const minAgeMs = options.minAgeMs ?? ctx.settings.reconcileMinAgeMs;
    let afterId = 0;
    for (;;) {
      const page = await selectPendingRunsToQueue(db, minAgeMs, PAGE, afterId);
      for (const run of page) {
        // A single run whose dispatch never happened gets its mark now, like any other.
        await markRunDispatched(db, run.id);
        await ctx.enqueueRun(pendingRunJob(run));
        report.requeued += 1;
      }
      if (page.length < PAGE) break;
      afterId = page[page.length - 1]!.id;
    }
  }
  for (const runId of await selectOrphanedRunIds(db, ctx.settings.staleAfterMs, PAGE)) {
    await ctx.enqueueRun({ run_id: runId });
    report.orphaned += 1;
  }
  return report;
}

async function queueLooksIncomplete(ctx: EngineContext): Promise<boolean> {
  const [work, jobs] = await Promise.all([countQueuedWork(ctx.db.db), ctx.queue.counts('run.execute')]);
  return jobs.waiting + jobs.active + jobs.delayed < work;
}

/** Run `reconcileRuns` every `intervalMs` until stopped; a failing pass is logged and retried next time. */
export function startReconciler(
  ctx: EngineContext,
  intervalMs: number,
  logger: Logger,
): { stop(): Promise<void> } {
  return startSerialLoop(intervalMs, async () => {
    try {
      const report = await reconcileRuns(ctx);
      if (report.requeued > 0 || report.orphaned > 0)
        logger.info({ ...report }, 'reconciler queued runs again');
    } catch (error) {
      logger.warn({ err: error }, 'run reconciler pass failed');
    }
  });
}

/**
 * Start-up recovery: pending runs are queued again and runs left running by a dead process
 * are recovered. With `exclusive` (the embedded database, which no other process can open)
 * every running run is known to be orphaned at once; on a shared PostgreSQL only those whose
 * holder's heartbeat is stale are, since another live process may hold the rest.
 */
export async function recoverOnStartup(
  ctx: EngineContext,
  options: { exclusive: boolean },
): Promise<ReconcileReport> {
  if (options.exclusive) await orphanAllRunningRuns(ctx.db.db);
  return reconcileRuns(ctx, { force: true, minAgeMs: options.exclusive ? 0 : undefined });
}
