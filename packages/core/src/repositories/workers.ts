/** SQL for the `workers` table: the processes that execute runs and the runs each holds at once. */
import { eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Worker, workers } from '../db/schema.js';

/** A worker's beat: insert its row, or refresh its heartbeat and concurrency. */
export async function upsertWorkerBeat(db: Executor, id: string, concurrency: number): Promise<void> {
  await db
    .insert(workers)
    .values({ id, concurrency })
    .onConflictDoUpdate({
      target: workers.id,
      set: { concurrency, heartbeat_at: sql`now()` },
    });
}

export async function deleteWorker(db: Executor, id: string): Promise<void> {
  await db.delete(workers).where(eq(workers.id, id));
}

/** Rows of other workers: on an exclusive database (PGlite) they are dead processes. */
export async function deleteWorkersOtherThan(db: Executor, id: string): Promise<void> {
  await db.delete(workers).where(ne(workers.id, id));
}

/** Rows whose beat is older than `before`: processes killed without a goodbye. */
export async function deleteWorkersSilentSince(db: Executor, before: Date): Promise<void> {
  await db.delete(workers).where(lt(workers.heartbeat_at, before));
}

/** Workers whose last beat is newer than `since`, oldest first. */
export function selectLiveWorkers(db: Executor, since: Date): Promise<Worker[]> {
  return db.select().from(workers).where(gt(workers.heartbeat_at, since)).orderBy(workers.started_at);
}
