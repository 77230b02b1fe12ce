/** Errors of the queue and the concurrency limiter, in tfbench's error taxonomy. */
import { AppError, ServiceUnavailableError } from '@tfbench/domain/errors';

/**
 * Redis is unreachable (or the queue is closed), so work cannot be handed over right now.
 * Raised within about a second instead of waiting for Redis to come back, so that the API
 * can answer 503 and the caller can retry; nothing was enqueued.
 */
export class QueueUnavailableError extends ServiceUnavailableError {
  // `name` stays 'ServiceUnavailableError' (the base fixes it); match with instanceof.
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, undefined, options.cause);
  }
}

/** A payload or job id that the job catalogue rejects: a programming error, never retried. */
export class JobPayloadError extends AppError {
  override readonly name = 'JobPayloadError';

  constructor(message: string, details?: unknown) {
    super('INVALID_JOB_PAYLOAD', 500, message, { details, isOperational: false });
  }
}

/**
 * Thrown by a handler to fail its job at once, without the retries the catalogue allows
 * (the work can never succeed, e.g. the run no longer exists).
 */
export class NonRetryableJobError extends Error {
  override readonly name = 'NonRetryableJobError';
}

/**
 * Thrown by a handler that declines a delivery it must not start (its process is shutting
 * down): the job goes back to waiting untouched, for another consumer, without counting as
 * a failed attempt and without a retry backoff.
 */
export class JobReturnedError extends Error {
  override readonly name = 'JobReturnedError';
}

/**
 * The reason a handler's `signal` aborts. `timeout`: the attempt outlived the catalogue's
 * `timeoutMs` and has failed. `shutdown`: the queue is closing and the grace period for
 * in-flight jobs has passed; the handler should stop, record why, and return.
 */
export class JobAbortError extends Error {
  override readonly name = 'JobAbortError';
  constructor(
    readonly kind: 'timeout' | 'shutdown',
    message: string,
  ) {
    super(message);
  }
}
