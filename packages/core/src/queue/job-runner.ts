/**
 * The parts of running a job that both adapters share, so that they validate, time out and
 * shut down in exactly the same way.
 */
import { randomUUID } from 'node:crypto';
import type { Catalogue, JobDefinition } from './catalogue.js';
import { JobAbortError, JobPayloadError } from './errors.js';
import type { CloseOptions, EnqueueOptions, JobContext } from './types.js';

// BullMQ refuses ids that contain ':' (its key separator) or look like integers (they would
// collide with its own counters); the in-process adapter applies the same rule.
const JOB_ID = /^(?!\d+$)[^:]{1,200}$/;

export interface PreparedJob {
  definition: JobDefinition;
  payload: unknown;
  jobId: string;
  delayMs: number;
}

/** Check a job before it is enqueued: known name, valid payload, valid id and delay. */
export function prepareJob(
  catalogue: Catalogue,
  name: string,
  payload: unknown,
  options: EnqueueOptions = {},
): PreparedJob {
  const definition = definitionOf(catalogue, name);
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    throw new JobPayloadError(
      `invalid payload for job ${name}: ${parsed.error.message}`,
      parsed.error.issues,
    );
  }
  const jobId = options.jobId ?? definition.jobId?.(parsed.data) ?? `job-${randomUUID()}`;
  if (!JOB_ID.test(jobId)) {
    throw new JobPayloadError(
      `invalid job id ${JSON.stringify(jobId)}: 1-200 characters, no ':', not all digits`,
    );
  }
  const delayMs = options.delayMs ?? 0;
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new JobPayloadError(`invalid delayMs ${delayMs} for job ${name}: must be a number >= 0`);
  }
  return { definition, payload: parsed.data, jobId, delayMs: Math.round(delayMs) };
}

export function definitionOf(catalogue: Catalogue, name: string): JobDefinition {
  const definition = Object.hasOwn(catalogue, name) ? catalogue[name] : undefined;
  if (!definition) throw new JobPayloadError(`unknown job name ${JSON.stringify(name)}`);
  return definition;
}

export const DEFAULT_GRACE_MS = 30_000;
export const DEFAULT_ABORT_GRACE_MS = 5_000;

interface RunningJob {
  controller: AbortController;
  settled: Promise<void>;
}

/**
 * The handlers running in this process, so that close() can wait for them, abort them and
 * count the ones that would not stop.
 */
export class InFlightJobs {
  private readonly running = new Set<RunningJob>();

  get size(): number {
    return this.running.size;
  }

  /**
   * Run one attempt of a handler. Rejects with `JobAbortError('timeout')` when the attempt
   * outlives `timeoutMs`: the signal aborts so a cooperative handler stops, and the attempt
   * fails without waiting for a handler that ignores its signal.
   */
  async run(
    definition: JobDefinition,
    context: Omit<JobContext, 'signal'>,
    handler: (context: JobContext) => Promise<void>,
  ): Promise<void> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new JobAbortError(
          'timeout',
          `job ${context.name} ${context.jobId} attempt ${context.attempt} timed out after ${definition.timeoutMs} ms`,
        );
        controller.abort(error);
        reject(error);
      }, definition.timeoutMs);
    });
    const work = Promise.resolve().then(() => handler({ ...context, signal: controller.signal }));
    const entry: RunningJob = { controller, settled: work.then(noop, noop) };
    this.running.add(entry);
    void entry.settled.then(() => this.running.delete(entry));
    try {
      await Promise.race([work, timedOut]);
    } finally {
      clearTimeout(timer);
      // A handler that ignored its timeout may still be running; it stays tracked until it
      // settles, so close() still waits for it.
    }
  }

  /**
   * Wait for in-flight handlers up to `graceMs`, abort the rest with reason `shutdown`, wait
   * `abortGraceMs` more, and return how many never settled.
   */
  async drain(options: CloseOptions = {}): Promise<number> {
    const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    const abortGraceMs = options.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS;
    if (await this.settledWithin(graceMs)) return 0;
    for (const job of this.running) {
      job.controller.abort(
        new JobAbortError('shutdown', 'the queue is closing and the grace period has passed'),
      );
    }
    await this.settledWithin(abortGraceMs);
    return this.running.size;
  }

  private async settledWithin(ms: number): Promise<boolean> {
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const all = Promise.all([...this.running].map((job) => job.settled)).then(() => true);
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      // Handlers that started while we waited are covered by the size check below.
      return (await Promise.race([all, late])) && this.running.size === 0;
    } finally {
      clearTimeout(timer);
    }
  }
}

function noop(): void {}
