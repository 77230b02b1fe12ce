/**
 * The plan of an apply, computed from what is stored and what is declared, without touching
 * anything. A declared item matches the stored item with its key; failing that, a stored item
 * no apply has keyed yet with the same name (so a configuration made in the dashboard, once
 * exported, can be applied back and is taken over rather than duplicated). With `prune`,
 * stored items the document does not declare are deleted.
 */
import type {
  ConfigAutomation,
  ConfigBenchmark,
  ConfigDataset,
  ConfigDocument,
  ConfigKind,
  ConfigPlanItem,
  ConfigScenario,
} from '@tfbench/contract';
import { nameKey } from '../services/unique-name.js';
import {
  changedBenchmarkFields,
  declaredBenchmark,
  declaredDataset,
  storedBenchmark,
  storedDataset,
} from './canonical-datasets.js';
import {
  changedFields,
  declaredAutomation,
  declaredCredentials,
  declaredScenario,
  storedAutomation,
  storedScenario,
} from './canonical-items.js';
import { effectiveKeys } from './item-keys.js';
import type { StoredConfiguration } from './stored-configuration.js';

interface PlannedItem<T> {
  /** Where the item is in the document, for messages. */
  index: number;
  item: T;
  action: 'create' | 'update' | 'unchanged';
  id: number | null;
  fields: string[];
}

export type PlannedAutomation = PlannedItem<ConfigAutomation>;
export type PlannedDataset = PlannedItem<ConfigDataset>;
export type PlannedScenario = PlannedItem<ConfigScenario>;
export type PlannedBenchmark = PlannedItem<ConfigBenchmark>;

export interface PlannedDeletion {
  kind: ConfigKind;
  id: number;
  key: string;
  name: string;
}

export interface ConfigurationPlan {
  automations: PlannedAutomation[];
  datasets: PlannedDataset[];
  scenarios: PlannedScenario[];
  benchmarks: PlannedBenchmark[];
  /** Dependents first: benchmarks, scenarios, datasets, then automations. */
  deletions: PlannedDeletion[];
}

type KeyedRow = { id: number; key: string | null; name: string };

/** The plan of one kind: each declared item against its matched row, with the changed fields. */
function planKind<R extends KeyedRow, T extends { key: string; name: string }>(
  rows: readonly R[],
  declared: readonly T[],
  changes: (row: R, item: T) => string[],
): { planned: Array<PlannedItem<T>>; matched: Array<R | undefined> } {
  const matched = matchRows(rows, declared);
  const planned = declared.map((item, index): PlannedItem<T> => {
    const row = matched[index];
    if (!row) return { index, item, action: 'create', id: null, fields: [] };
    const fields = [...keyChange(row, item), ...changes(row, item)];
    return { index, item, action: fields.length > 0 ? 'update' : 'unchanged', id: row.id, fields };
  });
  return { planned, matched };
}

/** Ids of the matched items by key (null: to be created). */
function idsByKey(planned: ReadonlyArray<PlannedItem<{ key: string }>>): Map<string, number | null> {
  return new Map(planned.map((item) => [item.item.key, item.id]));
}

export function planConfiguration(
  stored: StoredConfiguration,
  document: ConfigDocument,
  options: { prune: boolean },
): ConfigurationPlan {
  const automations = planKind(stored.automations, document.automations, (row, item) => [
    ...changedFields(storedAutomation(row), declaredAutomation(item)),
    ...declaredCredentials(item),
  ]);
  const datasets = planKind(stored.datasets, document.datasets, (row, item) =>
    changedFields(storedDataset(row, stored.datasetRows.get(row.id)), declaredDataset(item)),
  );
  // A stored scenario's dataset by the key it is declared under now, else its own.
  const datasetKeys = effectiveKeys(stored.datasets, 'dataset');
  for (const planned of datasets.planned)
    if (planned.id !== null) datasetKeys.set(planned.id, planned.item.key);

  const automationIds = idsByKey(automations.planned);
  const scenarios = planKind(stored.scenarios, document.scenarios, (row, item) => [
    ...(automationIds.get(item.automation) !== row.automation_id ? ['automation'] : []),
    ...changedFields(storedScenario(row, datasetKeys), declaredScenario(item)),
  ]);
  const scenarioIds = idsByKey(scenarios.planned);
  const benchmarks = planKind(stored.benchmarks, document.benchmarks, (row, item) => [
    ...(scenarioIds.get(item.scenario) !== row.scenario_id ? ['scenario'] : []),
    ...changedBenchmarkFields(storedBenchmark(row), declaredBenchmark(item)),
  ]);

  const deletions = options.prune
    ? [
        ...undeclared(stored.benchmarks, benchmarks.matched, 'benchmark'),
        ...undeclared(stored.scenarios, scenarios.matched, 'scenario'),
        ...undeclared(stored.datasets, datasets.matched, 'dataset'),
        ...undeclared(stored.automations, automations.matched, 'automation'),
      ]
    : [];
  return {
    automations: automations.planned,
    datasets: datasets.planned,
    scenarios: scenarios.planned,
    benchmarks: benchmarks.planned,
    deletions,
  };
}

/** The plan as the API answers it: one line per item, and the counts. */
export function describePlan(plan: ConfigurationPlan, applied: boolean) {
  const line = (kind: ConfigKind) => (planned: PlannedItem<{ key: string; name: string }>) =>
    ({
      kind,
      key: planned.item.key,
      action: planned.action,
      id: planned.id,
      name: planned.item.name,
      fields: planned.fields,
    }) satisfies ConfigPlanItem;
  const items: ConfigPlanItem[] = [
    ...plan.automations.map(line('automation')),
    ...plan.datasets.map(line('dataset')),
    ...plan.scenarios.map(line('scenario')),
    ...plan.benchmarks.map(line('benchmark')),
    ...plan.deletions.map((deletion) => ({ ...deletion, action: 'delete' as const, fields: [] })),
  ];
  const counts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const item of items) counts[item.action]++;
  return { applied, items, counts };
}

/** For each declared item, its stored row: by key, else an unkeyed row of the same name. */
function matchRows<R extends KeyedRow>(
  rows: readonly R[],
  declared: ReadonlyArray<{ key: string; name: string }>,
): Array<R | undefined> {
  const byKey = new Map(rows.flatMap((row) => (row.key === null ? [] : [[row.key, row] as const])));
  const unkeyedByName = new Map<string, R[]>();
  for (const row of rows) {
    if (row.key !== null) continue;
    const name = nameKey(row.name);
    unkeyedByName.set(name, [...(unkeyedByName.get(name) ?? []), row]);
  }
  return declared.map((item) => {
    const keyed = byKey.get(item.key);
    if (keyed) return keyed;
    // One row is taken over by one item only, oldest first (datasets' names may repeat).
    return unkeyedByName.get(nameKey(item.name))?.shift();
  });
}

function keyChange(row: KeyedRow, item: { key: string }): string[] {
  return row.key === item.key ? [] : ['key'];
}

function undeclared<R extends KeyedRow>(
  rows: readonly R[],
  matched: ReadonlyArray<R | undefined>,
  kind: ConfigKind,
): PlannedDeletion[] {
  const kept = new Set(matched.flatMap((row) => (row ? [row.id] : [])));
  const keys = effectiveKeys(rows, kind);
  return rows
    .filter((row) => !kept.has(row.id))
    .map((row) => ({ kind, id: row.id, key: keys.get(row.id) ?? String(row.id), name: row.name }));
}
