/** SQL for the `scenarios` table. */
import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Automation, automations, type NewScenario, type Scenario, scenarios } from '../db/schema.js';
import type { Page } from './page.js';
import { deleteRowById, insertRow, type RowChanges, selectRowById, updateRowById } from './rows.js';

export interface ScenarioFilter {
  automation_id?: number;
}

/** Scenarios in id order, one page of them, optionally of one automation. */
export function selectScenarios(db: Executor, page: Page, filter: ScenarioFilter = {}): Promise<Scenario[]> {
  return db
    .select()
    .from(scenarios)
    .where(filter.automation_id === undefined ? undefined : eq(scenarios.automation_id, filter.automation_id))
    .orderBy(asc(scenarios.id))
    .offset(page.skip)
    .limit(page.limit);
}

export async function countScenarios(db: Executor, filter: ScenarioFilter = {}): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(scenarios)
    .where(
      filter.automation_id === undefined ? undefined : eq(scenarios.automation_id, filter.automation_id),
    );
  return row?.total ?? 0;
}

export function selectScenarioById(db: Executor, id: number): Promise<Scenario | undefined> {
  return selectRowById(db, scenarios, id);
}

/** A scenario together with its automation, in one query (used to resolve a run's inputs). */
export async function selectScenarioWithAutomation(
  db: Executor,
  id: number,
): Promise<{ scenario: Scenario; automation: Automation } | undefined> {
  const [row] = await db
    .select({ scenario: scenarios, automation: automations })
    .from(scenarios)
    .innerJoin(automations, eq(automations.id, scenarios.automation_id))
    .where(eq(scenarios.id, id));
  return row;
}

/** Which of `names` scenarios already have. */
export async function selectTakenScenarioNames(db: Executor, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db
    .select({ name: scenarios.name })
    .from(scenarios)
    .where(inArray(scenarios.name, [...names]));
  return rows.map((row) => row.name);
}

export function insertScenario(db: Executor, values: NewScenario): Promise<Scenario> {
  return insertRow(db, scenarios, values);
}

/** Sets the given columns and bumps updated_at (even when none are given); undefined when no such row. */
export function updateScenarioById(
  db: Executor,
  id: number,
  values: RowChanges<typeof scenarios>,
): Promise<Scenario | undefined> {
  return updateRowById(db, scenarios, id, values);
}

export function deleteScenarioById(db: Executor, id: number): Promise<Scenario | undefined> {
  return deleteRowById(db, scenarios, id);
}

/** Deletes every scenario of an automation; returns how many. Their runs must be gone first. */
export async function deleteScenariosOfAutomation(db: Executor, automationId: number): Promise<number> {
  const rows = await db
    .delete(scenarios)
    .where(eq(scenarios.automation_id, automationId))
    .returning({ id: scenarios.id });
  return rows.length;
}
