/** SQL for the `run_events` table: a run's event timeline. */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { fixedStatement, runFixed } from '../db/fixed-statement.js';
import { type NewRunEvent, type RunEvent, run_events } from '../db/schema.js';
import { arrayLiteral } from './array-literal.js';

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
 * The idempotent append, its rows as six arrays (one per column) from parameter `$first` on,
 * unnested back into rows: six parameters whatever their number.
 */
export function insertEventsIdempotentSql(first: number): string {
  const p = (k: number) => `$${first + k}`;
  return `insert into run_events (run_id, seq, type, at_ms, server_timestamp, payload)
   select run_id, seq, type, at_ms, server_timestamp, payload::jsonb
   from unnest(${p(0)}::integer[], ${p(1)}::integer[], ${p(2)}::text[], ${p(3)}::float8[], ${p(4)}::timestamptz[], ${p(5)}::text[])
     as e(run_id, seq, type, at_ms, server_timestamp, payload)
   on conflict (run_id, seq) do nothing`;
}

const INSERT_EVENTS_IDEMPOTENT = fixedStatement('run_events_insert_idempotent', insertEventsIdempotentSql(1));

/** The six column arrays {@link insertEventsIdempotentSql} reads, as array literals. */
export function eventColumnArrays(rows: readonly NewRunEvent[]): string[] {
  const runIds: string[] = [];
  const seqs: string[] = [];
  const types: string[] = [];
  const offsets: string[] = [];
  const serverTimestamps: (string | null)[] = [];
  const payloads: (string | null)[] = [];
  for (const row of rows) {
    runIds.push(String(row.run_id));
    seqs.push(String(row.seq));
    types.push(row.type);
    offsets.push(String(row.at_ms));
    serverTimestamps.push(row.server_timestamp ? row.server_timestamp.toISOString() : null);
    payloads.push(row.payload === null || row.payload === undefined ? null : JSON.stringify(row.payload));
  }
  return [runIds, seqs, types, offsets, serverTimestamps, payloads].map((column) => arrayLiteral(column));
}

/** Append events; a (run_id, seq) already stored is skipped, so a retried batch is harmless. */
export async function insertRunEventsIdempotent(db: Executor, rows: NewRunEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await runFixed(db, INSERT_EVENTS_IDEMPOTENT, eventColumnArrays(rows));
}
