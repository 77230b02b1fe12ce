/** SQL for the `run_events` table: a run's event timeline. */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { fixedStatement, runFixed } from '../db/fixed-statement.js';
import { type NewRunEvent, type RunEvent, run_events } from '../db/schema.js';

/** A run's events in stream order. */
export function selectRunEvents(db: Executor, runId: number): Promise<RunEvent[]> {
  return db.select().from(run_events).where(eq(run_events.run_id, runId)).orderBy(asc(run_events.seq));
}

/** Appends events (one statement for the batch); a repeated (run_id, seq) is rejected. */
export async function insertRunEvents(db: Executor, events: NewRunEvent[]): Promise<RunEvent[]> {
  if (events.length === 0) return [];
  return db.insert(run_events).values(events).returning();
}

/**
 * The idempotent append, its rows as one JSON array of records in parameter `$param`, read back
 * into rows by the database: one parameter whatever their number. JSON rather than one array
 * per column: the text is built by JSON.stringify (native), where array literals were escaped
 * in a JavaScript loop, and a payload travels as JSON inside it instead of as JSON text quoted
 * again inside an array; the database parses it once, as JSON, and a payload's value is kept
 * as it was parsed. A JSON null is SQL NULL, as a payload of null was before.
 */
export function insertEventsIdempotentSql(param: number): string {
  return `insert into run_events (run_id, seq, type, at_ms, server_timestamp, payload)
   select run_id, seq, type, at_ms, server_timestamp, payload
   from jsonb_to_recordset($${param}::jsonb)
     as e(run_id integer, seq integer, type text, at_ms double precision, server_timestamp timestamptz, payload jsonb)
   on conflict (run_id, seq) do nothing`;
}

const INSERT_EVENTS_IDEMPOTENT = fixedStatement('run_events_insert_idempotent', insertEventsIdempotentSql(1));

/** The records {@link insertEventsIdempotentSql} reads, as one JSON text. */
export function eventRecords(rows: readonly NewRunEvent[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      run_id: row.run_id,
      seq: row.seq,
      type: row.type,
      at_ms: row.at_ms,
      server_timestamp: row.server_timestamp ? row.server_timestamp.toISOString() : null,
      payload: row.payload ?? null,
    })),
  );
}

/** Append events; a (run_id, seq) already stored is skipped, so a retried batch is harmless. */
export async function insertRunEventsIdempotent(db: Executor, rows: NewRunEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await runFixed(db, INSERT_EVENTS_IDEMPOTENT, [eventRecords(rows)]);
}
