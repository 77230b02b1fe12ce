/**
 * The engine's SQL. Every state change of a run is one conditional UPDATE that names the
 * state it expects (`WHERE id = $1 AND status = 'pending'`), so a job delivered twice, a
 * second worker or a late writer can never execute a run twice or overwrite a terminal
 * status: the loser's UPDATE matches no row and it learns so from the empty RETURNING.
 * Times come from the database clock (`now()`), so processes on different machines agree.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type NewRun, type NewRunEvent, type Run, run_events, runs } from '../db/schema.js';

type RunValues = Partial<Omit<NewRun, 'id' | 'created_at' | 'updated_at'>>;

/** `now() - <ms> milliseconds`, for staleness and age conditions. */
function msAgo(ms: number): SQL {
  return sql`now() - make_interval(secs => ${ms / 1000})`;
}

/**
 * Where a run's queue wait starts: the intended send time of an open-arrival benchmark run,
 * the dispatch of a closed-arrival benchmark run (it waited for a free slot before that, by
 * design), and the creation of any other run.
 */
const queueWaitOrigin = sql`case
  when ${runs.intended_start_at} is not null then ${runs.intended_start_at}
  when ${runs.benchmark_id} is not null and ${runs.dispatched_at} is not null then ${runs.dispatched_at}
  else ${runs.created_at} end`;

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
  return db
    .update(runs)
    .set({
      status: 'running',
      started_at: sql`now()`,
      actual_start_at: sql`now()`,
      queue_wait_ms: sql`greatest(0, extract(epoch from (now() - ${queueWaitOrigin})) * 1000)`,
      worker_id: workerId,
      heartbeat_at: sql`now()`,
      executions: sql`${runs.executions} + 1`,
      updated_at: sql`now()`,
    })
    .where(and(inArray(runs.id, lockedInIdOrder(db, runIds)), eq(runs.status, 'pending')))
    .returning();
}

/**
 * The ids of these pending runs, row-locked in id order: two processes claiming overlapping
 * sets (a job delivered twice) then wait for each other instead of deadlocking.
 */
function lockedInIdOrder(db: Executor, runIds: readonly number[]) {
  return db
    .select({ id: runs.id })
    .from(runs)
    .where(and(inArray(runs.id, [...runIds]), eq(runs.status, 'pending')))
    .orderBy(runs.id)
    .for('update');
}

/**
 * Take over a running run whose holder stopped heart-beating. Exactly one recoverer wins;
 * undefined when the run is not running or its holder is still alive.
 */
export async function claimOrphanedRun(
  db: Executor,
  runId: number,
  workerId: string,
  staleAfterMs: number,
): Promise<Run | undefined> {
  const [row] = await db
    .update(runs)
    .set({
      worker_id: workerId,
      heartbeat_at: sql`now()`,
      executions: sql`${runs.executions} + 1`,
      updated_at: sql`now()`,
    })
    .where(
      and(
        eq(runs.id, runId),
        eq(runs.status, 'running'),
        or(isNull(runs.heartbeat_at), lt(runs.heartbeat_at, msAgo(staleAfterMs))),
      ),
    )
    .returning();
  return row;
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
          isNull(runs.tinyfish_run_id),
        ),
      )
      .returning();
    if (row) await tx.delete(run_events).where(eq(run_events.run_id, runId));
    return row;
  });
}

/** A run's upstream id and live-view URL, as far as they are known. */
export interface UpstreamIdentity {
  run_id: number;
  tinyfish_run_id?: string | undefined;
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
      tinyfish_run_id: i.tinyfish_run_id ?? null,
      streaming_url: i.streaming_url ?? null,
    })),
  );
  await db.execute(sql`update ${runs}
    set tinyfish_run_id = coalesce(${runs.tinyfish_run_id}, v.tinyfish_run_id),
        streaming_url = coalesce(${runs.streaming_url}, v.streaming_url),
        updated_at = now()
    from jsonb_to_recordset(${rows}::jsonb) as v(run_id integer, tinyfish_run_id text, streaming_url text)
    where ${runs.id} = v.run_id and ${runs.status} = 'running'`);
}

