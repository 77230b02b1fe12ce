import type { Catalogue, JobCatalogue, JobName, JobPayload, JobPayloadInput } from './catalogue.js';

/** The subset of a pino logger that the queue, the limiter and the event bus use. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a handler knows about the job it is running. */
export interface JobContext {
  jobId: string;
  name: string;
  /** 1 on the first try, 2 on the first retry, ... */
  attempt: number;
  /** Total tries the catalogue allows. */
  maxAttempts: number;
  /**
   * Aborts when this attempt times out or the queue is closing past its grace period; the
   * reason is a `JobAbortError` saying which. Pass it on to upstream calls.
   */
  signal: AbortSignal;
  /**
   * Lend this job's handler slot while the handler only waits (an open arrival held for its
   * send instant): its name takes one more job meanwhile. Returns the function that takes the
   * slot back, which resolves once fewer than `concurrency` of the name's handlers are at work
   * (at once, or when one ends), or at once when `signal` aborts; the job's end takes the slot
   * back too. A job has one slot: lending again while it is out returns the same function. A
   * name lends at most MAX_LENT_PER_SLOT times its concurrency; past that this
   * lends nothing and its function resolves at once.
   */
  lendSlot(): (signal?: AbortSignal) => Promise<void>;
  /**
   * True while one more handler at work would leave at least SPARE_HANDLER_SHARE of the
   * name's concurrency free: a lent slot taken back now, ahead of its need, is then one that
   * no other job is likely to want meanwhile.
   */
  hasSpareHandlers(): boolean;
}

/** Handles one job; resolving completes it, throwing fails the attempt (see `NonRetryableJobError`). */
export type JobHandler<C extends Catalogue, N extends JobName<C>> = (
  payload: JobPayload<C, N>,
  context: JobContext,
) => Promise<void>;

export interface EnqueueOptions {
  /**
   * Dedupe key. While a job with this id is waiting, delayed or active, enqueueing it again
   * adds nothing; once it has finished the id is free again. Defaults to the catalogue's
   * `jobId(payload)`, else a random id. Must not contain ':' or be all digits (BullMQ rules,
   * enforced by both adapters so they accept the same ids).
   */
  jobId?: string;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
}

export interface ProcessOptions {
  /** Most handlers of this job name running at once in this process. Default 1. */
  concurrency?: number;
}

/** Jobs of one name by state. */
export interface QueueCounts {
  /** Ready to run, waiting for a free handler. */
  waiting: number;
  /** Running in a handler now (in any process, for BullMQ). */
  active: number;
  /** Scheduled for later: `delayMs`, or waiting out a retry backoff. */
  delayed: number;
}

export interface CloseOptions {
  /** How long in-flight handlers may keep running before their signals abort. Default 30 s. */
  graceMs?: number;
  /** After the abort, how long handlers get to wind down before they are abandoned. Default 5 s. */
  abortGraceMs?: number;
}

export interface CloseResult {
  /** Handlers that had not settled when close gave up on them. */
  abandoned: number;
}

/**
 * A job queue for the names of one catalogue. Two adapters behave the same way as far as a
 * caller can observe: BullMQ on Redis and an in-process queue (see `createQueue`).
 *
 * Delivery is at least once: a job can run again after a crash, a stall or a timeout, so
 * handlers must be idempotent (read the row, transition it with a conditional UPDATE).
 */
export interface JobQueue<C extends Catalogue = JobCatalogue> {
  readonly kind: 'bullmq' | 'in-process';
  /**
   * Validate the payload with the catalogue schema and add a job.
   * @throws JobPayloadError when the payload or job id is invalid.
   * @throws QueueUnavailableError when Redis is unreachable or the queue is closed (fails fast).
   */
  enqueue<N extends JobName<C>>(
    name: N,
    payload: JobPayloadInput<C, N>,
    options?: EnqueueOptions,
  ): Promise<{ jobId: string }>;
  /**
   * Several jobs of one name in one round trip (what a benchmark step hands out at once), each
   * as `enqueue` would add it. All or nothing as far as the caller knows: on a throw, any of
   * them may or may not have been added (a retry adds only the missing ones, by job id).
   * @throws JobPayloadError (before anything is added) or QueueUnavailableError, as `enqueue`.
   */
  enqueueMany<N extends JobName<C>>(
    name: N,
    jobs: readonly { payload: JobPayloadInput<C, N>; options?: EnqueueOptions }[],
  ): Promise<{ jobId: string }[]>;
  /** Start handling jobs of `name` in this process. One handler per name. */
  process<N extends JobName<C>>(name: N, handler: JobHandler<C, N>, options?: ProcessOptions): void;
  /** Jobs of `name` by state. */
  counts(name: JobName<C>): Promise<QueueCounts>;
  /** False when the queue cannot accept work now (Redis unreachable, or closed). */
  isHealthy(): boolean;
  /**
   * Stop taking jobs in this process: a job still delivered goes back to waiting untouched
   * (as with `JobReturnedError`) for another consumer. In-flight handlers go on, and enqueue
   * keeps working, so the work that follows them (a benchmark's next run) reaches the
   * consumers that remain. The first step of `close`, and one-way: a paused queue is on its
   * way to close (there is no resume). Idempotent.
   */
  pause(): Promise<void>;
  /**
   * Graceful stop: pause, let in-flight handlers finish within `graceMs`, then abort their
   * signals (reason `shutdown`) and wait `abortGraceMs` more. Enqueue keeps working until
   * then (see `pause`) and fails once the handlers have settled or been abandoned;
   * `isHealthy()` is false from the first moment. Idempotent.
   */
  close(options?: CloseOptions): Promise<CloseResult>;
}
