/** The database's clock, read the same way by every process. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';

/** The database's clock now (not the transaction's start): the one clock all processes share. */
export async function selectDatabaseNow(db: Executor): Promise<Date> {
  const [row] = await db
    .select({
      now: sql<Date>`clock_timestamp()`.mapWith((v) => (v instanceof Date ? v : new Date(String(v)))),
    })
    .from(sql`(select 1) as one`);
  return row!.now;
}
