/**
 * SQL of configuration as code: every automation, dataset, scenario and benchmark definition
 * at once (a configuration is small: items are made by people), and the stable `key` an
 * apply gives them.
 */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import {
  type Automation,
  automations,
  type BenchmarkDefinition,
  benchmark_definitions,
  type Dataset,
  datasets,
  type Scenario,
  scenarios,
} from '../db/schema.js';

/** Every automation, oldest first. */
export function selectAllAutomations(db: Executor): Promise<Automation[]> {
  return db.select().from(automations).orderBy(asc(automations.id));
}

/** Every scenario, oldest first. */
export function selectAllScenarios(db: Executor): Promise<Scenario[]> {
  return db.select().from(scenarios).orderBy(asc(scenarios.id));
}

/** Every dataset (without its rows), oldest first. */
export function selectAllDatasets(db: Executor): Promise<Dataset[]> {
  return db.select().from(datasets).orderBy(asc(datasets.id));
}

/** Every saved benchmark definition, oldest first. */
export function selectAllBenchmarkDefinitions(db: Executor): Promise<BenchmarkDefinition[]> {
  return db.select().from(benchmark_definitions).orderBy(asc(benchmark_definitions.id));
}

/** Sets an automation's key without touching updated_at: the key is not part of what it does. */
export async function setAutomationKey(db: Executor, id: number, key: string): Promise<void> {
  await db.update(automations).set({ key }).where(eq(automations.id, id));
}

/** Sets a scenario's key without touching updated_at. */
export async function setScenarioKey(db: Executor, id: number, key: string): Promise<void> {
  await db.update(scenarios).set({ key }).where(eq(scenarios.id, id));
}

/** Sets a dataset's key without touching updated_at. */
export async function setDatasetKey(db: Executor, id: number, key: string): Promise<void> {
  await db.update(datasets).set({ key }).where(eq(datasets.id, id));
}

/** Sets a benchmark definition's key without touching updated_at. */
export async function setBenchmarkDefinitionKey(db: Executor, id: number, key: string): Promise<void> {
  await db.update(benchmark_definitions).set({ key }).where(eq(benchmark_definitions.id, id));
}
