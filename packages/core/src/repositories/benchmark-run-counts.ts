/** SQL that counts and lists a benchmark's runs by status, for progress and for the driver's decisions. */
import { type RunStatus, TERMINAL_RUN_STATUSES } from '@tfbench/domain/model';
import { and, count, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';
import { countRows } from './rows.js';
import { selectRunIds } from './runs.js';

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
export function countInFlightBenchmarkRuns(db: Executor, benchmarkId: number): Promise<number> {
  const inFlight = and(inArray(runs.status, ['pending', 'running']), isNotNull(runs.dispatched_at));
  return countRows(db, runs, and(eq(runs.benchmark_id, benchmarkId), inFlight));
}

/** Ids of a benchmark's runs in one status, lowest first. */
export function selectRunIdsOfBenchmarkByStatus(
  db: Executor,
  benchmarkId: number,
  status: RunStatus,
): Promise<number[]> {
  return selectRunIds(db, and(eq(runs.benchmark_id, benchmarkId), eq(runs.status, status)));
}

/** Measured runs of a benchmark that have ended (any terminal status): how far it has got. */
export function countEndedMeasuredRuns(db: Executor, benchmarkId: number): Promise<number> {
  const endedMeasured = and(eq(runs.is_warmup, false), inArray(runs.status, [...TERMINAL_RUN_STATUSES]));
  return countRows(db, runs, and(eq(runs.benchmark_id, benchmarkId), endedMeasured));
}
