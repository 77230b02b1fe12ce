/**
 * The queue at scale: BullMQ on Redis. One BullMQ queue per job name, so that each name has
 * its own worker and its own concurrency.
 *
 * Crash safety comes from BullMQ's job locks: a worker holds a lock on each active job and
 * renews it every `lockDurationMs / 2`. When a worker dies (SIGKILL), its lock expires and the
 * stalled-job check of any live worker moves the job back to waiting, so another worker runs
 * it again. A check marks the active jobs and moves those still marked whose lock is gone at
 * the next check; checks run every `stalledIntervalMs` but share one Redis key, so the first
 * check after a worker dies can come up to two intervals after its last one. Worst case:
 * max(lockDuration, 2 x stalledInterval) + stalledInterval (40 s with the defaults; shorten
 * both in tests). A worker whose event loop is blocked longer than lockDuration loses its
 * lock the same way, so the job can run twice; handlers therefore make their transitions
 * idempotent.
 *
 * Closing keeps the producer open until the in-flight handlers have settled: what they
 * enqueue on their way out (a benchmark's next run) goes to the workers that remain at once,
 * instead of waiting for a reconciler to find it. Jobs delivered while pausing are handed
 * back to waiting untouched.
 */
import { type Job, type JobsOptions, Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Catalogue, JobCatalogue, JobName, JobPayload, JobPayloadInput } from './catalogue.js';
import { JobReturnedError, NonRetryableJobError, QueueUnavailableError } from './errors.js';
import { validConcurrency } from './in-process-queue.js';
import { definitionOf, InFlightJobs, type PreparedJob, prepareJob } from './job-runner.js';
import { asUnavailable, closeRedis, ensureRedisReady, openRedis } from './redis-connection.js';
import { SlotLending } from './slot-lending.js';
import type {
  CloseOptions,
  CloseResult,
  EnqueueOptions,
  JobHandler,
  JobQueue,
  Logger,
  ProcessOptions,
  QueueCounts,
} from './types.js';

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Key prefix; queues with different prefixes never see each other's jobs. */
  prefix: string;
  logger: Logger;
  /** How long a worker's lock on a job lasts without renewal. Default 30 s (BullMQ's). */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired. Default 10 s (see the module comment). */
  stalledIntervalMs?: number;
  /**
   * How many times a job may be recovered from a stalled state before BullMQ fails it.
   * Default 2: a run survives a crashed worker and one more crash. (The run reconciler
   * still catches runs whose job was failed this way.)
   */
  maxStalledCount?: number;
  /** Deadline for one enqueue, so a hung Redis cannot hang a request. Default 1 s. */
  commandTimeoutMs?: number;
}

export class BullmqQueue<C extends Catalogue = JobCatalogue> implements JobQueue<C> {
  readonly kind = 'bullmq' as const;
  private readonly producer: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: { worker: Worker; connection: Redis }[] = [];
  private readonly handled = new Set<string>();
  private readonly inFlight = new InFlightJobs();
  private readonly commandTimeoutMs: number;
  private closing: Promise<CloseResult> | undefined;
  private pausing: Promise<void> | undefined;
  /** False once close has drained the handlers: from then on enqueue fails. */
  private accepting = true;

  constructor(
    private readonly catalogue: C,
    private readonly options: BullmqQueueOptions,
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1_000;
    this.producer = openRedis({
      url: options.redisUrl,
      role: 'command',
      name: `${options.prefix}:producer`,
      logger: options.logger,
      commandTimeoutMs: this.commandTimeoutMs,
    });
  }

  async enqueue<N extends JobName<C>>(
    name: N,
    payload: JobPayloadInput<C, N>,
    options?: EnqueueOptions,
  ): Promise<{ jobId: string }> {
    const prepared = prepareJob(this.catalogue, name, payload, options);
    if (!this.accepting) throw new QueueUnavailableError('the job queue is closed; no new jobs are accepted');
    // Fail fast while disconnected: BullMQ would otherwise wait for Redis to come back.
    await ensureRedisReady(this.producer, 'the job queue', this.commandTimeoutMs);
    await this.withinDeadline(
      this.queueFor(name).add(name, prepared.payload, bullmqOptions(prepared)),
      'enqueue',
    );
    return { jobId: prepared.jobId };
  }

