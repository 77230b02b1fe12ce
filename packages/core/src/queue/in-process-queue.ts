/**
 * The queue of the embedded default: no Redis, jobs live in this process's memory.
 *
 * It is not durable by itself, and pretends nothing else: jobs waiting or delayed when the
 * process stops are gone. Durability on the embedded default comes from the runs table: at
 * start the engine re-enqueues every `pending` run (and reconciles runs left `running`), so a
 * restart loses no run. Everything else — concurrency per name, attempts and backoff from
 * the catalogue, dedupe by job id, delayed jobs, graceful close — behaves as with BullMQ.
 */
import {
  backoffDelayMs,
  type Catalogue,
  type JobCatalogue,
  type JobDefinition,
  type JobName,
  type JobPayloadInput,
} from './catalogue.js';
import { JobPayloadError, JobReturnedError, NonRetryableJobError, QueueUnavailableError } from './errors.js';
import { definitionOf, InFlightJobs, prepareJob } from './job-runner.js';
import { SlotLending } from './slot-lending.js';
import type {
  CloseOptions,
  CloseResult,
  EnqueueOptions,
  JobContext,
  JobHandler,
  JobQueue,
  Logger,
  ProcessOptions,
  QueueCounts,
} from './types.js';

interface Job {
  name: string;
  id: string;
  payload: unknown;
  failedAttempts: number;
  state: 'waiting' | 'delayed' | 'active';
  timer?: NodeJS.Timeout;
}

interface Lane {
  definition: JobDefinition;
  waiting: Job[];
  active: number;
  concurrency: number;
  /** Slots its waiting handlers lent (JobContext.lendSlot): it takes that many more jobs. */
  lent: number;
  lending: SlotLending;
  handler?: (payload: unknown, context: JobContext) => Promise<void>;
}

export class InProcessQueue<C extends Catalogue = JobCatalogue> implements JobQueue<C> {
  readonly kind = 'in-process' as const;
  private readonly lanes = new Map<string, Lane>();
  /** Live jobs (waiting, delayed, active) by name and id: the dedupe index. */
  private readonly live = new Map<string, Job>();
  private readonly inFlight = new InFlightJobs();
  private closing: Promise<CloseResult> | undefined;
  private paused = false;
  /** False once close has drained the handlers: from then on enqueue fails. */
  private accepting = true;

  constructor(
    private readonly catalogue: C,
    private readonly logger: Logger,
  ) {}

  async enqueue<N extends JobName<C>>(
    name: N,
    payload: JobPayloadInput<C, N>,
    options?: EnqueueOptions,
  ): Promise<{ jobId: string }> {
    const prepared = prepareJob(this.catalogue, name, payload, options);
    // While close drains, handlers may still enqueue their follow-up work (as with BullMQ);
    // here it waits with the other jobs and goes with the process (see the module comment).
    if (!this.accepting) throw new QueueUnavailableError('the queue is closed; no new jobs are accepted');
    const key = liveKey(name, prepared.jobId);
    if (this.live.has(key)) return { jobId: prepared.jobId };
    const job: Job = {
      name,
      id: prepared.jobId,
      payload: prepared.payload,
      failedAttempts: 0,
      state: 'waiting',
    };
    this.live.set(key, job);
    if (prepared.delayMs > 0) this.delay(job, prepared.delayMs);
    else this.makeReady(job);
    return { jobId: prepared.jobId };
  }

  async enqueueMany<N extends JobName<C>>(
    name: N,
    jobs: readonly { payload: JobPayloadInput<C, N>; options?: EnqueueOptions }[],
  ): Promise<{ jobId: string }[]> {
    // Every payload is checked before any job is added, as the BullMQ adapter does.
    for (const job of jobs) prepareJob(this.catalogue, name, job.payload, job.options);
    const added: { jobId: string }[] = [];
    for (const job of jobs) added.push(await this.enqueue(name, job.payload, job.options));
    return added;
  }

  process<N extends JobName<C>>(name: N, handler: JobHandler<C, N>, options: ProcessOptions = {}): void {
    const lane = this.lane(name);
    if (lane.handler) throw new Error(`a handler for job ${name} is already registered`);
    if (this.closing) throw new QueueUnavailableError('the queue is closing; no handlers can be registered');
    lane.handler = handler as (payload: unknown, context: JobContext) => Promise<void>;
    lane.concurrency = validConcurrency(options.concurrency);
    lane.lending = this.lendingOf(lane);
    this.pump(lane);
  }

