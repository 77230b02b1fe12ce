/**
 * Read a benchmark file (YAML, or JSON, which YAML 1.2 reads too), check it against the
 * format, and check that every key it refers to exists. Every problem names the file, the
 * line and the field, so a CI log points straight at the mistake.
 */
import { readFile } from 'node:fs/promises';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { type BenchFile, benchFile } from './bench-file-schema.js';
import { CliError } from './errors.js';

type Path = ReadonlyArray<string | number>;

/** A loaded file: its contents and where each field sits in it, for later messages. */
export interface LoadedBenchFile {
  path: string;
  contents: BenchFile;
  /** `file:line: field` for a field's path, e.g. ['benchmark', 'scenario']. */
  locate(path: Path): string;
}

/** Read one file and check its references: what `run` does with its FILE. */
export async function loadBenchFile(path: string): Promise<LoadedBenchFile> {
  const loaded = await readBenchFile(path);
  checkReferences([loaded]);
  return loaded;
}

/** Read a file and check it against the format; references are left to checkReferences. */
export async function readBenchFile(path: string): Promise<LoadedBenchFile> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new CliError(`${path}: cannot read the benchmark file: ${reason}`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  const locate = (fieldPath: Path) =>
    `${path}:${lineOf(document, lineCounter, fieldPath)}: ${fieldName(fieldPath)}`;
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = first ? lineCounter.linePos(first.pos[0]).line : 1;
    throw new CliError(
      `${path}:${line}: not valid YAML or JSON: ${first?.message.split('\n')[0] ?? 'parse error'}`,
    );
  }
  const parsed = benchFile.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${locate([...(issue.path as Path), key])}: unknown field`)
        : [`${locate(issue.path as Path)}: ${issue.message}`],
    );
    throw new CliError(`${path} is not a valid benchmark file:\n  ${lines.join('\n  ')}`);
  }
  return { path, contents: parsed.data, locate };
}

/**
 * Across the given files (one, or a folder's): keys unique per kind, and every key an item
 * names defined in one of them: a scenario's automation and dataset, a saved benchmark's
 * scenario, the run's benchmark's scenario.
 */
export function checkReferences(files: readonly LoadedBenchFile[]): void {
  const problems: string[] = [];
  const automationKeys = uniqueKeys(files, 'automations', problems);
  const datasetKeys = uniqueKeys(files, 'datasets', problems);
  const scenarioKeys = uniqueKeys(files, 'scenarios', problems);
  uniqueKeys(files, 'benchmarks', problems);
  for (const { contents, locate } of files) {
    const unknown = (path: Path, what: string, key: string, keys: Set<string>) =>
      problems.push(`${locate(path)}: unknown ${what} key "${key}"${known(keys, files)}`);
    contents.scenarios.forEach((scenario, index) => {
      if (!automationKeys.has(scenario.automation))
        unknown(['scenarios', index, 'automation'], 'automation', scenario.automation, automationKeys);
      const dataset = (scenario.run_settings as Record<string, unknown> | undefined)?.dataset;
      if (dataset === null || typeof dataset !== 'object') return;
      const at: Path = ['scenarios', index, 'run_settings', 'dataset'];
      const { key, id } = dataset as Record<string, unknown>;
      if (id !== undefined)
        problems.push(`${locate([...at, 'id'])}: name the dataset by key (ids differ between servers)`);
      else if (typeof key !== 'string')
        problems.push(`${locate(at)}: must name a dataset by key: {key, order, seed}`);
      else if (!datasetKeys.has(key)) unknown([...at, 'key'], 'dataset', key, datasetKeys);
    });
    contents.benchmarks.forEach((benchmark, index) => {
      if (!scenarioKeys.has(benchmark.scenario))
        unknown(['benchmarks', index, 'scenario'], 'scenario', benchmark.scenario, scenarioKeys);
    });
    const wanted = contents.benchmark?.scenario;
    if (wanted !== undefined && !scenarioKeys.has(wanted)) {
      problems.push(
        `${locate(['benchmark', 'scenario'])}: missing scenario "${wanted}"${known(scenarioKeys, files)}`,
      );
    }
  }
  if (problems.length > 0) throw new CliError(problems.join('\n'));
}

function uniqueKeys(
  files: readonly LoadedBenchFile[],
  kind: 'automations' | 'datasets' | 'scenarios' | 'benchmarks',
  problems: string[],
): Set<string> {
  const keys = new Set<string>();
  for (const { contents, locate } of files) {
    contents[kind].forEach((item, index) => {
      if (keys.has(item.key)) problems.push(`${locate([kind, index, 'key'])}: duplicate key "${item.key}"`);
      keys.add(item.key);
    });
  }
  return keys;
}

function known(keys: Set<string>, files: readonly LoadedBenchFile[]): string {
  const where = files.length === 1 ? 'the file defines' : 'the files define';
  return keys.size === 0 ? ` (${where} none)` : ` (${where} ${[...keys].map((k) => `"${k}"`).join(', ')})`;
}

/** The line of the deepest node on `path` that exists: a missing field points at its parent. */
function lineOf(document: Document, lineCounter: LineCounter, path: Path): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return 1;
}

/** `scenarios[0].automation`, the way a person writes a field's path. */
export function fieldName(path: Path): string {
  if (path.length === 0) return '(file)';
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`),
    '',
  );
}
