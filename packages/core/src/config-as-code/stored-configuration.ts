/**
 * Everything configuration as code compares against, read at once: automations, datasets
 * (with the rows of those not generated, since a changed row set is an update), scenarios
 * and saved benchmark definitions.
 */
import type { JsonObject } from '@tfbench/domain/model';
import type { Executor } from '../db/database.js';
import type { Automation, BenchmarkDefinition, Dataset, Scenario } from '../db/schema.js';
import {
  selectAllAutomations,
  selectAllBenchmarkDefinitions,
  selectAllDatasets,
  selectAllScenarios,
} from '../repositories/config-keys.js';
import { selectAllDatasetRows } from '../repositories/datasets.js';

export interface StoredConfiguration {
  automations: Automation[];
  datasets: Dataset[];
  /** The rows of every dataset that is not synthetic (a synthetic one is its generator's spec). */
  datasetRows: Map<number, JsonObject[]>;
  scenarios: Scenario[];
  benchmarks: BenchmarkDefinition[];
}

export async function loadStoredConfiguration(db: Executor): Promise<StoredConfiguration> {
  const datasets = await selectAllDatasets(db);
  const datasetRows = new Map<number, JsonObject[]>();
  for (const dataset of datasets) {
    if (dataset.source !== 'synthetic')
      datasetRows.set(dataset.id, await selectAllDatasetRows(db, dataset.id));
  }
  return {
    automations: await selectAllAutomations(db),
    datasets,
    datasetRows,
    scenarios: await selectAllScenarios(db),
    benchmarks: await selectAllBenchmarkDefinitions(db),
  };
}
