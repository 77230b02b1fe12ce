/**
 * The stored configuration as a document `apply` takes: every automation and scenario under
 * its key, sorted by key, fields at their defaults left out, credentials never included
 * (an automation's `api_key` and header values are write-only; `api_key_env` names a server
 * variable and is exported).
 */
import type { ConfigDocumentInput } from '@tfbench/contract';
import { selectAllAutomations, selectAllScenarios } from '../repositories/config-keys.js';
import type { CoreDeps } from '../services/deps.js';
import { storedAutomation, storedScenario, withoutDefaults } from './canonical-items.js';
import { effectiveKeys } from './item-keys.js';

/**
 * @example
 * const document = await exportConfiguration(deps);
 * // { automations: [{ key: 'shop', name: 'Shop search', ... }], scenarios: [...] }
 */
export async function exportConfiguration(deps: Pick<CoreDeps, 'db'>): Promise<ConfigDocumentInput> {
  const { db } = deps.db;
  const [automationRows, scenarioRows] = [await selectAllAutomations(db), await selectAllScenarios(db)];
  const automationKeys = effectiveKeys(automationRows, 'automation');
  const scenarioKeys = effectiveKeys(scenarioRows, 'scenario');
  const automations = automationRows.map((row) => ({
    key: automationKeys.get(row.id) as string,
    ...withoutDefaults(storedAutomation(row), 'automation'),
  }));
  const scenarios = scenarioRows.map((row) => {
    const { name, ...rest } = withoutDefaults(storedScenario(row), 'scenario');
    return {
      key: scenarioKeys.get(row.id) as string,
      name: name as string,
      automation: automationKeys.get(row.automation_id) as string,
      ...rest,
    };
  });
  return {
    automations: byKey(automations) as ConfigDocumentInput['automations'],
    scenarios: byKey(scenarios) as ConfigDocumentInput['scenarios'],
  };
}

/** Code-point order, so the same keys sort the same on every machine. */
function byKey<T extends { key: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