  async enqueueMany<N extends JobName<C>>(
    name: N,
    jobs: readonly { payload: JobPayloadInput<C, N>; options?: EnqueueOptions }[],
  ): Promise<{ jobId: string }[]> {
    const prepared = jobs.map((job) => prepareJob(this.catalogue, name, job.payload, job.options));
    if (prepared.length === 0) return [];
    if (!this.accepting) throw new QueueUnavailableError('the job queue is closed; no new jobs are accepted');
    await ensureRedisReady(this.producer, 'the job queue', this.commandTimeoutMs);
    // One MULTI for all of them: one write and one reply instead of one round trip per job.
    await this.withinDeadline(
      this.queueFor(name).addBulk(
        prepared.map((job) => ({ name, data: job.payload, opts: bullmqOptions(job) })),
      ),
      `enqueue of ${prepared.length} jobs`,
    );
    return prepared.map((job) => ({ jobId: job.jobId }));
  }

  private async withinDeadline(adding: Promise<unknown>, what: string): Promise<void> {
    try {
      await withDeadline(
        adding,
        this.commandTimeoutMs,
        `the job queue is unavailable: ${what} took over ${this.commandTimeoutMs} ms`,
      );
    } catch (error) {
      throw asUnavailable(error, 'the job queue');
    }
  }

  process<N extends JobName<C>>(name: N, handler: JobHandler<C, N>, options: ProcessOptions = {}): void {
    const definition = definitionOf(this.catalogue, name);
    if (this.handled.has(name)) throw new Error(`a handler for job ${name} is already registered`);
    if (this.closing)
      throw new QueueUnavailableError('the job queue is closing; no handlers can be registered');
    this.handled.add(name);
    const { logger, prefix } = this.options;
    const connection = openRedis({
      url: this.options.redisUrl,
      role: 'blocking',
      name: `${prefix}:worker:${name}`,
      logger,
    });
    const concurrency = validConcurrency(options.concurrency);
    // Assigned below: the worker exists once the processor it runs does.
    let worker: Worker | undefined;
    const lending: SlotLending = new SlotLending(concurrency, (lent) => {
      if (!worker) return;
      const raised = lent > worker.concurrency - concurrency;
      worker.concurrency = concurrency + lent;
      // Only a loop with every slot at work before this one was lent is asleep on them.
      if (raised && lending.working >= concurrency - 1) wakeFetchLoop(worker);
    });
    const processor = async (job: Job, token?: string): Promise<void> => {
      // A worker that is pausing can still hand over a job it was fetching at that moment.
      if (this.pausing) return this.handBack(job, token);
      const parsed = definition.payload.safeParse(job.data);
      if (!parsed.success) {
        // A job written by an older or broken producer: retrying cannot fix it.
        throw new UnrecoverableError(`invalid payload for job ${name}: ${parsed.error.message}`);
      }
      const jobLending = lending.forJob();
      const context = {
        jobId: job.id ?? '',
        name,
        attempt: job.attemptsMade + 1,
        maxAttempts: definition.attempts,
        lendSlot: jobLending.lend,
        hasSpareHandlers: jobLending.hasSpareHandlers,
      };
      try {
        await this.inFlight.run(definition, context, (ctx) => handler(parsed.data as JobPayload<C, N>, ctx));
      } catch (error) {
        if (error instanceof JobReturnedError) return this.handBack(job, token);
        if (error instanceof NonRetryableJobError) throw new UnrecoverableError(error.message);
        throw error;
      } finally {
        jobLending.end();
      }
    };
    worker = new Worker(name, processor, {
      connection,
      prefix,
      concurrency,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.stalledIntervalMs ?? 10_000,
      maxStalledCount: this.options.maxStalledCount ?? 2,
    });
    worker.on('error', (error) => logger.warn({ job: name, err: error }, 'queue worker error'));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final = job.finishedOn !== undefined || job.attemptsMade >= definition.attempts;
      const log = { job: name, job_id: job.id, attempt: job.attemptsMade, err: error };
      if (final) logger.error(log, 'job failed for good');
      else logger.warn(log, 'job attempt failed; retrying');
    });
    this.workers.push({ worker, connection });
  }

  async counts(name: JobName<C>): Promise<QueueCounts> {
    definitionOf(this.catalogue, name);
    await ensureRedisReady(this.producer, 'the job queue', this.commandTimeoutMs);
    try {
      const counts = await this.queueFor(name).getJobCounts('wait', 'prioritized', 'active', 'delayed');
      return {
        waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
      };
    } catch (error) {
      throw asUnavailable(error, 'the job queue');
    }
  }

  isHealthy(): boolean {
    return this.closing === undefined && this.producer.status === 'ready';
  }

  pause(): Promise<void> {
    // Stop fetching without waiting for active jobs: that wait is close's, and bounded.
    this.pausing ??= Promise.all(this.workers.map(({ worker }) => settle(worker.pause(true), 2_000))).then(
      () => {},
    );
    return this.pausing;
  }

  close(options?: CloseOptions): Promise<CloseResult> {
    this.closing ??= this.shutdown(options);
    return this.closing;
  }

  /**
   * Give a delivered job back untouched: to the front of the waiting list, no attempt
   * counted, no backoff; BullMQ's WaitingError tells its worker that the job has moved.
   */
  private async handBack(job: Job, token: string | undefined): Promise<never> {
    await job.moveToWait(token);
    throw new WaitingError();
  }

  private async shutdown(options?: CloseOptions): Promise<CloseResult> {
    const { logger } = this.options;
    await this.pause();
    const abandoned = await this.inFlight.drain(options);
    this.accepting = false;
    if (abandoned > 0) {
      // Their jobs keep their locks until those expire; then another worker's stalled check
      // hands them back to the queue, exactly as after a crash.
      logger.warn({ abandoned }, 'queue closed with handlers still running');
    }
    await Promise.all(this.workers.map(({ worker }) => settle(worker.close(abandoned > 0), 5_000)));
    await Promise.all([...this.queues.values()].map((queue) => settle(queue.close(), 2_000)));
    await Promise.all(
      [this.producer, ...this.workers.map((w) => w.connection)].map((redis) => closeRedis(redis)),
    );
    return { abandoned };
  }

  private queueFor(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.options.prefix });
      queue.on('error', (error) =>
        this.options.logger.warn({ job: name, err: error }, 'queue producer error'),
      );
      this.queues.set(name, queue);
      // BullMQ initialises a queue once; if that fails (Redis dropped at that moment) the
      // Queue object stays broken, so forget it and build a fresh one next time.
      queue.waitUntilReady().catch(() => {
        if (this.queues.get(name) === queue) this.queues.delete(name);
        void queue?.close().catch(() => {});
      });
    }
    return queue;
  }
}

