/**
 * What the runs table says about a benchmark's measured runs: throughput over the window from
 * the first dispatch to the last terminal status, and where each run's time went. Every
 * instant is the database clock (`now()` in the engine's statements), read as epoch ms with
 * the microseconds the column keeps.
 */
import type { DatabaseHandle } from '@tfbench/core/db';
import { runs } from '@tfbench/core/db';
import { percentileOfSorted, sortedCopy } from '@tfbench/domain/statistics';
import { and, eq, type SQL, sql } from 'drizzle-orm';

/** One measured run's instants (epoch ms, database clock) and the client's own duration. */
export interface RunInstants {
  status: string;
  errorCode: string | null;
  dispatchedMs: number | null;
  startedMs: number | null;
  finishedMs: number | null;
  /** total_duration_ms: what the TinyFish client measured, request to COMPLETE. */
  clientMs: number | null;
}

/** A timestamp column (or expression) as epoch ms with its microseconds, or null. */
export const epochMs = (column: typeof runs.dispatched_at | SQL) =>
  sql<number | null>`extract(epoch from ${column}) * 1000`.mapWith((v: unknown) =>
    v === null ? null : Number(v),
  );

/** The columns of {@link RunInstants}, for queries that read more beside them. */
export const runInstantColumns = {
  status: runs.status,
  errorCode: runs.error_code,
  dispatchedMs: epochMs(runs.dispatched_at),
  startedMs: epochMs(runs.started_at),
  finishedMs: epochMs(runs.finished_at),
  clientMs: runs.total_duration_ms,
};

/** The measured (non-warm-up) runs of a benchmark. */
export async function readRunInstants(db: DatabaseHandle, benchmarkId: number): Promise<RunInstants[]> {
  return db.db
    .select(runInstantColumns)
    .from(runs)
    .where(and(eq(runs.benchmark_id, benchmarkId), eq(runs.is_warmup, false)));
}

export interface Distribution {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

export function distributionOf(samples: readonly number[]): Distribution {
  const sorted = sortedCopy(samples);
  const n = sorted.length;
  return {
    count: n,
    p50: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
    p99: percentileOfSorted(sorted, 0.99),
    max: n > 0 ? sorted[n - 1]! : null,
    mean: n > 0 ? sorted.reduce((s, v) => s + v, 0) / n : null,
  };
}

export interface EngineTimings {
  runs: number;
  completed: number;
  /** Runs that ended otherwise, by status and error code (e.g. `failed TOTAL_TIMEOUT`), or still open. */
  notCompleted: Record<string, number>;
  /** First dispatched_at to last finished_at, ms. */
  windowMs: number;
  /** Completed runs per second over that window. */
  runsPerSecond: number;
  /** started_at - dispatched_at: the driver's dispatch until a worker claimed the run. */
  dispatchMs: Distribution;
  /** The client's own request-to-COMPLETE time (total_duration_ms). */
  clientMs: Distribution;
  /**
   * (finished_at - started_at) - total_duration_ms: the worker's own time around the client
   * (reading the scenario, storing events and the outcome in one transaction).
   */
  workerOverheadMs: Distribution;
  /** finished_at - dispatched_at: how long a run held a slot of the benchmark. */
  residenceMs: Distribution;
  /**
   * Little's law: runs/s x mean residence. Below the concurrency by the slots that sat idle
   * between one run's end and the next one's dispatch (the after-run step of the driver).
   */
  effectiveInFlight: number;
}

export function summarizeRunInstants(rows: readonly RunInstants[]): EngineTimings {
  const notCompleted: Record<string, number> = {};
  const dispatch: number[] = [];
  const client: number[] = [];
  const overhead: number[] = [];
  const residence: number[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let completed = 0;
  for (const row of rows) {
    if (row.status === 'completed') completed++;
    else {
      const key = row.errorCode ? `${row.status} ${row.errorCode}` : row.status;
      notCompleted[key] = (notCompleted[key] ?? 0) + 1;
    }
    if (row.dispatchedMs !== null) first = Math.min(first, row.dispatchedMs);
    if (row.finishedMs !== null) last = Math.max(last, row.finishedMs);
    if (row.dispatchedMs !== null && row.startedMs !== null) dispatch.push(row.startedMs - row.dispatchedMs);
    if (row.dispatchedMs !== null && row.finishedMs !== null)
      residence.push(row.finishedMs - row.dispatchedMs);
    if (row.clientMs !== null) {
      client.push(row.clientMs);
      if (row.startedMs !== null && row.finishedMs !== null)
        overhead.push(row.finishedMs - row.startedMs - row.clientMs);
    }
  }
  const windowMs = Number.isFinite(first) && Number.isFinite(last) ? last - first : Number.NaN;
  const runsPerSecond = windowMs > 0 ? (1000 * completed) / windowMs : Number.NaN;
  const residenceMs = distributionOf(residence);
  return {
    runs: rows.length,
    completed,
    notCompleted,
    windowMs,
    runsPerSecond,
    dispatchMs: distributionOf(dispatch),
    clientMs: distributionOf(client),
    workerOverheadMs: distributionOf(overhead),
    residenceMs,
    effectiveInFlight: residenceMs.mean === null ? Number.NaN : (runsPerSecond * residenceMs.mean) / 1000,
  };
}