  async counts(name: JobName<C>): Promise<QueueCounts> {
    const lane = this.lane(name);
    let delayed = 0;
    for (const job of this.live.values()) if (job.name === name && job.state === 'delayed') delayed += 1;
    return { waiting: lane.waiting.length, active: lane.active, delayed };
  }

  isHealthy(): boolean {
    return this.closing === undefined;
  }

  async pause(): Promise<void> {
    this.paused = true;
  }

  close(options?: CloseOptions): Promise<CloseResult> {
    this.closing ??= this.shutdown(options);
    return this.closing;
  }

  private async shutdown(options?: CloseOptions): Promise<CloseResult> {
    // Waiting and delayed jobs are dropped: the runs table still says `pending`, and the
    // next start re-enqueues them.
    for (const job of this.live.values()) clearTimeout(job.timer);
    for (const lane of this.lanes.values()) lane.waiting.length = 0;
    this.paused = true;
    const abandoned = await this.inFlight.drain(options);
    this.accepting = false;
    if (abandoned > 0) this.logger.warn({ abandoned }, 'queue closed with handlers still running');
    return { abandoned };
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = {
        definition: definitionOf(this.catalogue, name),
        waiting: [],
        active: 0,
        concurrency: 1,
        lent: 0,
        lending: new SlotLending(0, () => {}),
      };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private lendingOf(lane: Lane): SlotLending {
    return new SlotLending(lane.concurrency, (lent) => {
      lane.lent = lent;
      this.pump(lane);
    });
  }

  private delay(job: Job, ms: number): void {
    job.state = 'delayed';
    job.timer = setTimeout(() => {
      job.timer = undefined;
      this.makeReady(job);
    }, ms);
  }

  private makeReady(job: Job): void {
    if (this.closing) return;
    job.state = 'waiting';
    const lane = this.lane(job.name);
    lane.waiting.push(job);
    this.pump(lane);
  }

  /** Start waiting jobs while the lane has free handlers. */
  private pump(lane: Lane): void {
    while (!this.closing && !this.paused && lane.handler && lane.active < lane.concurrency + lane.lent) {
      const job = lane.waiting.shift();
      if (!job) return;
      void this.runJob(lane, lane.handler, job);
    }
  }

  private async runJob(
    lane: Lane,
    handler: (payload: unknown, context: JobContext) => Promise<void>,
    job: Job,
  ): Promise<void> {
    lane.active += 1;
    job.state = 'active';
    const { definition } = lane;
    const lending = lane.lending.forJob();
    const context = {
      jobId: job.id,
      name: job.name,
      attempt: job.failedAttempts + 1,
      maxAttempts: definition.attempts,
      lendSlot: lending.lend,
      hasSpareHandlers: lending.hasSpareHandlers,
    };
    try {
      await this.inFlight.run(definition, context, (ctx) => handler(job.payload, ctx));
      this.live.delete(liveKey(job.name, job.id));
    } catch (error) {
      if (error instanceof JobReturnedError) this.giveBack(lane, job);
      else this.onFailure(lane, job, error);
    } finally {
      lending.end();
      lane.active -= 1;
      this.pump(lane);
    }
  }

  /**
   * A job its handler declined: back to the front, no attempt counted. While paused it waits
   * there; otherwise after the first backoff delay, so that a handler that keeps declining
   * cannot spin.
   */
  private giveBack(lane: Lane, job: Job): void {
    if (this.paused) {
      job.state = 'waiting';
      lane.waiting.unshift(job);
      return;
    }
    this.delay(job, backoffDelayMs(lane.definition.backoff, 1));
  }

  private onFailure(lane: Lane, job: Job, error: unknown): void {
    job.failedAttempts += 1;
    const final =
      error instanceof NonRetryableJobError ||
      error instanceof JobPayloadError ||
      job.failedAttempts >= lane.definition.attempts ||
      this.closing !== undefined;
    const log = { job: job.name, job_id: job.id, attempt: job.failedAttempts, err: error };
    if (final) {
      this.live.delete(liveKey(job.name, job.id));
      this.logger.error(log, 'job failed for good');
      return;
    }
    this.logger.warn(log, 'job attempt failed; retrying');
    this.delay(job, backoffDelayMs(lane.definition.backoff, job.failedAttempts));
  }
}

function liveKey(name: string, jobId: string): string {
  return `${name}\u0000${jobId}`;
}

export function validConcurrency(concurrency = 1): number {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a whole number >= 1, got ${concurrency}`);
  }
  return concurrency;
}
