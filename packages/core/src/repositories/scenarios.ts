/** SQL for the `scenarios` table. */
import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';
import { type Automation, automations, type Scenario, scenarios } from '../db/schema.js';
import { type Page, selectPage } from './page.js';
import { countRows, deleteRowsWhere, rowOperations } from './rows.js';

export interface ScenarioFilter {
  automation_id?: number;
}

function scenarioConditions(filter: ScenarioFilter): SQL | undefined {
  return filter.automation_id === undefined ? undefined : eq(scenarios.automation_id, filter.automation_id);
}

/** Scenarios in id order, one page of them, optionally of one automation. */
export function selectScenarios(db: Executor, page: Page, filter: ScenarioFilter = {}): Promise<Scenario[]> {
  return selectPage(db, scenarios, scenarioConditions(filter), [asc(scenarios.id)], page);
}

export function countScenarios(db: Executor, filter: ScenarioFilter = {}): Promise<number> {
  return countRows(db, scenarios, scenarioConditions(filter));
}

const scenarioRows = rowOperations(scenarios);
export const selectScenarioById = scenarioRows.selectById;
export const insertScenario = scenarioRows.insert;
export const updateScenarioById = scenarioRows.updateById;
export const deleteScenarioById = scenarioRows.deleteById;

/** A condition on a table's `scenario_id`: the row belongs to a scenario of this automation. */
export function ofScenariosOfAutomation(db: Executor, scenarioId: PgColumn, automationId: number): SQL {
  return inArray(
    scenarioId,
    db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.automation_id, automationId)),
  );
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

/** Deletes every scenario of an automation; returns how many. Their runs must be gone first. */
export function deleteScenariosOfAutomation(db: Executor, automationId: number): Promise<number> {
  return deleteRowsWhere(db, scenarios, eq(scenarios.automation_id, automationId));
}
