/**
 * The one list of background jobs tfbench knows. Each entry fixes the payload schema, how
 * often a failed attempt is retried, the backoff between attempts and a timeout per attempt.
 *
 * Payloads carry ids only: the runs, benchmarks and scenarios tables are the source of truth,
 * so a job that is delivered twice, late, or after a restart reads the current state instead
 * of acting on a stale copy carried in the job.
 */
import { z } from 'zod';

/** Database ids are integer identities. */
const entityId = z.number().int().positive();

/** Wait between attempts: a constant delay, or `delayMs * 2^(attempt-1)` for exponential. */
export interface JobBackoff {
  type: 'fixed' | 'exponential';
  delayMs: number;
}

/** What the queue needs to know about one job name. */
export interface JobDefinition<Payload extends z.ZodType = z.ZodType> {
  payload: Payload;
  /** Total number of tries, the first included. */
  attempts: number;
  backoff: JobBackoff;
  /**
   * Longest one attempt may run. When it passes, the handler's signal aborts and the
   * attempt fails (and is retried if attempts remain). It is a backstop: handlers carry
   * their own, tighter deadlines (a run's `timeout_s`).
   */
  timeoutMs: number;
  /**
   * Default job id derived from the payload, so that enqueueing the same work twice while
   * the first job is still waiting or active adds nothing. `EnqueueOptions.jobId` overrides it.
   */
  // A method signature (not a property) so that a definition with a concrete payload type
  // still fits the generic `Catalogue` record.
  jobId?(payload: z.output<Payload>): string;
}

/** Any set of job definitions by name; `jobCatalogue` is the production one. */
export type Catalogue = Record<string, JobDefinition>;

/** Identity helper that keeps the payload schema's type for inference. */
export function defineJob<Payload extends z.ZodType>(
  definition: JobDefinition<Payload>,
): JobDefinition<Payload> {
  return definition;
}

export const jobCatalogue = {
  /** Execute one run: pending -> running -> a terminal status. */
  'run.execute': defineJob({
    // benchmark_id (null: none) is optional and only an id: with it a worker can admit and
    // claim a run without reading it first (execute-run.ts); jobs without it still work.
    // intended_start_ms (epoch ms, open arrivals) tells a worker how far ahead of its send the
    // job came, so that it may batch the claim with others (execute-run.ts).
    payload: z
      .object({
        run_id: entityId,
        benchmark_id: entityId.nullable().optional(),
        intended_start_ms: z.number().int().nonnegative().optional(),
      })
      .strict(),
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 2_000 },
    // Runs of slow web agents can last many minutes; the run's own timeout_s ends it sooner.
    timeoutMs: 60 * 60_000,
    // One live job per run: the start-up reconciler may re-enqueue a pending run that still
    // has a job, and that must not start it twice.
    jobId: (p) => `run-${p.run_id}`,
  }),
  /** Drive a benchmark: create and dispatch its runs at the requested concurrency or arrival rate. */
  'benchmark.drive': defineJob({
    payload: z.object({ benchmark_id: entityId }).strict(),
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 1_000 },
    // A driver lives as long as its benchmark; iterations and duration_s bound it first.
    timeoutMs: 24 * 60 * 60_000,
    jobId: (p) => `benchmark-${p.benchmark_id}`,
  }),
} as const satisfies Catalogue;

export type JobCatalogue = typeof jobCatalogue;
/** Job names of a catalogue (the production one by default). */
export type JobName<C extends Catalogue = JobCatalogue> = keyof C & string;
/** What a producer passes to `enqueue` for a job name. */
export type JobPayloadInput<C extends Catalogue, N extends JobName<C>> = z.input<C[N]['payload']>;
/** What a handler receives for a job name, after validation. */
export type JobPayload<C extends Catalogue, N extends JobName<C>> = z.output<C[N]['payload']>;

/** Delay before attempt `failedAttempts + 1`, after `failedAttempts` failures (>= 1). */
export function backoffDelayMs(backoff: JobBackoff, failedAttempts: number): number {
  if (backoff.type === 'fixed') return backoff.delayMs;
  return Math.round(backoff.delayMs * 2 ** (failedAttempts - 1));
}
