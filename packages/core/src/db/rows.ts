import type { SQL } from 'drizzle-orm';
import type { Executor } from './database.js';

/**
 * Runs a raw statement and returns its rows. Both drivers answer `execute` with an object
 * holding `rows`, but the shared Drizzle type cannot say so, hence the one cast here.
 * Use the query builder wherever it can express the query; this is for catalog look-ups.
 */
export async function queryRows<Row extends Record<string, unknown>>(
  db: Executor,
  query: SQL,
): Promise<Row[]> {
  const result = (await db.execute<Row>(query)) as unknown as { rows: Row[] };
  return result.rows;
}
