/**
 * What keeps runs alive across crashes and restarts: the holder's heartbeats, the takeover
 * of runs whose holder stopped heart-beating, and the reconciler's view of the work that
 * belongs in the queue. Staleness is measured on the database clock (`now()`), so
 * processes on different machines agree.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Run, runs } from '../db/schema.js';
import { updateRowWhere } from './rows.js';
import { selectRunIds } from './runs.js';

/** `now() - <ms> milliseconds`, for staleness and age conditions. */
function msAgo(ms: number): SQL {
  return sql`now() - make_interval(secs => ${ms / 1000})`;
}

/** A running run whose holder has not heart-beaten for `staleAfterMs` (or never did). */
function isOrphaned(staleAfterMs: number): SQL | undefined {
  return and(
    eq(runs.status, 'running'),
    or(isNull(runs.heartbeat_at), lt(runs.heartbeat_at, msAgo(staleAfterMs))),
  );
}

/**
 * Take over a running run whose holder stopped heart-beating. Exactly one recoverer wins;
 * undefined when the run is not running or its holder is still alive.
 */
export function claimOrphanedRun(
  db: Executor,
  runId: number,
  workerId: string,
  staleAfterMs: number,
): Promise<Run | undefined> {
  const takeover = {
    worker_id: workerId,
    heartbeat_at: sql`now()`,
    executions: sql`${runs.executions} + 1`,
    updated_at: sql`now()`,
  };
  return updateRowWhere(db, runs, takeover, and(eq(runs.id, runId), isOrphaned(staleAfterMs)));
}

/** Milliseconds until a running run's heartbeat goes stale (<= 0: already stale). */
export async function msUntilStale(
  db: Executor,
  runId: number,
  staleAfterMs: number,
): Promise<number | null> {
  const [row] = await db
    .select({
      ms: sql<
        number | null
      >`extract(epoch from (${runs.heartbeat_at} + make_interval(secs => ${staleAfterMs / 1000}) - now())) * 1000`.mapWith(
        (v) => (v === null ? null : Number(v)),
      ),
    })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.status, 'running')));
  return row ? (row.ms ?? 0) : null;
}

/** The holder's heartbeat for the runs it executes; runs taken over by someone else are left alone. */
export async function bumpHeartbeats(db: Executor, runIds: number[], workerId: string): Promise<void> {
  if (runIds.length === 0) return;
  await db
    .update(runs)
    .set({ heartbeat_at: sql`now()`, updated_at: sql`now()` })
    .where(and(inArray(runs.id, runIds), eq(runs.status, 'running'), eq(runs.worker_id, workerId)));
}

/**
 * Pending runs that should be in the queue and are older than `minAgeMs`: every dispatched
 * run, and every run outside a benchmark (a benchmark's undispatched runs wait for its driver).
 */
export function selectPendingRunsToQueue(
  db: Executor,
  minAgeMs: number,
  limit: number,
  afterId = 0,
): Promise<Pick<Run, 'id' | 'intended_start_at' | 'benchmark_id'>[]> {
  return db
    .select({ id: runs.id, intended_start_at: runs.intended_start_at, benchmark_id: runs.benchmark_id })
    .from(runs)
    .where(
      and(
        eq(runs.status, 'pending'),
        gt(runs.id, afterId),
        or(isNotNull(runs.dispatched_at), isNull(runs.benchmark_id)),
        lt(sql`coalesce(${runs.dispatched_at}, ${runs.created_at})`, msAgo(minAgeMs)),
      ),
    )
    .orderBy(runs.id)
    .limit(limit);
}

/** Running runs whose holder stopped heart-beating. */
export function selectOrphanedRunIds(db: Executor, staleAfterMs: number, limit: number): Promise<number[]> {
  return selectRunIds(db, isOrphaned(staleAfterMs), limit);
}

/**
 * Declare every running run orphaned (heartbeat cleared). Only for a process that knows no
 * other process can hold a run: the embedded database at start-up, which PGlite opens for
 * one process only.
 */
export async function orphanAllRunningRuns(db: Executor): Promise<number> {
  const rows = await db
    .update(runs)
    .set({ heartbeat_at: null, updated_at: sql`now()` })
    .where(eq(runs.status, 'running'))
    .returning({ id: runs.id });
  return rows.length;
}

/** Runs by status among pending-but-queued and running, for comparing with the queue's job counts. */
export async function countQueuedWork(db: Executor): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(runs)
    .where(
      or(
        eq(runs.status, 'running'),
        and(eq(runs.status, 'pending'), or(isNotNull(runs.dispatched_at), isNull(runs.benchmark_id))),
      ),
    );
  return row?.n ?? 0;
}