/** running -> terminal, with every outcome column; undefined when the run was no longer running. */
export async function finishRunningRun(
  db: Executor,
  runId: number,
  values: RunValues,
): Promise<Run | undefined> {
  const [row] = await db
    .update(runs)
    .set({ ...values, finished_at: sql`now()`, updated_at: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'running')))
    .returning();
  return row;
}

/**
 * running -> terminal and the run's remaining events, in ONE statement (a data-modifying
 * CTE): atomic like a transaction, at a third of its round trips. The events are stored even
 * when the run was finished by someone else meanwhile (the UPDATE then matches nothing and
 * this returns undefined), as in the transaction this replaces. Keep `events` to a few
 * thousand rows: every value is a bind parameter.
 */
export async function finishRunningRunWithEvents(
  db: Executor,
  runId: number,
  values: RunValues,
  events: NewRunEvent[],
): Promise<Run | undefined> {
  if (events.length === 0) return finishRunningRun(db, runId, values);
  const stored = db.$with('stored_events').as(
    db
      .insert(run_events)
      .values(events)
      .onConflictDoNothing({ target: [run_events.run_id, run_events.seq] })
      .returning({ seq: run_events.seq }),
  );
  const [row] = await db
    .with(stored)
    .update(runs)
    .set({ ...values, finished_at: sql`now()`, updated_at: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'running')))
    .returning();
  return row;
}

/**
 * The outcome columns every finished run sets (see outcome-columns.ts), with their SQL types:
 * what {@link finishRunningRuns} reads back out of its JSON parameter.
 */
const OUTCOME_COLUMNS = {
  status: 'text',
  total_duration_ms: 'double precision',
  time_to_started_ms: 'double precision',
  time_to_streaming_url_ms: 'double precision',
  ttft_ms: 'double precision',
  inter_token_stats: 'jsonb',
  steps: 'integer',
  heartbeats: 'integer',
  num_of_steps: 'integer',
  server_duration_ms: 'double precision',
  event_loop_delay_ms: 'double precision',
  error: 'text',
  error_code: 'text',
  http_status: 'integer',
  result_json: 'jsonb',
  response_json: 'jsonb',
  assertions_passed: 'boolean',
  assertion_results: 'jsonb',
  cost_usd: 'double precision',
  metric_definitions_version: 'text',
} as const satisfies Partial<Record<keyof RunValues, string>>;

/** Set only when the outcome has them: an identity recorded earlier, attempts and the claim's start are kept. */
const KEPT_UNLESS_GIVEN = {
  tinyfish_run_id: 'text',
  streaming_url: 'text',
  attempts: 'jsonb',
  actual_start_at: 'timestamptz',
  queue_wait_ms: 'double precision',
} as const satisfies Partial<Record<keyof RunValues, string>>;

export type RunOutcomeValues = RunValues & { [K in keyof typeof OUTCOME_COLUMNS]: RunValues[K] };

/**
 * True when `values` holds every outcome column and nothing {@link finishRunningRuns} cannot
 * carry (such as a start time cleared for an arrival that was never sent).
 */
export function isCompleteOutcome(values: RunValues): values is RunOutcomeValues {
  return (
    Object.keys(OUTCOME_COLUMNS).every((column) => column in values) &&
    Object.keys(values).every((column) => column in OUTCOME_COLUMNS || column in KEPT_UNLESS_GIVEN)
  );
}

/**
 * running -> terminal for many runs in ONE statement: each outcome travels as a JSON record,
 * every column set from it (`finished_at` from the database clock), guarded per run by
 * `status = 'running'`. Returns the runs finished; one no longer running is left out, as in
 * {@link finishRunningRun}. The identity columns follow the first-value-wins rule, and
 * `attempts` is kept when an outcome has none.
 */
