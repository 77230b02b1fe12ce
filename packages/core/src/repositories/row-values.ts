/**
 * Typed values out of a row as a fixed statement hands it over (db/fixed-statement.ts):
 * integers and doubles as numbers, timestamps as text (the session leaves them so).
 */

/** A timestamptz value as a Date; null stays null. */
export function dateOrNull(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

/** A number column's value (integer, double, or a count PostgreSQL sends as text). */
export function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A nullable number column's value. */
export function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : numberOf(value);
}

/** A nullable text column's value. */
export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A nullable boolean column's value. */
export function booleanOrNull(value: unknown): boolean | null {
  return value === null || value === undefined ? null : value === true;
}

/** One of `allowed` (an enumerated column, which its CHECK constraint keeps to that list). */
export function oneOfValues<T extends string>(allowed: readonly T[], value: unknown): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined)
    throw new Error(`unexpected value ${String(value)}; expected one of ${allowed.join(', ')}`);
  return found;
}
