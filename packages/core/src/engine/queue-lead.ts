/** When an open-arrival run's job should reach a worker: a little before its send time. */

/**
 * Open arrivals: a run's job is due this long BEFORE its intended send time, and admission
 * holds it until that time. A queue delivers a delayed job late by up to ~100 ms under load
 * (BullMQ measured 28 ms p50, 107 ms p99 at 20 runs/s), which would land in every run's
 * schedule lag; a timer in the worker is late by about a millisecond.
 */
export const QUEUE_LEAD_MS = 250;

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