export async function finishRunningRuns(
  db: Executor,
  outcomes: ReadonlyArray<{ runId: number; values: RunOutcomeValues }>,
): Promise<Run[]> {
  if (outcomes.length === 0) return [];
  const columns = { ...OUTCOME_COLUMNS, ...KEPT_UNLESS_GIVEN };
  const records = JSON.stringify(
    outcomes.map(({ runId, values }) => {
      const record: Record<string, unknown> = { run_id: runId };
      for (const column of Object.keys(columns) as (keyof typeof columns)[])
        record[column] = values[column] ?? null;
      return record;
    }),
  );
  const definition = sql.raw(
    Object.entries(columns)
      .map(([column, type]) => `${column} ${type}`)
      .join(', '),
  );
  const set: Record<string, SQL> = {};
  for (const column of Object.keys(OUTCOME_COLUMNS)) set[column] = sql.raw(`o.${column}`);
  set.tinyfish_run_id = sql`coalesce(${runs.tinyfish_run_id}, o.tinyfish_run_id)`;
  set.streaming_url = sql`coalesce(${runs.streaming_url}, o.streaming_url)`;
  set.attempts = sql`coalesce(o.attempts, ${runs.attempts})`;
  set.actual_start_at = sql`coalesce(o.actual_start_at, ${runs.actual_start_at})`;
  set.queue_wait_ms = sql`coalesce(o.queue_wait_ms, ${runs.queue_wait_ms})`;
  return db
    .update(runs)
    .set({ ...set, finished_at: sql`now()`, updated_at: sql`now()` })
    .from(sql`jsonb_to_recordset(${records}::jsonb) as o(run_id integer, ${definition})`)
    .where(and(eq(runs.id, sql`o.run_id`), eq(runs.status, 'running')))
    .returning();
}

/** pending -> cancelled at once (no worker holds it). */
export async function cancelPendingRun(
  db: Executor,
  runId: number,
  reason: string,
): Promise<Run | undefined> {
  const [row] = await db
    .update(runs)
    .set({
      status: 'cancelled',
      finished_at: sql`now()`,
      error: `cancelled before it started: ${reason}`,
      error_code: 'CANCELLED',
      cancel_requested_at: sql`now()`,
      cancel_reason: reason,
      updated_at: sql`now()`,
    })
    .where(and(eq(runs.id, runId), eq(runs.status, 'pending')))
    .returning();
  return row;
}

/** Flag a running run for cancellation; its holder (in any process) sees the flag and aborts. */
export async function requestRunCancel(
  db: Executor,
  runId: number,
  reason: string,
): Promise<Run | undefined> {
  const [row] = await db
    .update(runs)
    .set({
      cancel_requested_at: sql`coalesce(${runs.cancel_requested_at}, now())`,
      cancel_reason: sql`coalesce(${runs.cancel_reason}, ${reason})`,
      updated_at: sql`now()`,
    })
    .where(and(eq(runs.id, runId), eq(runs.status, 'running')))
    .returning();
  return row;
}

/** Mark a pending run as handed to the queue (idempotent). Undefined when it is not pending. */
export async function markRunDispatched(
  db: Executor,
  runId: number,
): Promise<Pick<Run, 'id' | 'intended_start_at' | 'benchmark_id'> | undefined> {
  const [row] = await db
    .update(runs)
    .set({ dispatched_at: sql`coalesce(${runs.dispatched_at}, now())`, updated_at: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'pending')))
    .returning({ id: runs.id, intended_start_at: runs.intended_start_at, benchmark_id: runs.benchmark_id });
  return row;
}

/** The holder's heartbeat for the runs it executes; runs taken over by someone else are left alone. */
export async function bumpHeartbeats(db: Executor, runIds: number[], workerId: string): Promise<void> {
  if (runIds.length === 0) return;
  await db
    .update(runs)
    .set({ heartbeat_at: sql`now()`, updated_at: sql`now()` })
    .where(and(inArray(runs.id, runIds), eq(runs.status, 'running'), eq(runs.worker_id, workerId)));
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
export async function selectOrphanedRunIds(
  db: Executor,
  staleAfterMs: number,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(
      and(
        eq(runs.status, 'running'),
        or(isNull(runs.heartbeat_at), lt(runs.heartbeat_at, msAgo(staleAfterMs))),
      ),
    )
    .orderBy(runs.id)
    .limit(limit);
  return rows.map((r) => r.id);
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

/** Append events; a (run_id, seq) already stored is skipped, so a retried batch is harmless. */
export async function insertRunEventsIdempotent(db: Executor, rows: NewRunEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(run_events)
    .values(rows)
    .onConflictDoNothing({ target: [run_events.run_id, run_events.seq] });
}
