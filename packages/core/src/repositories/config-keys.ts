/**
 * SQL of configuration as code: every automation and scenario at once (a configuration is
 * small: names are unique and made by people), and the stable `key` an apply gives them.
 */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Automation, automations, type Scenario, scenarios } from '../db/schema.js';

/** Every automation, oldest first. */
export function selectAllAutomations(db: Executor): Promise<Automation[]> {
  return db.select().from(automations).orderBy(asc(automations.id));
}

/** Every scenario, oldest first. */
export function selectAllScenarios(db: Executor): Promise<Scenario[]> {
  return db.select().from(scenarios).orderBy(asc(scenarios.id));
}

/** Sets an automation's key without touching updated_at: the key is not part of what it does. */
export async function setAutomationKey(db: Executor, id: number, key: string): Promise<void> {
  await db.update(automations).set({ key }).where(eq(automations.id, id));
}

/** Sets a scenario's key without touching updated_at. */
export async function setScenarioKey(db: Executor, id: number, key: string): Promise<void> {
  await db.update(scenarios).set({ key }).where(eq(scenarios.id, id));
}
