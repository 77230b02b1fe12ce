/**
 * Why a run's execution was aborted, as stored on the run: a user's cancel, a worker
 * shutting down past its grace period, or the queue's per-job deadline.
 */
import { JobAbortError } from '../queue/index.js';
import { RunCancelRequest } from './active-runs.js';

export interface AbortExplanation {
  status: 'cancelled' | 'timeout';
  code: string;
  message: string;
}

export function explainAbort(
  runSignal: AbortSignal,
  jobSignal: AbortSignal | undefined,
): AbortExplanation | null {
  // A held run's signal also aborts when its job's does, with the job's reason: that is the
  // job's stop, not a cancel. Whichever came first is the reason the run's signal carries.
  const stoppedByJob = jobSignal?.aborted === true && runSignal.reason === jobSignal.reason;
  if (runSignal.aborted && !stoppedByJob) {
    const reason =
      runSignal.reason instanceof RunCancelRequest ? runSignal.reason.reason : 'cancel requested';
    return { status: 'cancelled', code: 'CANCELLED', message: `cancelled: ${reason}` };
  }
  if (jobSignal?.aborted) {
    const reason = jobSignal.reason;
    if (reason instanceof JobAbortError && reason.kind === 'timeout') {
      return { status: 'timeout', code: 'JOB_TIMEOUT', message: reason.message };
    }
    return {
      status: 'cancelled',
      code: 'WORKER_SHUTDOWN',
      message: 'cancelled: the worker shut down and its grace period for in-flight runs passed',
    };
  }
  return null;
}
