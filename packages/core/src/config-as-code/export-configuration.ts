/**
 * The stored configuration as a document `apply` takes: every automation, dataset, scenario
 * and saved benchmark definition under its key, sorted by key, fields at their defaults left
 * out, credentials never included (an automation's `api_key` and header values are
 * write-only; `api_key_env` names a server variable and is exported). Scenarios name their
 * automation and dataset by key, benchmarks their scenario. A dataset is written with its
 * rows, or its generator's spec when it is synthetic.
 */
import type { ConfigDocumentInput } from '@tfbench/contract';
import type { CoreDeps } from '../services/deps.js';
import { datasetFields, storedBenchmark, storedDataset } from './canonical-datasets.js';
import { storedAutomation, storedScenario, withoutDefaults } from './canonical-items.js';
import { effectiveKeys } from './item-keys.js';
import { loadStoredConfiguration } from './stored-configuration.js';

/**
 * @example
 * const document = await exportConfiguration(deps);
 * // { automations: [{ key: 'shop', name: 'Shop search', ... }], datasets: [...], scenarios: [...], benchmarks: [...] }
 */
export async function exportConfiguration(deps: Pick<CoreDeps, 'db'>): Promise<ConfigDocumentInput> {
  const stored = await loadStoredConfiguration(deps.db.db);
  const automationKeys = effectiveKeys(stored.automations, 'automation');
  const datasetKeys = effectiveKeys(stored.datasets, 'dataset');
  const scenarioKeys = effectiveKeys(stored.scenarios, 'scenario');
  const benchmarkKeys = effectiveKeys(stored.benchmarks, 'benchmark');
  const automations = stored.automations.map((row) => ({
    key: automationKeys.get(row.id) as string,
    ...withoutDefaults(storedAutomation(row), 'automation'),
  }));
  const datasets = stored.datasets.map((row) => ({
    key: datasetKeys.get(row.id) as string,
    ...datasetFields(storedDataset(row, stored.datasetRows.get(row.id))),
  }));
  const scenarios = stored.scenarios.map((row) => {
    const { name, ...rest } = withoutDefaults(storedScenario(row, datasetKeys), 'scenario');
    return {
      key: scenarioKeys.get(row.id) as string,
      name: name as string,
      automation: automationKeys.get(row.automation_id) as string,
      ...rest,
    };
  });
  const benchmarks = stored.benchmarks.map((row) => {
    const { name, settings } = storedBenchmark(row);
    return {
      key: benchmarkKeys.get(row.id) as string,
      name,
      scenario: scenarioKeys.get(row.scenario_id) as string,
      ...settings,
    };
  });
  return {
    automations: byKey(automations) as ConfigDocumentInput['automations'],
    datasets: byKey(datasets) as ConfigDocumentInput['datasets'],
    scenarios: byKey(scenarios) as ConfigDocumentInput['scenarios'],
    benchmarks: byKey(benchmarks) as ConfigDocumentInput['benchmarks'],
  };
}

/** Code-point order, so the same keys sort the same on every machine. */
function byKey<T extends { key: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
