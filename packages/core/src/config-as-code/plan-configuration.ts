/**
 * The plan of an apply, computed from what is stored and what is declared, without touching
 * anything. A declared item matches the stored item with its key; failing that, a stored item
 * no apply has keyed yet with the same name (so a configuration made in the dashboard, once
 * exported, can be applied back and is taken over rather than duplicated). With `prune`,
 * stored items the document does not declare are deleted.
 */
import type { ConfigAutomation, ConfigDocument, ConfigPlanItem, ConfigScenario } from '@tfbench/contract';
import type { Automation, Scenario } from '../db/schema.js';
import { nameKey } from '../services/unique-name.js';
import {
  changedFields,
  declaredAutomation,
  declaredCredentials,
  declaredScenario,
  storedAutomation,
  storedScenario,
} from './canonical-items.js';
import { effectiveKeys } from './item-keys.js';

export interface StoredConfiguration {
  automations: Automation[];
  scenarios: Scenario[];
}

interface PlannedItem<T> {
  /** Where the item is in the document, for messages. */
  index: number;
  item: T;
  action: 'create' | 'update' | 'unchanged';
  id: number | null;
  fields: string[];
}

export type PlannedAutomation = PlannedItem<ConfigAutomation>;
export type PlannedScenario = PlannedItem<ConfigScenario>;

export interface PlannedDeletion {
  kind: 'automation' | 'scenario';
  id: number;
  key: string;
  name: string;
}

export interface ConfigurationPlan {
  automations: PlannedAutomation[];
  scenarios: PlannedScenario[];
  /** Scenarios first: an automation goes after the scenarios that used it. */
  deletions: PlannedDeletion[];
}

export function planConfiguration(
  stored: StoredConfiguration,
  document: ConfigDocument,
  options: { prune: boolean },
): ConfigurationPlan {
  const automationRows = matchRows(stored.automations, document.automations);
  const automations = document.automations.map((item, index): PlannedAutomation => {
    const row = automationRows[index];
    if (!row) return { index, item, action: 'create', id: null, fields: [] };
    const fields = [
      ...keyChange(row, item),
      ...changedFields(storedAutomation(row), declaredAutomation(item)),
      ...declaredCredentials(item),
    ];
    return { index, item, action: fields.length > 0 ? 'update' : 'unchanged', id: row.id, fields };
  });
  const automationIds = new Map(automations.map((planned) => [planned.item.key, planned.id]));

  const scenarioRows = matchRows(stored.scenarios, document.scenarios);
  const scenarios = document.scenarios.map((item, index): PlannedScenario => {
    const row = scenarioRows[index];
    if (!row) return { index, item, action: 'create', id: null, fields: [] };
    const moved = automationIds.get(item.automation) !== row.automation_id ? ['automation'] : [];
    const fields = [
      ...keyChange(row, item),
      ...moved,
      ...changedFields(storedScenario(row), declaredScenario(item)),
    ];
    return { index, item, action: fields.length > 0 ? 'update' : 'unchanged', id: row.id, fields };
  });

  const deletions = options.prune
    ? [
        ...undeclared(stored.scenarios, scenarioRows, 'scenario'),
        ...undeclared(stored.automations, automationRows, 'automation'),
      ]
    : [];
  return { automations, scenarios, deletions };
}

/** The plan as the API answers it: one line per item, and the counts. */
export function describePlan(plan: ConfigurationPlan, applied: boolean) {
  const line =
    (kind: 'automation' | 'scenario') => (planned: PlannedItem<ConfigAutomation | ConfigScenario>) =>
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
    ...plan.scenarios.map(line('scenario')),
    ...plan.deletions.map((deletion) => ({ ...deletion, action: 'delete' as const, fields: [] })),
  ];
  const counts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const item of items) counts[item.action]++;
  return { applied, items, counts };
}

type KeyedRow = { id: number; key: string | null; name: string };

/** For each declared item, its stored row: by key, else an unkeyed row of the same name. */
function matchRows<R extends KeyedRow>(
  rows: readonly R[],
  declared: ReadonlyArray<{ key: string; name: string }>,
): Array<R | undefined> {
  const byKey = new Map(rows.flatMap((row) => (row.key === null ? [] : [[row.key, row] as const])));
  const unkeyedByName = new Map(
    rows.flatMap((row) => (row.key === null ? [[nameKey(row.name), row] as const] : [])),
  );
  return declared.map((item) => {
    const keyed = byKey.get(item.key);
    if (keyed) return keyed;
    const named = unkeyedByName.get(nameKey(item.name));
    // One row is taken over by one item only.
    if (named) unkeyedByName.delete(nameKey(item.name));
    return named;
  });
}

function keyChange(row: KeyedRow, item: { key: string }): string[] {
  return row.key === item.key ? [] : ['key'];
}

function undeclared<R extends KeyedRow>(
  rows: readonly R[],
  matched: ReadonlyArray<R | undefined>,
  kind: PlannedDeletion['kind'],
): PlannedDeletion[] {
  const kept = new Set(matched.flatMap((row) => (row ? [row.id] : [])));
  const keys = effectiveKeys(rows, kind);
  return rows
    .filter((row) => !kept.has(row.id))
    .map((row) => ({ kind, id: row.id, key: keys.get(row.id) ?? String(row.id), name: row.name }));
}
