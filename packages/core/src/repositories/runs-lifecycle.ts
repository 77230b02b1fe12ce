/**
 * A run's state changes on the engine's path: marked dispatched, claimed (pending ->
 * running), reset, cancelled, and its upstream identity recorded. Every state change is one
 * conditional UPDATE that names the state it expects (`WHERE id = $1 AND status = 'pending'`),
 * so a job delivered twice, a second worker or a late writer can never execute a run twice or
 * overwrite a terminal status: the loser's UPDATE matches no row and it learns so from the
 * empty RETURNING. Times come from the database clock (`now()`), so processes on different
 * machines agree. Finishing a run is in runs-finish.ts, heartbeats and takeover in
 * runs-recovery.ts.
 */

import type { RunStatus } from '@tfbench/domain/model';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';
import { fixedStatement, runFixed } from '../db/fixed-statement.js';
import { type Run, run_event_batches, runs } from '../db/schema.js';
import { arrayLiteral } from './array-literal.js';
import { dateOrNull, numberOf, numberOrNull } from './row-values.js';
import { wholeRows } from './table-row.js';

/** Whole runs rows, as claims return them. */
const runRows = wholeRows(runs);

const MARK_DISPATCHED = fixedStatement(
  'runs_mark_dispatched',
  `update runs set dispatched_at = coalesce(dispatched_at, now()), updated_at = now()
   where id = $1 and status = 'pending'
   returning id, intended_start_at, benchmark_id`,
);

/** Mark a pending run as handed to the queue (idempotent). Undefined when it is not pending. */
export async function markRunDispatched(
  db: Executor,
  runId: number,
): Promise<Pick<Run, 'id' | 'intended_start_at' | 'benchmark_id'> | undefined> {
  const [row] = await runFixed(db, MARK_DISPATCHED, [runId]);
  if (!row) return undefined;
  return {
    id: numberOf(row.id),
    intended_start_at: dateOrNull(row.intended_start_at),
    benchmark_id: numberOrNull(row.benchmark_id),
  };
}

/**
 * Where a run's queue wait starts: the intended send time of an open-arrival benchmark run,
 * the dispatch of a closed-arrival benchmark run (it waited for a free slot before that, by
 * design), and the creation of any other run.
 */
const QUEUE_WAIT_ORIGIN = `case
  when intended_start_at is not null then intended_start_at
  when benchmark_id is not null and dispatched_at is not null then dispatched_at
  else created_at end`;

/**
 * The claim. The ids are row-locked in id order first (the subquery): two processes claiming
 * overlapping sets (a job delivered twice) then wait for each other instead of deadlocking.
 */
const CLAIM = fixedStatement(
  'runs_claim_pending',
  `update runs set
     status = 'running', started_at = now(), actual_start_at = now(),
     queue_wait_ms = greatest(0, extract(epoch from (now() - ${QUEUE_WAIT_ORIGIN})) * 1000),
     worker_id = $2, heartbeat_at = now(), executions = executions + 1, updated_at = now()
   where id in (select id from runs where id = any($1::integer[]) and status = 'pending' order by id for update)
     and status = 'pending'
   returning ${runRows.columns('runs')}`,
);

/**
 * pending -> running for those of `runIds` that are pending, each for exactly one worker
 * (the row locks decide between racing claimers; the loser finds the run no longer pending);
 * returns the claimed rows.
 */
export async function claimPendingRuns(
  db: Executor,
  runIds: readonly number[],
  workerId: string,
): Promise<Run[]> {
  if (runIds.length === 0) return [];
  const rows = await runFixed(db, CLAIM, [arrayLiteral(runIds.map(String)), workerId]);
  return rows.map(runRows.fromRow);
}

/**
 * A run that never reached upstream (no upstream id) goes back to pending, with the events
 * of the abandoned attempt removed, so it can be executed again from a clean slate.
 */
