/**
 * SQL for a run's event timeline: stored one row per write in `run_event_batches`, read one
 * row per event (the `run_events` view).
 */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { fixedStatement, runFixed } from '../db/fixed-statement.js';
import { type NewRunEvent, type RunEvent, run_events, type StoredRunEvent } from '../db/schema.js';

/** A run's events in stream order. */
export function selectRunEvents(db: Executor, runId: number): Promise<RunEvent[]> {
  return db.select().from(run_events).where(eq(run_events.run_id, runId)).orderBy(asc(run_events.seq));
}

/**
 * The idempotent append. Parameter `$param` is one JSON array of records, one per run
 * ({@link eventRecords}); each becomes one row of `run_event_batches`.
 *
 * A run's events are written in order, one write at a time (its EventWriter waits for each
 * write, and the outcome's write comes after the last), so a write keeps only the events
 * after the last one stored for its run. That makes a retry harmless whatever it holds: a
 * write that failed after committing and is retried with later events joined to it stores
 * just those. The common case, nothing stored at or after the first event, keeps the array
 * as it came without looking inside it. The database parses the JSON once; a payload's value
 * is kept as it was parsed.
 */
export function insertEventsIdempotentSql(param: number): string {
  return `insert into run_event_batches (run_id, first_seq, last_seq, events)
   select b.run_id, coalesce(kept.first_seq, b.first_seq), b.last_seq, coalesce(kept.events, b.events)
   from jsonb_to_recordset($${param}::jsonb) as b(run_id integer, first_seq integer, last_seq integer, events jsonb)
   left join lateral (select max(s.last_seq) as last_stored from run_event_batches s where s.run_id = b.run_id)
     as stored on true
   left join lateral (select min((e.value->>'seq')::integer) as first_seq,
                             jsonb_agg(e.value order by (e.value->>'seq')::integer) as events
                      from jsonb_array_elements(b.events) as e(value)
                      where stored.last_stored >= b.first_seq and (e.value->>'seq')::integer > stored.last_stored)
     as kept on true
   where stored.last_stored is null or stored.last_stored < b.last_seq
   on conflict (run_id, first_seq) do nothing`;
}

const INSERT_EVENTS_IDEMPOTENT = fixedStatement(
  'run_event_batches_insert_idempotent',
  insertEventsIdempotentSql(1),
);

/**
 * The records {@link insertEventsIdempotentSql} reads, as one JSON text: the rows grouped by
 * run (in the order each run first appears), each run's events ordered by seq.
 */
export function eventRecords(rows: readonly NewRunEvent[]): string {
  const byRun = new Map<number, StoredRunEvent[]>();
  for (const row of rows) {
    let events = byRun.get(row.run_id);
    if (events === undefined) {
      events = [];
      byRun.set(row.run_id, events);
    }
    events.push({
      seq: row.seq,
      type: row.type,
      at_ms: row.at_ms,
      server_timestamp: row.server_timestamp ? row.server_timestamp.toISOString() : null,
      payload: row.payload ?? null,
    });
  }
  const records = [];
  for (const [run_id, given] of byRun) {
    const events = isOrdered(given) ? given : orderedOnce(given);
    records.push({ run_id, first_seq: events[0]!.seq, last_seq: events[events.length - 1]!.seq, events });
  }
  return JSON.stringify(records);
}

function isOrdered(events: readonly StoredRunEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i]!.seq <= events[i - 1]!.seq) return false;
  return true;
}

/** Ordered by seq, the first of events given twice kept (as a row-per-event insert kept it). */
function orderedOnce(events: readonly StoredRunEvent[]): StoredRunEvent[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  return sorted.filter((event, i) => i === 0 || event.seq !== sorted[i - 1]!.seq);
}

/** Append events; those already stored are skipped, so a retried batch is harmless. */
export async function insertRunEventsIdempotent(db: Executor, rows: readonly NewRunEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await runFixed(db, INSERT_EVENTS_IDEMPOTENT, [eventRecords(rows)]);
}
