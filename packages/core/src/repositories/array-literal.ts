/**
 * PostgreSQL array literals for passing a column of many rows as ONE parameter (then
 * `unnest`ed back into rows): a few parameters per statement however many rows, which both
 * drivers handle far faster than thousands of bound values.
 */

/** One array element in PostgreSQL's array literal syntax (quoted; NULL unquoted). */
function element(value: string | null): string {
  if (value === null) return 'NULL';
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `{"a","b",NULL}` for the given texts; cast it in SQL (`::integer[]`, `::text[]`, ...). */
export function arrayLiteral(values: ReadonlyArray<string | null>): string {
  return `{${values.map(element).join(',')}}`;
}
