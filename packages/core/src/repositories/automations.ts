/** SQL for the `automations` table. Functions take an Executor so services can compose them in a transaction. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Automation, automations } from '../db/schema.js';
import type { StoredAutomationSecrets } from '../secrets/automation-credentials.js';
import { type Page, selectPage } from './page.js';
import { countRows, rowOperations, updateRowWhere } from './rows.js';

/** Automations in id order (creation order), one page of them. */
export function selectAutomations(db: Executor, page: Page): Promise<Automation[]> {
  return selectPage(db, automations, undefined, [asc(automations.id)], page);
}

export function countAutomations(db: Executor): Promise<number> {
  return countRows(db, automations);
}

const automationRows = rowOperations(automations);
export const selectAutomationById = automationRows.selectById;
export const insertAutomation = automationRows.insert;
export const updateAutomationById = automationRows.updateById;
/** Deletes one automation; the foreign keys refuse while scenarios still reference it. */
export const deleteAutomationById = automationRows.deleteById;

/**
 * Replaces an automation's sealed credentials without touching updated_at: a rotation
 * re-encrypts without editing, and an edit has already moved updated_at.
 */
export function updateAutomationSecrets(
  db: Executor,
  id: number,
  secrets: StoredAutomationSecrets,
): Promise<Automation | undefined> {
  return updateRowWhere(db, automations, { secrets }, eq(automations.id, id));
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
