/**
 * Column builders and checks the tables share, so that a convention (timestamps in UTC,
 * identity ids, enumerated columns checked against the domain's lists) is written once.
 */
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, integer, type PgColumn, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** `column IN ('a', 'b', ...)` from a list of literals (constants only, never user input). */
export function oneOf(column: string, values: readonly string[]) {
  const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return sql.raw(`"${column}" IN (${list})`);
}

/** A `timestamptz` column, read as a Date; named by its key unless `name` is given. */
export const timestamptz = (name?: string) =>
  name
    ? timestamp(name, { withTimezone: true, mode: 'date' })
    : timestamp({ withTimezone: true, mode: 'date' });

/** When the row was written, on the database clock. */
export const createdAt = () => timestamptz().notNull().defaultNow();

/** created_at / updated_at, kept by the database clock so every writer agrees on them. */
export const timestamps = () => ({
  created_at: createdAt(),
  updated_at: timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => sql`now()`),
});

/** The generated integer id of a table's rows. */
export const identity = () => integer().primaryKey().generatedAlwaysAsIdentity();

/** A required reference to another table's id; `onDelete` says what deleting the parent does. */
export const parentId = (parent: () => AnyPgColumn, onDelete: 'cascade' | 'restrict') =>
  integer().notNull().references(parent, { onDelete });

/**
 * The leading columns of a resource that configuration as code manages: its id, its name, and
 * the configuration file's stable identifier of it (null until an apply names it), which
 * `configKeyIndex` keeps unique.
 */
export const configManaged = () => ({ id: identity(), name: text().notNull(), key: text() });

/** The unique index on a `configManaged` table's key, named `<table>_key_idx`. */
export const configKeyIndex = (table: string, key: PgColumn) => uniqueIndex(`${table}_key_idx`).on(key);
