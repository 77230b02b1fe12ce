/**
 * Admission of a benchmark's concurrency against what the live workers offer. A benchmark
 * asking for more runs in flight than all workers together can hold would be capped
 * silently: open arrivals get dropped or late, closed ones run at a lower concurrency than
 * the report says. So creation says so before anything starts, or refuses under
 * `strict_capacity`.
 */
import { AppError } from '@tfbench/domain/errors';
import type { Executor } from '../db/database.js';
import { selectLiveWorkers } from '../repositories/workers.js';

/** What the live workers offer right now. */
export interface WorkerCapacity {
  /** Runs all live workers together execute at once. */
  concurrency: number;
  /** Live workers (entries that beat within the stale period). */
  workers: number;
}

/** A benchmark whose concurrency exceeds the live workers' capacity, as the response's `warnings` hold it. */
export interface CapacityWarning {
  code: 'CAPACITY_EXCEEDED';
  message: string;
  /** The benchmark's concurrency. */
  requested: number;
  /** The live workers' capacity when the benchmark was created. */
  capacity: number;
  workers: number;
}

/** Default: a worker silent longer than the default run lock duration (30 s) is gone. */
export const DEFAULT_WORKER_STALE_AFTER_MS = 30_000;

/** The sum of the live workers' concurrency (from their entries in the `workers` table). */
export async function liveWorkerCapacity(
  db: Executor,
  staleAfterMs = DEFAULT_WORKER_STALE_AFTER_MS,
): Promise<WorkerCapacity> {
  const live = await selectLiveWorkers(db, new Date(Date.now() - staleAfterMs));
  return { concurrency: live.reduce((sum, w) => sum + w.concurrency, 0), workers: live.length };
}

/** The warning for `requested` runs in flight against `capacity`; null when it fits. */
export function capacityWarning(requested: number, capacity: WorkerCapacity): CapacityWarning | null {
  if (requested <= capacity.concurrency) return null;
  const offer =
    capacity.workers === 0
      ? 'no live worker: runs wait until one starts'
      : capacity.workers === 1
        ? `the live worker executes at most ${capacity.concurrency} runs at once`
        : `the ${capacity.workers} live workers execute at most ${capacity.concurrency} runs at once`;
  return {
    code: 'CAPACITY_EXCEEDED',
    message: `concurrency ${requested} exceeds the workers' capacity of ${capacity.concurrency} (${offer}); add workers or raise WORKER_CONCURRENCY`,
    requested,
    capacity: capacity.concurrency,
    workers: capacity.workers,
  };
}

/** 409 for a benchmark created with `strict_capacity` whose concurrency the workers cannot serve. */
export class CapacityExceededError extends AppError {
  override readonly name = 'CapacityExceededError';

  constructor(warning: CapacityWarning) {
    super('CAPACITY_EXCEEDED', 409, warning.message, {
      details: {
        field: 'concurrency',
        requested: warning.requested,
        capacity: warning.capacity,
        workers: warning.workers,
      },
    });
  }
}
