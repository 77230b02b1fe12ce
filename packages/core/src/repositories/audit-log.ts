/** SQL of `audit_log`. */
import { and, count, desc, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type AuditEntry, audit_log, type NewAuditEntry } from '../db/schema.js';
import { filterCondition, type TimeRange } from './filters.js';
import type { Page } from './page.js';

export async function insertAuditEntry(db: Executor, values: NewAuditEntry): Promise<void> {
  await db.insert(audit_log).values(values);
}

/** Which entries to list; the time range is of when they were written. */
export interface AuditFilter extends TimeRange {
  actor?: string;
  action?: string;
}

function auditConditions(filter: AuditFilter): SQL | undefined {
  return filterCondition(filter, { actor: audit_log.actor, action: audit_log.action }, audit_log.at);
}

/**
 * Newest first: a page after `skip` rows, or after the entry `afterId` (keyset: an index range
 * scan however deep; its instant is read back from the table, a Date would round it).
 */
export async function selectAuditEntries(
  db: Executor,
  filter: AuditFilter,
  page: Page & { afterId?: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  const where = auditConditions(filter);
  const cursorAt = sql`(select c.at from ${audit_log} as c where c.id = ${page.afterId})`;
  const after =
    page.afterId === undefined
      ? undefined
      : and(
          sql`${audit_log.at} <= ${cursorAt}`,
          or(sql`${audit_log.at} < ${cursorAt}`, lt(audit_log.id, page.afterId)),
        );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(audit_log)
      .where(and(where, after))
      .orderBy(desc(audit_log.at), desc(audit_log.id))
      .offset(page.skip)
      .limit(page.limit),
    db.select({ n: count() }).from(audit_log).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** Deletes entries older than `days`; returns how many. */
export async function deleteAuditEntriesOlderThan(db: Executor, days: number): Promise<number> {
  const rows = await db
    .delete(audit_log)
    .where(lt(audit_log.at, sql`now() - make_interval(days => ${days})`))
    .returning({ id: audit_log.id });
  return rows.length;
}
