/**
 * The row operations every table addressed by an integer `id` has in the same shape: read,
 * insert, update (bumping updated_at) and delete one row. Kept generic here so each
 * repository names only what is particular to its table.
 */
import { eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';

/** A table whose rows are addressed by an integer `id`. */
type TableWithId = PgTable & { id: PgColumn };
type Row<T extends TableWithId> = T['$inferSelect'];
/** The columns an update may set: everything but the id and the timestamps the database keeps. */
export type RowChanges<T extends TableWithId> = Partial<
  Omit<T['$inferInsert'], 'id' | 'created_at' | 'updated_at'>
>;

/** Reads or removes the row with this id; undefined when there is none. */
type RowById = <T extends TableWithId>(db: Executor, table: T, id: number) => Promise<Row<T> | undefined>;

// Drizzle's builders cannot resolve a generic table's columns, so these go through PgTable.
export const selectRowById: RowById = async (db, table, id) => {
  const [row] = await db
    .select()
    .from(table as PgTable)
    .where(eq(table.id, id));
  return row;
};

export async function insertRow<T extends TableWithId>(
  db: Executor,
  table: T,
  values: T['$inferInsert'],
): Promise<Row<T>> {
  const [row] = await db
    .insert(table as PgTable)
    .values(values)
    .returning();
  return row as Row<T>;
}

/** Sets the given columns and bumps updated_at (even when none are given); undefined when no such row. */
export async function updateRowById<T extends TableWithId & { updated_at: PgColumn }>(
  db: Executor,
  table: T,
  id: number,
  values: RowChanges<T>,
): Promise<Row<T> | undefined> {
  const [row] = await db
    .update(table as PgTable)
    .set({ ...values, updated_at: sql`now()` })
    .where(eq(table.id, id))
    .returning();
  return row as Row<T> | undefined;
}

export const deleteRowById: RowById = async (db, table, id) => {
  const [row] = await db
    .delete(table as PgTable)
    .where(eq(table.id, id))
    .returning();
  return row;
};