/** How BullMQ is to keep a job: the catalogue's retries, and deleted once finished. */
function bullmqOptions(job: PreparedJob): JobsOptions {
  return {
    jobId: job.jobId,
    delay: job.delayMs,
    attempts: job.definition.attempts,
    backoff: { type: job.definition.backoff.type, delay: job.definition.backoff.delayMs },
    // Finished jobs are deleted so their id is free again (see EnqueueOptions.jobId); the
    // runs table, not Redis, keeps the history.
    removeOnComplete: true,
    removeOnFail: true,
  };
}

async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(message)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wait for a cleanup step, but not forever and not failing: shutdown must go on. */
async function settle(promise: Promise<unknown>, ms: number): Promise<void> {
  await withDeadline(promise, ms, 'cleanup timed out').catch(() => {});
}

/**
 * BullMQ's fetch loop reads its concurrency only when it wakes: when a job is fetched or ends.
 * A slot lent while every other slot is at work would go unused until then, so the loop is
 * woken with an empty result, which it skips before it fetches again. The loop's queue is internal
 * to BullMQ: without it lending still works, from the loop's next wake-up on (the queue
 * contract's lending test tells which).
 */
function wakeFetchLoop(worker: Worker): void {
  const loop = (worker as unknown as { mainLoopQueue?: { add(value: Promise<undefined>): void } | null })
    .mainLoopQueue;
  loop?.add(Promise.resolve(undefined));
}
