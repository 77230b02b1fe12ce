/** When an open-arrival run's job should reach a worker: a little before its send time. */

/**
 * Open arrivals: a run's job is due this long BEFORE its intended send time. The worker that
 * gets it claims (leases) the run at once and holds it in memory, and a timer fires the send
 * at the intended instant (admission, admit-run.ts): the queue's delivery and the claim's
 * database round trip both happen inside this window instead of after the instant. Under load
 * a queue delivers delayed jobs late by tens to hundreds of ms (BullMQ: 28 ms p50, 107 ms p99
 * at 20 runs/s; more while a driver step adds a burst of jobs) and a claim waits behind every
 * other statement of the process; a timer in the worker is late by what its event loop is
 * busy with. A worker holds about rate x this lead runs more than it sends, so a held run
 * lends its job's handler slot until it is admitted (JobContext.lendSlot): the worker's
 * concurrency bounds the runs it sends, not the ones it holds, and a run is sent only once a
 * handler is free for it. Past the lending bound (MAX_LENT_PER_SLOT) the window shrinks by
 * itself (the next job is fetched when a held run ends). A worker that dies with runs held
 * leaves them running without a heartbeat, which the reconciler recovers like any other.
 */
export const QUEUE_LEAD_MS = 1_000;

/**
 * The queue delay that brings a run's job to a worker {@link QUEUE_LEAD_MS} before its
 * intended send time (0: at once).
 *
 * @example
 * await enqueueRun({ run_id: run.id, delayMs: queueDelayFor(run.intended_start_at, Date.now()) });
 */
export function queueDelayFor(intendedStartAt: Date | number | null, nowMs: number): number {
  if (intendedStartAt === null) return 0;
  const intended = typeof intendedStartAt === 'number' ? intendedStartAt : intendedStartAt.getTime();
  return Math.max(0, intended - nowMs - QUEUE_LEAD_MS);
}
