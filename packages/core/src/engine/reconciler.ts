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
  // While Redis is down there is nothing useful to do; the next pass after it returns will.
  if (!ctx.queue.isHealthy()) return { requeued: 0, orphaned: 0 };
  const orphaned = await requeueOrphans(ctx);
  // A holder died: a run handed over to one of its jobs and not claimed yet has no job of its
  // own (see run-chain.ts), and the job counts cannot tell while the dead one's still count.
  const force = options.force === true || orphaned > 0;
  const requeued = force || (await queueLooksIncomplete(ctx)) ? await requeuePending(ctx, options) : 0;
  return { requeued, orphaned };
}

/** Pending runs that belong in the queue and are older than the minimum age, queued again. */
async function requeuePending(ctx: EngineContext, options: ReconcileOptions): Promise<number> {
  const db = ctx.db.db;
  const minAgeMs = options.minAgeMs ?? ctx.settings.reconcileMinAgeMs;
  let requeued = 0;
  let afterId = 0;
  for (;;) {
    const page = await selectPendingRunsToQueue(db, minAgeMs, PAGE, afterId);
    for (const run of page) {
      // A single run whose dispatch never happened gets its mark now, like any other.
      await markRunDispatched(db, run.id);
      await ctx.enqueueRun(pendingRunJob(run));
      requeued += 1;
    }
    if (page.length < PAGE) return requeued;
    afterId = page[page.length - 1]!.id;
  }
}

/** Running runs whose holder stopped heart-beating, queued for recovery (the job id dedupes). */
async function requeueOrphans(ctx: EngineContext): Promise<number> {
  const orphans = await selectOrphanedRunIds(ctx.db.db, ctx.settings.staleAfterMs, PAGE);
  for (const runId of orphans) await ctx.enqueueRun({ run_id: runId });
  return orphans.length;
}

async function queueLooksIncomplete(ctx: EngineContext): Promise<boolean> {
  const [work, jobs] = await Promise.all([countQueuedWork(ctx.db.db), ctx.queue.counts('run.execute')]);
  return jobs.waiting + jobs.active + jobs.delayed < work;
}

/**
 * Run `reconcileRuns` every `intervalMs`, and look for orphaned runs every `orphanIntervalMs`
 * in between; a failing pass is logged and retried next time.
 *
 * Orphans are looked for more often than the rest because a run handed over from job to job
 * (run-chain.ts) has no job of its own that the queue's stalled check would hand back: its
 * take-over waits for this pass. Every RUN_LOCK_DURATION_MS / 3 keeps it within the bound the
 * stalled check gives the others (stale after one lock, found at most a third of one later).
 */
export function startReconciler(
  ctx: EngineContext,
  intervals: { intervalMs: number; orphanIntervalMs: number },
  logger: Logger,
): { stop(): Promise<void> } {
  let lastFullPass = Number.NEGATIVE_INFINITY;
  const tick = Math.min(intervals.intervalMs, intervals.orphanIntervalMs);
  return startSerialLoop(tick, async () => {
    try {
      const full = Date.now() - lastFullPass >= intervals.intervalMs - tick / 2;
      if (full) lastFullPass = Date.now();
      const report = full ? await reconcileRuns(ctx) : await reconcileOrphans(ctx);
      if (report.requeued > 0 || report.orphaned > 0)
        logger.info({ ...report }, 'reconciler queued runs again');
    } catch (error) {
      logger.warn({ err: error }, 'run reconciler pass failed');
    }
  });
}

/** The orphan half of a pass, and the pending half too when it finds any (see reconcileRuns). */
async function reconcileOrphans(ctx: EngineContext): Promise<ReconcileReport> {
  if (!ctx.queue.isHealthy()) return { requeued: 0, orphaned: 0 };
  const orphaned = await requeueOrphans(ctx);
  const requeued = orphaned > 0 ? await requeuePending(ctx, {}) : 0;
  return { requeued, orphaned };
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
