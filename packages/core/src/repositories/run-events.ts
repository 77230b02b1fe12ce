/** SQL for the `run_events` table: a run's event timeline. */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
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

/** Append events; a (run_id, seq) already stored is skipped, so a retried batch is harmless. */
export async function insertRunEventsIdempotent(db: Executor, rows: NewRunEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(run_events)
    .values(rows)
    .onConflictDoNothing({ target: [run_events.run_id, run_events.seq] });
}
