/** SQL that counts and lists a benchmark's runs by status, for progress and for the driver's decisions. */
import { type RunStatus, TERMINAL_RUN_STATUSES } from '@tfbench/domain/model';
import { and, asc, count, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';

export interface BenchmarkRunCount {
  benchmark_id: number;
  status: RunStatus;
  is_warmup: boolean;
  count: number;
}

/** Runs of some benchmarks per (benchmark, status, is_warmup), in one grouped query. */
export async function countRunsOfBenchmarksByStatus(
  db: Executor,
  benchmarkIds: readonly number[],
): Promise<BenchmarkRunCount[]> {
  if (benchmarkIds.length === 0) return [];
  const rows = await db
    .select({
      benchmark_id: runs.benchmark_id,
      status: runs.status,
      is_warmup: runs.is_warmup,
      count: count(),
    })
    .from(runs)
    .where(inArray(runs.benchmark_id, [...benchmarkIds]))
    .groupBy(runs.benchmark_id, runs.status, runs.is_warmup);
  return rows.map((row) => ({ ...row, benchmark_id: row.benchmark_id as number }));
}

/** Runs of one benchmark per (status, is_warmup). */
export function countBenchmarkRunsByStatus(db: Executor, benchmarkId: number): Promise<BenchmarkRunCount[]> {
  return countRunsOfBenchmarksByStatus(db, [benchmarkId]);
}

/**
 * Runs of a benchmark handed to the queue and not yet ended: what counts against its
 * concurrency. Served by runs_benchmark_in_flight_idx, so it reads those runs only.
 */
export async function countInFlightBenchmarkRuns(db: Executor, benchmarkId: number): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(runs)
    .where(
      and(
        eq(runs.benchmark_id, benchmarkId),
        inArray(runs.status, ['pending', 'running']),
        isNotNull(runs.dispatched_at),
      ),
    );
  return row?.total ?? 0;
}

/** Ids of a benchmark's runs in one status, lowest first. */
export async function selectRunIdsOfBenchmarkByStatus(
  db: Executor,
  benchmarkId: number,
  status: RunStatus,
): Promise<number[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.benchmark_id, benchmarkId), eq(runs.status, status)))
    .orderBy(asc(runs.id));
  return rows.map((row) => row.id);
}

/** Measured runs of a benchmark that have ended (any terminal status): how far it has got. */
export async function countEndedMeasuredRuns(db: Executor, benchmarkId: number): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(runs)
    .where(
      and(
        eq(runs.benchmark_id, benchmarkId),
        eq(runs.is_warmup, false),
        inArray(runs.status, [...TERMINAL_RUN_STATUSES]),
      ),
    );
  return row?.count ?? 0;
}
