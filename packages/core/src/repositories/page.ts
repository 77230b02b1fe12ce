import type { SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';

/** Offset pagination as the original API has it: `skip` rows, then at most `limit` rows. */
export interface Page {
  skip: number;
  limit: number;
}

/** One page of a table's rows that match `where`, in the order given (ties broken by the later keys). */
export function selectPage<T extends PgTable>(
  db: Executor,
  table: T,
  where: SQL | undefined,
  order: SQL[],
  page: Page,
): Promise<T['$inferSelect'][]> {
  return db
    .select()
    .from(table as PgTable)
    .where(where)
    .orderBy(...order)
    .offset(page.skip)
    .limit(page.limit) as Promise<T['$inferSelect'][]>;
}
