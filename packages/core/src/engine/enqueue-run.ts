/**
 * The one way a run reaches the queue. A trigger, a schedule tick, a benchmark step and the
 * reconciler all hand their runs over through an `EnqueueRun`, which the composition root
 * builds once per process over its job queue and injects into the engine and the use cases,
 * so what a `run.execute` job carries is decided in one place.
 */
import type { JobQueue } from '../queue/index.js';

/** A pending (or orphaned running) run to be executed by some worker. */
export interface RunToEnqueue {
  run_id: number;
  /**
   * The run's benchmark (null: none): with it a worker admits and claims the run without
   * reading it first. Left out when the caller does not know it; the worker reads the run.
   */
  benchmark_id?: number | null;
  /** Deliver the job this much later (open arrivals: see queue-lead.ts); default at once. */
  delayMs?: number;
  /** The run's intended send time (epoch ms), for a run that has one (open arrivals). */
  intended_start_ms?: number;
}

/**
 * Hand a run to the queue. Idempotent while the run's job is live (job id `run-<id>`).
 * @throws QueueUnavailableError when the queue cannot take the job now.
 */
export interface EnqueueRun {
  (run: RunToEnqueue): Promise<void>;
  /**
   * Several runs in one round trip (a benchmark step's burst); without it, callers hand them
   * over one by one. On a throw any of them may be missing: they stay pending and dispatched,
   * which the reconciler re-enqueues.
   */
  many?: (runs: readonly RunToEnqueue[]) => Promise<void>;
}

/** The `run.execute` job of a run. */
function jobOf({ run_id, benchmark_id, delayMs = 0, intended_start_ms }: RunToEnqueue) {
  return {
    payload: {
      run_id,
      ...(benchmark_id === undefined ? {} : { benchmark_id }),
      ...(intended_start_ms === undefined ? {} : { intended_start_ms }),
    },
    options: delayMs > 0 ? { delayMs } : {},
  };
}

/**
 * @example
 * const enqueueRun = runEnqueuer(queue);
 * await enqueueRun({ run_id: 42, benchmark_id: null });
 */
export function runEnqueuer(queue: Pick<JobQueue, 'enqueue' | 'enqueueMany'>): EnqueueRun {
  const enqueueRun: EnqueueRun = async (run) => {
    const { payload, options } = jobOf(run);
    await queue.enqueue('run.execute', payload, options);
  };
  enqueueRun.many = async (runs) => {
    await queue.enqueueMany('run.execute', runs.map(jobOf));
  };
  return enqueueRun;
}
