/**
 * A configuration document as the files `export` writes: YAML (or JSON for a .json path),
 * in one file, or in a folder with one file per automation holding its scenarios. The same
 * document always gives the same bytes, so an export can be diffed and kept in git.
 */
import type { ConfigDocumentInput } from '@tfbench/contract';
import { stringify } from 'yaml';

export const EXPORT_HEADER =
  '# tfbench configuration: `tfbench apply -f` takes it back. Credentials (api_key, header\n' +
  '# values) are never exported: set config.api_key_env, or give them at apply time.\n';

export function configText(document: ConfigDocumentInput, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  // lineWidth 0: long strings stay on one line rather than folded where the width falls.
  return EXPORT_HEADER + stringify(document, { lineWidth: 0 });
}

/** The file of the datasets: a key cannot start with `_`, so no automation's file is named so. */
export const DATASETS_FILE = '_datasets.yaml';

/**
 * One document per automation, with the scenarios that run it and the saved benchmarks of
 * those, by file name; the datasets (which any scenario may name) in a file of their own.
 */
export function splitByAutomation(document: ConfigDocumentInput): Map<string, ConfigDocumentInput> {
  const files = new Map<string, ConfigDocumentInput>();
  if ((document.datasets ?? []).length > 0) files.set(DATASETS_FILE, { datasets: document.datasets });
  for (const automation of document.automations ?? []) {
    const scenarios = (document.scenarios ?? []).filter((scenario) => scenario.automation === automation.key);
    const scenarioKeys = new Set(scenarios.map((scenario) => scenario.key));
    const benchmarks = (document.benchmarks ?? []).filter((benchmark) =>
      scenarioKeys.has(benchmark.scenario),
    );
    files.set(`${automation.key}.yaml`, {
      automations: [automation],
      scenarios,
      ...(benchmarks.length > 0 ? { benchmarks } : {}),
    });
  }
  return files;
}
