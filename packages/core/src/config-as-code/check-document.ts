/**
 * What a document must hold before anything is compared: keys unique per kind, names unique
 * per kind where the server wants them so (ignoring case and surrounding spaces; datasets'
 * names may repeat), and every reference declared in the same document: a scenario's
 * automation and dataset, a benchmark's scenario. Every problem is a field issue naming its
 * place, e.g. `document.scenarios.2.automation`.
 */
import type { ConfigDocument } from '@tfbench/contract';
import { type FieldIssue, ValidationError } from '@tfbench/domain/errors';
import { nameKey } from '../services/unique-name.js';

export function checkDocument(document: ConfigDocument): void {
  const issues: FieldIssue[] = [];
  const automationKeys = uniqueFields(document.automations, 'automations', issues);
  const datasetKeys = uniqueFields(document.datasets, 'datasets', issues, { uniqueNames: false });
  const scenarioKeys = uniqueFields(document.scenarios, 'scenarios', issues);
  uniqueFields(document.benchmarks, 'benchmarks', issues);
  const missing = (field: string, what: string, key: string) =>
    issues.push({ field, message: `names the ${what} key "${key}", which the document does not declare` });
  document.scenarios.forEach((scenario, index) => {
    if (!automationKeys.has(scenario.automation))
      missing(`document.scenarios.${index}.automation`, 'automation', scenario.automation);
    checkDatasetReference(
      scenario.run_settings,
      `document.scenarios.${index}.run_settings.dataset`,
      datasetKeys,
      issues,
    );
  });
  document.benchmarks.forEach((benchmark, index) => {
    if (!scenarioKeys.has(benchmark.scenario))
      missing(`document.benchmarks.${index}.scenario`, 'scenario', benchmark.scenario);
  });
  if (issues.length > 0) throw new ValidationError(issues);
}

/** A document names a scenario's dataset by key: ids differ from one server to the next. */
function checkDatasetReference(
  runSettings: unknown,
  field: string,
  datasetKeys: ReadonlySet<string>,
  issues: FieldIssue[],
): void {
  const dataset = (runSettings as Record<string, unknown> | undefined)?.dataset;
  if (dataset === undefined || dataset === null) return;
  if (typeof dataset !== 'object' || Array.isArray(dataset)) {
    issues.push({ field, message: 'must be an object {key, order, seed}' });
    return;
  }
  const { key, id } = dataset as Record<string, unknown>;
  if (id !== undefined) {
    issues.push({
      field: `${field}.id`,
      message: 'name the dataset by key (ids differ between servers): {key, order, seed}',
    });
  } else if (typeof key !== 'string') {
    issues.push({ field: `${field}.key`, message: 'must be the key of a dataset the document declares' });
  } else if (!datasetKeys.has(key)) {
    issues.push({
      field: `${field}.key`,
      message: `names the dataset key "${key}", which the document does not declare`,
    });
  }
}

function uniqueFields(
  items: ReadonlyArray<{ key: string; name: string }>,
  kind: string,
  issues: FieldIssue[],
  options = { uniqueNames: true },
): Set<string> {
  const keys = new Set<string>();
  const names = new Set<string>();
  items.forEach((item, index) => {
    if (keys.has(item.key))
      issues.push({ field: `document.${kind}.${index}.key`, message: `duplicate key "${item.key}"` });
    if (options.uniqueNames && names.has(nameKey(item.name)))
      issues.push({ field: `document.${kind}.${index}.name`, message: `duplicate name "${item.name}"` });
    keys.add(item.key);
    names.add(nameKey(item.name));
  });
  return keys;
}
