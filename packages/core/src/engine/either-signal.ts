/**
 * A run's stop switch: its own signal (a cancel) or its job's (the worker stopping, the job's
 * deadline), as one AbortSignal for the code that takes one.
 *
 * Not `AbortSignal.any`: in Node, every signal it makes is recorded in each source through a
 * weak reference that is only pruned by the garbage collector, and a job's signal lives for
 * the whole chain of runs the job executes. At hundreds of runs a second that is a set growing
 * by a weak reference per run for the collector to trace and clear. Here the listeners are
 * removed when the run is done with the signal, so the job's signal holds nothing per run.
 */

/** A signal that aborts when either source does, and the call that detaches it from both. */
export interface EitherSignal {
  signal: AbortSignal;
  /** Stops following the sources (the signal itself stays as it is). Idempotent. */
  release(): void;
}

/**
 * Follows `own` and, when given, `job`; the first to abort gives its reason. Without `job`
 * the run's own signal is returned as it is.
 *
 * @example
 * const stop = eitherSignal(held.signal, options.signal);
 * try { await provider.execute({ signal: stop.signal, ... }); } finally { stop.release(); }
 */
export function eitherSignal(own: AbortSignal, job: AbortSignal | undefined): EitherSignal {
  if (job === undefined) return { signal: own, release: () => {} };
  const controller = new AbortController();
  const first = own.aborted ? own : job.aborted ? job : null;
  if (first !== null) {
    controller.abort(first.reason);
    return { signal: controller.signal, release: () => {} };
  }
  const release = (): void => {
    own.removeEventListener('abort', onOwn);
    job.removeEventListener('abort', onJob);
  };
  const onOwn = (): void => {
    release();
    controller.abort(own.reason);
  };
  const onJob = (): void => {
    release();
    controller.abort(job.reason);
  };
  own.addEventListener('abort', onOwn, { once: true });
  job.addEventListener('abort', onJob, { once: true });
  return { signal: controller.signal, release };
}
