/** SQL that ends a benchmark's runs without executing them, or flags running ones for cancellation. */
import { and, asc, eq, gt, gte, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';
import { BENCHMARK_RUN_INSERT_CHUNK } from './benchmark-runs-create.js';

/** Error codes the benchmark engine writes on runs it ends without executing them. */
export const BENCHMARK_RUN_ERROR_CODES = {
  /** Open arrival: no concurrency slot within max_lag_s of the intended send time. */
  dropped: 'ARRIVAL_DROPPED',
  /** duration_s elapsed before the run was started. */
  durationElapsed: 'BENCHMARK_DURATION_ELAPSED',
  /** The benchmark was cancelled before the run was started. */
  cancelled: 'BENCHMARK_CANCELLED',
  /** The benchmark's runs had cost its max_cost_usd before the run was started. */
  costCapReached: 'BENCHMARK_COST_CAP_REACHED',
  /** One of the benchmark's stop_on conditions held before the run was started. */
  stopConditionMet: 'BENCHMARK_STOP_CONDITION_MET',
  /** The benchmark's until_ci_halfwidth interval was narrow enough before the run was started. */
  precisionReached: 'BENCHMARK_PRECISION_REACHED',
} as const;

export interface EndRunsOptions {
  error_code: string;
  error: string;
  /** Only runs not yet dispatched (the driver still holds them). */
  undispatchedOnly?: boolean;
  /** Only measured runs intended to start at or after this instant. */
  intendedAtOrAfter?: Date;
}

/**
 * Ends pending runs of a benchmark without executing them: status `cancelled` with the given
 * error code. Returns the ids. Runs a worker has already claimed (running) are not touched.
 * Runs are ended in slices of `chunk`, lowest id first, one statement each,
 * for the reason runs are created in slices (insertBenchmarkRuns): on PGlite one statement
 * over 100,000 runs froze the event loop for seconds. Call it inside a transaction so the
 * slices take effect together.
 */
export async function cancelPendingBenchmarkRuns(
  db: Executor,
  benchmarkId: number,
  options: EndRunsOptions,
  chunk = BENCHMARK_RUN_INSERT_CHUNK,
): Promise<number[]> {
  const conditions: SQL[] = [eq(runs.benchmark_id, benchmarkId), eq(runs.status, 'pending')];
  if (options.undispatchedOnly) conditions.push(isNull(runs.dispatched_at));
  if (options.intendedAtOrAfter) conditions.push(gte(runs.intended_start_at, options.intendedAtOrAfter));
  const ended: number[] = [];
  let after = 0;
  for (;;) {
    // The id of the chunk-th run to end: the slice is every matching run up to it.
    const [boundary] = await db
      .select({ id: runs.id })
      .from(runs)
      .where(and(...conditions, gt(runs.id, after)))
      .orderBy(asc(runs.id))
      .offset(chunk - 1)
      .limit(1);
    const slice = [gt(runs.id, after), ...(boundary ? [lte(runs.id, boundary.id)] : [])];
    const rows = await db
      .update(runs)
      .set({
        status: 'cancelled',
        error_code: options.error_code,
        error: options.error,
        finished_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where(and(...conditions, ...slice))
      .returning({ id: runs.id });
    for (const row of rows) ended.push(row.id);
    if (!boundary) return ended;
    after = boundary.id;
  }
}

/** Ends one run that is still pending, as cancelled with a code; false when it was no longer pending. */
export async function endPendingRun(
  db: Executor,
  runId: number,
  values: { error_code: string; error: string },
): Promise<boolean> {
  const rows = await db
    .update(runs)
    .set({ status: 'cancelled', ...values, finished_at: sql`now()`, updated_at: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'pending')))
    .returning({ id: runs.id });
  return rows.length > 0;
}

/**
 * Flags the benchmark's running runs for cancellation; the worker holding each one sees the
 * flag and cancels upstream. Returns the ids flagged.
 */
export async function requestCancelOfRunningBenchmarkRuns(
  db: Executor,
  benchmarkId: number,
  reason: string,
): Promise<number[]> {
  const rows = await db
    .update(runs)
    .set({ cancel_requested_at: sql`now()`, cancel_reason: reason, updated_at: sql`now()` })
    .where(
      and(eq(runs.benchmark_id, benchmarkId), eq(runs.status, 'running'), isNull(runs.cancel_requested_at)),
    )
    .returning({ id: runs.id });
  return rows.map((row) => row.id);
}
