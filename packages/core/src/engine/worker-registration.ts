/**
 * A worker's entry in the `workers` table: written when it starts taking runs, beaten while
 * it lives, removed when it stops. What a benchmark's concurrency is admitted against
 * (benchmarks/capacity.ts) is the sum over the entries that still beat.
 */
import type { Executor } from '../db/database.js';
import type { Logger } from '../queue/index.js';
import {
  deleteWorker,
  deleteWorkersOtherThan,
  deleteWorkersSilentSince,
  upsertWorkerBeat,
} from '../repositories/workers.js';
import type { BackgroundLoop } from './features.js';
import { startSerialLoop } from './serial-loop.js';

export interface WorkerRegistrationOptions {
  workerId: string;
  concurrency: number;
  /** How often the entry is beaten (the engine's heartbeat interval). */
  intervalMs: number;
  /** An entry silent this long is a dead process (the engine's stale-after). */
  staleAfterMs: number;
  /** No other process can use this database (PGlite): every other entry is a dead one. */
  exclusive: boolean;
}

/** The longest a stopping worker waits to remove its entry. */
const GOODBYE_TIMEOUT_MS = 1_000;

/** Entries silent this many stale periods are deleted, so the table holds only recent processes. */
const FORGET_AFTER_STALE_PERIODS = 10;

/**
 * Register this worker and keep its entry alive. The first write is awaited, so capacity is
 * known as soon as the worker takes runs; later beats that fail are logged and retried.
 */
export async function registerWorker(
  db: Executor,
  logger: Logger,
  options: WorkerRegistrationOptions,
): Promise<BackgroundLoop> {
  const { workerId, concurrency } = options;
  const beat = async () => {
    await upsertWorkerBeat(db, workerId, concurrency);
    await deleteWorkersSilentSince(
      db,
      new Date(Date.now() - FORGET_AFTER_STALE_PERIODS * options.staleAfterMs),
    );
  };
  try {
    if (options.exclusive) await deleteWorkersOtherThan(db, workerId);
    await beat();
  } catch (error) {
    logger.warn({ err: error }, 'could not register this worker; retrying at the next beat');
  }
  const loop = startSerialLoop(options.intervalMs, () =>
    beat().catch((error: unknown) => logger.warn({ err: error }, 'worker beat failed')),
  );
  return {
    stop: async () => {
      await loop.stop();
      // A stopping worker takes no more runs: it offers no capacity from now on. Bounded, so
      // an unreachable database cannot hold up shutdown; the entry then goes stale by itself.
      let goodbyeTimer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((resolve) => {
        goodbyeTimer = setTimeout(resolve, GOODBYE_TIMEOUT_MS);
        goodbyeTimer.unref();
      });
      await Promise.race([
        deleteWorker(db, workerId).catch((error: unknown) =>
          logger.warn({ err: error }, 'could not remove this worker from the workers table'),
        ),
        bounded,
      ]);
      clearTimeout(goodbyeTimer);
    },
  };
}
