/**
 * The row operations every table addressed by an integer `id` has in the same shape: read,
 * insert, update (bumping updated_at) and delete one row. Kept generic here so each
 * repository names only what is particular to its table.
 */
import { count, eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
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

/** Inserts the row unless a unique constraint holds one like it already; then undefined. */
export async function insertRowUnlessTaken<T extends TableWithId>(
  db: Executor,
  table: T,
  values: T['$inferInsert'],
): Promise<Row<T> | undefined> {
  const [row] = await db
    .insert(table as PgTable)
    .values(values)
    .onConflictDoNothing()
    .returning();
  return row as Row<T> | undefined;
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

/**
 * The four operations above, typed for one table; a repository exports them under its own
 * names (`selectScenarioById`, ...). Update sets the given columns and bumps updated_at (even
 * when none are given); update and delete return undefined when there is no such row.
 */
export function rowOperations<T extends TableWithId & { updated_at: PgColumn }>(table: T) {
  return {
    selectById: (db: Executor, id: number): Promise<Row<T> | undefined> => selectRowById(db, table, id),
    insert: (db: Executor, values: T['$inferInsert']): Promise<Row<T>> => insertRow(db, table, values),
    updateById: (db: Executor, id: number, values: RowChanges<T>): Promise<Row<T> | undefined> =>
      updateRowById(db, table, id, values),
    deleteById: (db: Executor, id: number): Promise<Row<T> | undefined> => deleteRowById(db, table, id),
  };
}

/** How many rows of the table match `where` (all of them when it is undefined). */
export async function countRows(db: Executor, table: PgTable, where?: SQL): Promise<number> {
  const [row] = await db.select({ total: count() }).from(table).where(where);
  return row?.total ?? 0;
}

/** Deletes the rows matching `where`; returns how many. */
export async function deleteRowsWhere(
  db: Executor,
  table: TableWithId,
  where: SQL | undefined,
): Promise<number> {
  const rows = await db
    .delete(table as PgTable)
    .where(where)
    .returning({ id: table.id });
  return rows.length;
}

/**
 * Sets `values` on the one row `where` picks, if it still matches (a guarded transition:
 * of several racing writers, exactly one gets the row back); undefined when none matched.
 */
export async function updateRowWhere<T extends TableWithId>(
  db: Executor,
  table: T,
  values: PgUpdateSetSource<T>,
  where: SQL | undefined,
): Promise<Row<T> | undefined> {
  const [row] = await db
    .update(table as PgTable)
    .set(values)
    .where(where)
    .returning();
  return row as Row<T> | undefined;
}