export async function resetUnstartedRun(
  db: Executor,
  runId: number,
  workerId: string,
): Promise<Run | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({
        status: 'pending',
        started_at: null,
        actual_start_at: null,
        queue_wait_ms: null,
        worker_id: null,
        heartbeat_at: null,
        updated_at: sql`now()`,
      })
      .where(
        and(
          eq(runs.id, runId),
          eq(runs.status, 'running'),
          eq(runs.worker_id, workerId),
          isNull(runs.upstream_run_id),
        ),
      )
      .returning();
    if (row) await tx.delete(run_event_batches).where(eq(run_event_batches.run_id, runId));
    return row;
  });
}

/** A run's upstream id and live-view URL, as far as they are known, and who reported them. */
export interface UpstreamIdentity {
  run_id: number;
  /** The provider executing the run. */
  provider?: string | undefined;
  upstream_run_id?: string | undefined;
  streaming_url?: string | undefined;
}

/**
 * Record the upstream's id and live-view URL of runs as soon as they are known, first value
 * winning, in one statement (one entry per run: merge first). Runs no longer running are
 * left alone.
 */
export async function recordUpstreamIdentities(
  db: Executor,
  identities: readonly UpstreamIdentity[],
): Promise<void> {
  if (identities.length === 0) return;
  const rows = JSON.stringify(
    identities.map((i) => ({
      run_id: i.run_id,
      provider: i.provider ?? null,
      upstream_run_id: i.upstream_run_id ?? null,
      streaming_url: i.streaming_url ?? null,
    })),
  );
  await runFixed(db, RECORD_IDENTITIES, [rows]);
}

const RECORD_IDENTITIES = fixedStatement(
  'runs_record_identities',
  `update runs
   set provider = coalesce(runs.provider, v.provider),
       upstream_run_id = coalesce(runs.upstream_run_id, v.upstream_run_id),
       streaming_url = coalesce(runs.streaming_url, v.streaming_url),
       updated_at = now()
   from jsonb_to_recordset($1::jsonb) as v(run_id integer, provider text, upstream_run_id text, streaming_url text)
   where runs.id = v.run_id and runs.status = 'running'`,
);

/** pending -> cancelled at once (no worker holds it). */
export function cancelPendingRun(db: Executor, runId: number, reason: string): Promise<Run | undefined> {
  return updateRunInStatus(db, runId, 'pending', {
    status: 'cancelled',
    finished_at: sql`now()`,
    error: `cancelled before it started: ${reason}`,
    error_code: 'CANCELLED',
    cancel_requested_at: sql`now()`,
    cancel_reason: reason,
  });
}

/** Flag a running run for cancellation; its holder (in any process) sees the flag and aborts. */
export function requestRunCancel(db: Executor, runId: number, reason: string): Promise<Run | undefined> {
  return updateRunInStatus(db, runId, 'running', {
    cancel_requested_at: sql`coalesce(${runs.cancel_requested_at}, now())`,
    cancel_reason: sql`coalesce(${runs.cancel_reason}, ${reason})`,
  });
}

/**
 * Sets these columns (and updated_at) on the run while it is in `status`: the conditional
 * UPDATE every state change here is; undefined when the run has moved on.
 */
async function updateRunInStatus(
  db: Executor,
  runId: number,
  status: RunStatus,
  changes: PgUpdateSetSource<typeof runs>,
): Promise<Run | undefined> {
  const [row] = await db
    .update(runs)
    .set({ ...changes, updated_at: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, status)))
    .returning();
  return row;
}

/** Which of these running runs someone asked to cancel, with the reason given. */
export async function selectCancelRequests(
  db: Executor,
  runIds: number[],
): Promise<{ id: number; cancel_reason: string | null }[]> {
  if (runIds.length === 0) return [];
  return db
    .select({ id: runs.id, cancel_reason: runs.cancel_reason })
    .from(runs)
    .where(and(inArray(runs.id, runIds), isNotNull(runs.cancel_requested_at), eq(runs.status, 'running')));
}
