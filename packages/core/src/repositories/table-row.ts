/**
 * Whole rows of a table for fixed statements (db/fixed-statement.ts): the column list their
 * RETURNING or SELECT names, and the mapping of a row as the driver hands it over to the
 * table's row type, the same values Drizzle's `returning()` and `select()` give. Both come from
 * the table's definition, so a column added to the schema is read and mapped without touching
 * the statements.
 */
import { getTableColumns, is } from 'drizzle-orm';
import { PgJsonb, type PgTable, PgTimestamp } from 'drizzle-orm/pg-core';

export interface WholeRows<Row> {
  /**
   * Every column of the table, quoted and qualified by `alias`: `"runs"."id", ...`; those in
   * `except` left out.
   */
  columns(alias: string, except?: ReadonlySet<string>): string;
  /**
   * The row as the table's row type, converted in place (no copy: these rows come by the
   * hundred per batch). Timestamps become Dates as Drizzle makes them; a jsonb value that
   * arrives as text is parsed when it parses, which is what Drizzle's jsonb column does too.
   * A row of some of the columns converts those it has.
   */
  fromRow(row: Record<string, unknown>): Row;
}

/** The column list and row mapping of `table` (whose keys are its columns' names). */
export function wholeRows<T extends PgTable>(table: T): WholeRows<T['$inferSelect']> {
  const byKey = getTableColumns(table);
  for (const [key, column] of Object.entries(byKey)) {
    // Rows come back keyed by column name; the row type is keyed by property.
    if (key !== column.name) throw new Error(`column ${column.name} is not named as its property ${key}`);
  }
  const columns = Object.values(byKey);
  const names = columns.map((column) => column.name);
  const dates = columns.filter((column) => is(column, PgTimestamp)).map((column) => column.name);
  const jsons = columns.filter((column) => is(column, PgJsonb)).map((column) => column.name);
  return {
    columns: (alias, except) =>
      names
        .filter((name) => !except?.has(name))
        .map((name) => `"${alias}"."${name}"`)
        .join(', '),
    fromRow(row) {
      for (const name of dates) {
        const value = row[name];
        if (typeof value === 'string') row[name] = new Date(value);
      }
      for (const name of jsons) {
        const value = row[name];
        if (typeof value === 'string') row[name] = parsedOrText(value);
      }
      // The statement returned exactly these columns, now decoded as Drizzle decodes them.
      return row as T['$inferSelect'];
    },
  };
}

function parsedOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
