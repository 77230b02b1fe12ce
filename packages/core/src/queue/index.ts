/**
 * `@tfbench/core/queue`: the job queue (BullMQ on Redis, or in-process), its job catalogue,
 * and the cross-process concurrency limiter.
 */
export {
  backoffDelayMs,
  type Catalogue,
  defineJob,
  type JobBackoff,
  type JobCatalogue,
  type JobDefinition,
  type JobName,
  type JobPayload,
  type JobPayloadInput,
  jobCatalogue,
} from './catalogue.js';
export type { AcquireOptions, ConcurrencyLimiter, Lease } from './concurrency-limiter.js';
export {
  type CreateConcurrencyLimiterOptions,
  type CreateQueueOptions,
  createConcurrencyLimiter,
  createQueue,
  silentLogger,
} from './create-queue.js';
export {
  JobAbortError,
  JobPayloadError,
  JobReturnedError,
  NonRetryableJobError,
  QueueUnavailableError,
} from './errors.js';
export { closeRedis, openRedis } from './redis-connection.js';
export { MAX_LENT_PER_SLOT } from './slot-lending.js';
export type * from './types.js';
