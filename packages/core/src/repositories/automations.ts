/** SQL for the `automations` table. Functions take an Executor so services can compose them in a transaction. */
import { asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Automation, automations, type NewAutomation } from '../db/schema.js';
import type { StoredAutomationSecrets } from '../secrets/automation-credentials.js';
import type { Page } from './page.js';
import { deleteRowById, insertRow, type RowChanges, selectRowById, updateRowById } from './rows.js';

/** Automations in id order (creation order), one page of them. */
export function selectAutomations(db: Executor, page: Page): Promise<Automation[]> {
  return db.select().from(automations).orderBy(asc(automations.id)).offset(page.skip).limit(page.limit);
}

export async function countAutomations(db: Executor): Promise<number> {
  const [row] = await db.select({ total: count() }).from(automations);
  return row?.total ?? 0;
}

export function selectAutomationById(db: Executor, id: number): Promise<Automation | undefined> {
  return selectRowById(db, automations, id);
}

export function insertAutomation(db: Executor, values: NewAutomation): Promise<Automation> {
  return insertRow(db, automations, values);
}

/** Sets the given columns and bumps updated_at (even when none are given); undefined when no such row. */
export function updateAutomationById(
  db: Executor,
  id: number,
  values: RowChanges<typeof automations>,
): Promise<Automation | undefined> {
  return updateRowById(db, automations, id, values);
}

/** Deletes one automation; the foreign keys refuse while scenarios still reference it. */
export function deleteAutomationById(db: Executor, id: number): Promise<Automation | undefined> {
  return deleteRowById(db, automations, id);
}

/**
 * Replaces an automation's sealed credentials without touching updated_at: a rotation
 * re-encrypts without editing, and an edit has already moved updated_at.
 */
export async function updateAutomationSecrets(
  db: Executor,
  id: number,
  secrets: StoredAutomationSecrets,
): Promise<Automation | undefined> {
  const [row] = await db.update(automations).set({ secrets }).where(eq(automations.id, id)).returning();
  return row;
}

/**
 * Every automation holding sealed credentials, or plaintext ones in `config` (written before
 * credentials were sealed), locked until the transaction ends so nothing edits them meanwhile.
 */
export function selectAutomationsWithCredentialsForUpdate(
  db: Executor,
): Promise<Array<Pick<Automation, 'id' | 'config' | 'secrets'>>> {
  return db
    .select({ id: automations.id, config: automations.config, secrets: automations.secrets })
    .from(automations)
    .where(
      sql`${automations.secrets} <> '{}'::jsonb or ${automations.config} ? 'api_key' or ${automations.config} ? 'headers'`,
    )
    .orderBy(asc(automations.id))
    .for('update');
}

/** Sets config and sealed credentials together, as moving plaintext credentials out of config does. */
export async function updateAutomationConfigAndSecrets(
  db: Executor,
  id: number,
  values: Pick<Automation, 'config' | 'secrets'>,
): Promise<void> {
  await db.update(automations).set(values).where(eq(automations.id, id));
}
