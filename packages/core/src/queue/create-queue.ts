/**
 * Factories that pick an adapter at start: Redis-backed when a Redis URL is configured,
 * in-process otherwise. Nothing else in tfbench names an adapter.
 */
import { BullmqQueue } from './bullmq-queue.js';
import { type Catalogue, type JobCatalogue, jobCatalogue } from './catalogue.js';
import { type ConcurrencyLimiter, LeaseLimiter } from './concurrency-limiter.js';
import { InProcessQueue } from './in-process-queue.js';
import { InProcessSlotStore } from './in-process-slot-store.js';
import { RedisSlotStore } from './redis-slot-store.js';
import type { JobQueue, Logger } from './types.js';

/** A logger that drops everything, for callers that pass none. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface CreateQueueOptions<C extends Catalogue = JobCatalogue> {
  /** `config.redisUrl`: BullMQ on this Redis when set, the in-process queue when not. */
  redisUrl?: string | undefined;
  /** Redis key prefix; give each deployment (and each test) its own. Default `tfbench`. */
  prefix?: string;
  logger?: Logger;
  /** The jobs this queue knows. Default: tfbench's `jobCatalogue`; tests pass their own. */
  catalogue?: C;
  /** BullMQ only: lock time of an active job (crash detection), default 30 s. */
  lockDurationMs?: number;
  /** BullMQ only: how often stalled jobs are looked for, default 10 s. */
  stalledIntervalMs?: number;
  /** BullMQ only: recoveries from a stall before a job fails, default 2. */
  maxStalledCount?: number;
  /** BullMQ only: deadline of one enqueue when Redis misbehaves, default 1 s. */
  commandTimeoutMs?: number;
}

/**
 * Open the job queue.
 *
 * @example
 * const queue = createQueue({ redisUrl: config.redisUrl, logger });
 * queue.process('run.execute', ({ run_id }, { signal }) => executeRun({ db, runId: run_id, signal }), { concurrency: 8 });
 * await queue.enqueue('run.execute', { run_id: 42 });
 * // at shutdown
 * await queue.close({ graceMs: 25_000 });
 */
export function createQueue<C extends Catalogue = JobCatalogue>(
  options: CreateQueueOptions<C> = {},
): JobQueue<C> {
  const catalogue = (options.catalogue ?? jobCatalogue) as C;
  const logger = options.logger ?? silentLogger;
  if (!options.redisUrl) return new InProcessQueue(catalogue, logger);
  return new BullmqQueue(catalogue, {
    redisUrl: options.redisUrl,
    prefix: options.prefix ?? 'tfbench',
    logger,
    lockDurationMs: options.lockDurationMs,
    stalledIntervalMs: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
    commandTimeoutMs: options.commandTimeoutMs,
  });
}

export interface CreateConcurrencyLimiterOptions {
  /** Shared slots in Redis when set (all processes), in this process's memory when not. */
  redisUrl?: string | undefined;
  /** Redis key prefix. Default `tfbench`. */
  prefix?: string;
  /**
   * Lease time of a slot. A crashed holder's slot frees after at most this long; renewals
   * happen every third of it. Default 30 s.
   */
  leaseMs?: number;
  logger?: Logger;
}

/**
 * Open a concurrency limiter.
 *
 * @example
 * const limiter = createConcurrencyLimiter({ redisUrl: config.redisUrl });
 * const lease = await limiter.tryAcquire(`benchmark-${id}`, concurrency);
 * if (lease) {
 *   try { await executeRun({ signal: lease.signal }); } finally { await lease.release(); }
 * }
 */
export function createConcurrencyLimiter(options: CreateConcurrencyLimiterOptions = {}): ConcurrencyLimiter {
  const logger = options.logger ?? silentLogger;
  const store = options.redisUrl
    ? new RedisSlotStore({ redisUrl: options.redisUrl, prefix: options.prefix ?? 'tfbench', logger })
    : new InProcessSlotStore();
  return new LeaseLimiter(store, options.leaseMs ?? 30_000, logger);
}
