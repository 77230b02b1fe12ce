/**
 * Plan a document against what is stored and, unless it is a dry run, carry the plan out in
 * one transaction: automations and datasets are created or updated first, then scenarios
 * (which may move to them), then benchmark definitions (which name scenarios), then, with
 * `prune`, undeclared items are deleted, dependents first (scenarios and automations with
 * their runs and benchmarks). Every write goes through the same use cases as the API's own routes, so the
 * same rules hold; a failure leaves everything as it was and names the document's item.
 */
import type {
  ConfigAutomation,
  ConfigBenchmark,
  ConfigDocument,
  ConfigPlan,
  ConfigScenario,
} from '@tfbench/contract';
import {
  type BenchmarkDefinitionInput,
  createBenchmarkDefinition,
  deleteBenchmarkDefinition,
  updateBenchmarkDefinition,
} from '../benchmark-definitions/definition-service.js';
import { createDataset, deleteDataset, replaceDataset } from '../datasets/dataset-service.js';
import type { Database } from '../db/database.js';
import {
  setAutomationKey,
  setBenchmarkDefinitionKey,
  setDatasetKey,
  setScenarioKey,
} from '../repositories/config-keys.js';
import { createAutomation } from '../services/create-automation.js';
import { createScenario } from '../services/create-scenario.js';
import { deleteAutomation } from '../services/delete-automation.js';
import { deleteScenario } from '../services/delete-scenario.js';
import type { CoreDeps } from '../services/deps.js';
import { updateAutomation } from '../services/update-automation.js';
import { updateScenario } from '../services/update-scenario.js';
import { applyItems } from './apply-items.js';
import { datasetFields, declaredBenchmark, declaredDataset, runSettingsById } from './canonical-datasets.js';
import { declaredAutomation, declaredScenario } from './canonical-items.js';
import { checkDocument } from './check-document.js';
import { type ConfigurationPlan, describePlan, planConfiguration } from './plan-configuration.js';
import { loadStoredConfiguration, type StoredConfiguration } from './stored-configuration.js';

export interface ApplyConfigurationInput {
  document: ConfigDocument;
  prune?: boolean;
  /** Only plan: nothing is written. */
  dryRun?: boolean;
}

/**
 * @example
 * const plan = await applyConfiguration(deps, { document, prune: false, dryRun: true });
 * // plan.items: [{ kind: 'scenario', key: 'cheapest', action: 'update', fields: ['thresholds'], ... }]
 */
export async function applyConfiguration(
  deps: CoreDeps,
  input: ApplyConfigurationInput,
): Promise<ConfigPlan> {
  checkDocument(input.document);
  const options = { prune: input.prune ?? false };
  if (input.dryRun) {
    const stored = await loadStoredConfiguration(deps.db.db);
    return describePlan(planConfiguration(stored, input.document, options), false);
  }
  return deps.db.db.transaction(async (tx) => {
    // The use cases open their own transactions; inside this one they become savepoints.
    const inTx: CoreDeps = { ...deps, db: { ...deps.db, db: tx as unknown as Database } };
    const stored = await loadStoredConfiguration(tx);
    const plan = planConfiguration(stored, input.document, options);
    await carryOut(inTx, plan, stored);
    return describePlan(plan, true);
  });
}

async function carryOut(deps: CoreDeps, plan: ConfigurationPlan, stored: StoredConfiguration): Promise<void> {
  const { db } = deps.db;
  const automationIds = await applyItems(plan.automations, {
    kind: 'automations',
    create: (item) => createAutomation(deps, automationBody(item)),
    update: (id, item) => updateAutomation(deps, id, automationBody(item)),
    setKey: (id, key) => setAutomationKey(db, id, key),
  });
  const datasetIds = await applyItems(plan.datasets, {
    kind: 'datasets',
    create: (item) => createDataset(deps, datasetFields(declaredDataset(item))),
    update: (id, item) => replaceDataset(deps, id, datasetFields(declaredDataset(item))),
    setKey: (id, key) => setDatasetKey(db, id, key),
  });
  const scenarioBody = (item: ConfigScenario) => {
    const declared = declaredScenario(item);
    return {
      ...declared,
      run_settings: runSettingsById(declared.run_settings, datasetIds),
      automation_id: automationIds.get(item.automation) as number,
    };
  };
  const scenarioIds = await applyItems(plan.scenarios, {
    kind: 'scenarios',
    create: (item) => createScenario(deps, scenarioBody(item)),
    update: (id, item) => updateScenario(deps, id, scenarioBody(item)),
    setKey: (id, key) => setScenarioKey(db, id, key),
  });
  const benchmarkBody = (item: ConfigBenchmark) => {
    const { name, settings } = declaredBenchmark(item);
    return {
      ...settings,
      name,
      scenario_id: scenarioIds.get(item.scenario) as number,
    } as BenchmarkDefinitionInput;
  };
  await applyItems(plan.benchmarks, {
    kind: 'benchmarks',
    create: (item) => createBenchmarkDefinition(deps, benchmarkBody(item)),
    // The declared settings replace the stored ones: those it leaves out are cleared.
    update: (id, item) => {
      const current = stored.benchmarks.find((row) => row.id === id)?.settings ?? {};
      const cleared = Object.fromEntries(Object.keys(current).map((field) => [field, null]));
      return updateBenchmarkDefinition(deps, id, { ...cleared, ...benchmarkBody(item) });
    },
    setKey: (id, key) => setBenchmarkDefinitionKey(db, id, key),
  });
  for (const deletion of plan.deletions) {
    const cascade = { cascade: true };
    if (deletion.kind === 'benchmark') await deleteBenchmarkDefinition(deps, deletion.id);
    else if (deletion.kind === 'scenario') await deleteScenario(deps, deletion.id, cascade);
    else if (deletion.kind === 'dataset') await deleteDataset(deps, deletion.id, cascade);
    else await deleteAutomation(deps, deletion.id, cascade);
  }
}

/** Credentials are write-only, so the declared config is sent as it is, credentials and all. */
function automationBody(item: ConfigAutomation) {
  return { ...declaredAutomation(item), config: item.config ?? {} } as Parameters<typeof createAutomation>[1];
}
