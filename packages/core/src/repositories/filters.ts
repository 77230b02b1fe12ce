/**
 * Pieces of the WHERE conditions of list filters: a filter leaves out what it does not
 * restrict, and a left-out field adds no condition (`and` drops the undefined ones).
 */
import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** A half-open time window of a list filter. */
export interface TimeRange {
  /** At or after. */
  from?: Date;
  /** Before. */
  to?: Date;
}

/** `column = value`, or no condition when the filter leaves the value out. */
export function equalsIfGiven(column: PgColumn, value: unknown): SQL | undefined {
  return value === undefined ? undefined : eq(column, value);
}

/** `from <= column < to`, each bound only when given. */
export function withinTimeRange(column: PgColumn, range: TimeRange): SQL[] {
  return [
    ...(range.from === undefined ? [] : [gte(column, range.from)]),
    ...(range.to === undefined ? [] : [lt(column, range.to)]),
  ];
}

/**
 * The WHERE condition of a list filter whose fields each name a column to equal, with a time
 * range over `timeColumn`; undefined when the filter restricts nothing.
 *
 * @example
 * filterCondition(filter, { actor: audit_log.actor }, audit_log.at)
 */
export function filterCondition<F extends TimeRange>(
  filter: F,
  columns: { [K in Exclude<keyof F, keyof TimeRange>]-?: PgColumn },
  timeColumn: PgColumn,
): SQL | undefined {
  const equal = Object.entries<PgColumn>(columns).map(([key, column]) =>
    equalsIfGiven(column, filter[key as keyof F]),
  );
  return and(...equal, ...withinTimeRange(timeColumn, filter));
}
