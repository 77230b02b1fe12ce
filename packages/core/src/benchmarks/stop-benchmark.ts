/**
 * Stopping a running benchmark before its runs are done, for a reason the benchmark itself
 * carries (its cost cap, a stop_on condition, a precise enough interval): the reason goes to
 * `settings.stop_reason` (and `settings.stop_condition` when a condition fired), runs not
 * started are cancelled with the reason's code, and runs in flight are asked to stop, which the
 * worker holding each passes upstream. The summary then covers what ran.
 */
import type { JsonObject } from '@tfbench/domain/model';
import type { Executor } from '../db/database.js';
import type { Benchmark } from '../db/schema.js';
import {
  cancelPendingBenchmarkRuns,
  requestCancelOfRunningBenchmarkRuns,
} from '../repositories/benchmark-runs-end.js';
import { updateBenchmarkIfStatus } from '../repositories/benchmarks.js';

export interface StopRequest {
  /** Why, completing "the benchmark stopped because ...". */
  reason: string;
  /** Error code of the runs that will not start. */
  error_code: string;
  /**
   * `cancelled` when the stop cut the benchmark short of what it was asked (a cap or a
   * condition); `running` keeps it running so it ends `completed` once its runs in flight end
   * (it got what it was asked for, e.g. a precise enough figure).
   */
  status: 'cancelled' | 'running';
  /** Stored as settings.stop_condition: which condition fired, what it saw, when. */
  condition?: JsonObject;
}

/** Stop a running (locked) benchmark; undefined when it was no longer running. */
export async function stopBenchmark(
  tx: Executor,
  benchmark: Benchmark,
  request: StopRequest,
): Promise<Benchmark | undefined> {
  const stopped = await updateBenchmarkIfStatus(tx, benchmark.id, ['running'], {
    status: request.status,
    settings: {
      ...benchmark.settings,
      stop_reason: `stopped: ${request.reason}`,
      ...(request.condition ? { stop_condition: request.condition } : {}),
    },
  });
  if (!stopped) return undefined;
  await cancelPendingBenchmarkRuns(tx, benchmark.id, {
    error_code: request.error_code,
    error: `not started: the benchmark stopped because ${request.reason}`,
  });
  await requestCancelOfRunningBenchmarkRuns(
    tx,
    benchmark.id,
    `the benchmark stopped because ${request.reason}`,
  );
  return stopped;
}
