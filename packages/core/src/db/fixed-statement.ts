/**
 * Statements whose SQL text is written once, for the engine's hottest writes. Drizzle's query
 * builder rebuilds a statement's text and re-maps its parameters and rows on every call; at
 * hundreds of runs a second that was the worker's largest cost after the network. These run
 * through the executor's own Drizzle session (`prepareQuery`), so they work on both drivers
 * and inside the caller's transaction, with the text and parameters handed over as they are.
 *
 * On node-postgres the statement's name makes it a named prepared statement: each connection
 * parses and plans it once. PGlite ignores the name, but the embedded client prepares every plain
 * read or write by its text (pglite-statements.ts). Rows come back as the driver decodes them,
 * except timestamps, which the session leaves as text (callers convert them; see
 * repositories/table-row.ts).
 */
import type { Executor } from './database.js';

/** A statement's fixed text and the name it is prepared under. */
export interface FixedStatement {
  readonly name: string;
  readonly text: string;
}

/** Names given so far: PostgreSQL refuses one name for two texts on a connection. */
const textByName = new Map<string, string>();

/**
 * Declare a fixed statement; parameters are `$1`, `$2`, ... in `text`, never values.
 *
 * @example
 * const CLAIM = fixedStatement('runs_claim', 'update runs set ... where id = any($1::integer[]) returning id');
 * const rows = await runFixed(db, CLAIM, [arrayLiteral(ids)]);
 */
export function fixedStatement(name: string, text: string): FixedStatement {
  const known = textByName.get(name);
  if (known !== undefined && known !== text) throw new Error(`statement name "${name}" names another text`);
  textByName.set(name, text);
  return { name, text };
}

/** Runs the statement with these parameters on `db` (a database or a transaction); its rows. */
export async function runFixed(
  db: Executor,
  statement: FixedStatement,
  values: unknown[],
): Promise<Record<string, unknown>[]> {
  const result: unknown = await db._.session
    .prepareQuery({ sql: statement.text, params: values }, undefined, statement.name, false)
    .execute();
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows;
  }
  throw new Error(`statement "${statement.name}": the driver answered without rows`);
}
