/**
 * Datasets and benchmark definitions as configuration, the one shape plans compare and
 * exports write; and a scenario's dataset reference, which a document gives by key
 * (`run_settings.dataset: {key, order, seed}`) and the server stores by id.
 */
import type { ConfigBenchmark, ConfigDataset } from '@tfbench/contract';
import type { JsonObject } from '@tfbench/domain/model';
import { definitionSettings } from '../benchmark-definitions/definition-service.js';
import type { BenchmarkDefinition, Dataset } from '../db/schema.js';
import { sameJson } from './same-json.js';

/** A dataset as configuration: its rows, or the spec that generates them (never both). */
export interface CanonicalDataset {
  name: string;
  rows: JsonObject[] | null;
  synthetic: JsonObject | null;
}

export function storedDataset(row: Dataset, rows: JsonObject[] | undefined): CanonicalDataset {
  if (row.source === 'synthetic') return { name: row.name, rows: null, synthetic: row.synthetic };
  return { name: row.name, rows: rows ?? [], synthetic: null };
}

/** The spec with its defaults spelled out, as the server stores it (sd 0, seed 0). */
export function declaredDataset(item: ConfigDataset): CanonicalDataset {
  if (item.synthetic === undefined || item.synthetic === null) {
    return { name: item.name, rows: (item.rows ?? null) as JsonObject[] | null, synthetic: null };
  }
  const { rows, prompt_tokens, output_tokens, seed } = item.synthetic;
  return {
    name: item.name,
    rows: null,
    synthetic: {
      rows,
      prompt_tokens: { mean: prompt_tokens.mean, sd: prompt_tokens.sd ?? 0 },
      output_tokens,
      seed: seed ?? 0,
    },
  };
}

/** The document's fields of a dataset: `rows` or `synthetic`, whichever it has. */
export function datasetFields(dataset: CanonicalDataset): {
  name: string;
  rows?: JsonObject[];
  synthetic?: JsonObject;
} {
  return dataset.synthetic === null
    ? { name: dataset.name, rows: dataset.rows ?? [] }
    : { name: dataset.name, synthetic: dataset.synthetic };
}

/** A definition as configuration: its name and settings; its scenario is compared by id. */
export interface CanonicalBenchmark {
  name: string;
  settings: JsonObject;
}

export function storedBenchmark(row: BenchmarkDefinition): CanonicalBenchmark {
  return { name: row.name, settings: row.settings };
}

export function declaredBenchmark(item: ConfigBenchmark): CanonicalBenchmark {
  const { key: _key, scenario: _scenario, ...request } = item;
  return { name: item.name, settings: definitionSettings(request) };
}

/** `name` and each setting that differs or is added (in the declared order), then each removed. */
export function changedBenchmarkFields(current: CanonicalBenchmark, wanted: CanonicalBenchmark): string[] {
  const fields = current.name === wanted.name ? [] : ['name'];
  const settings = new Set([...Object.keys(wanted.settings), ...Object.keys(current.settings)]);
  for (const field of settings) {
    if (!sameJson(current.settings[field], wanted.settings[field])) fields.push(field);
  }
  return fields;
}

type RunSettings = Record<string, unknown>;

function datasetOf(runSettings: RunSettings): Record<string, unknown> | undefined {
  const dataset = runSettings.dataset;
  return dataset !== null && typeof dataset === 'object' && !Array.isArray(dataset)
    ? (dataset as Record<string, unknown>)
    : undefined;
}

/** The dataset key a document's run_settings name, if any. */
export function declaredDatasetKey(runSettings: RunSettings): unknown {
  return datasetOf(runSettings)?.key;
}

/** Stored run_settings with the dataset named by key; an id no dataset has is left as it is. */
export function runSettingsByKey(runSettings: RunSettings, keys: ReadonlyMap<number, string>): RunSettings {
  const dataset = datasetOf(runSettings);
  const key = typeof dataset?.id === 'number' ? keys.get(dataset.id) : undefined;
  if (!dataset || key === undefined) return runSettings;
  const { id: _id, ...rest } = dataset;
  return { ...runSettings, dataset: { key, ...rest } };
}

/** A document's run_settings with the dataset named by id, as the server stores them. */
export function runSettingsById(runSettings: RunSettings, ids: ReadonlyMap<string, number>): RunSettings {
  const dataset = datasetOf(runSettings);
  if (!dataset || typeof dataset.key !== 'string') return runSettings;
  const { key, ...rest } = dataset;
  return { ...runSettings, dataset: { id: ids.get(key), ...rest } };
}
