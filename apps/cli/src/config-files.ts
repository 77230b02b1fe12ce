/**
 * What `apply -f PATH` declares: one file, or every YAML and JSON file under a folder (in
 * path order), each checked against the format, their keys and references checked across
 * all of them, merged into the one document the API takes. Each item remembers where it
 * came from, so a field the server refuses is reported at its file and line.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigDocumentInput } from '@tfbench/contract';
import { CliError } from './errors.js';
import { checkReferences, type LoadedBenchFile, readBenchFile } from './load-bench-file.js';

const CONFIG_EXTENSIONS = ['.yaml', '.yml', '.json'];

const KINDS = ['automations', 'datasets', 'scenarios', 'benchmarks'] as const;
type Kind = (typeof KINDS)[number];

export interface ConfigFiles {
  files: LoadedBenchFile[];
  document: ConfigDocumentInput;
  /** `file:line: field` of a field the API names, e.g. `body.document.scenarios[2].thresholds.0`. */
  locateApiField(field: string): string | undefined;
}

export async function loadConfigFiles(target: string): Promise<ConfigFiles> {
  const files = await Promise.all((await configPaths(target)).map((file) => readBenchFile(file)));
  checkReferences(files);
  const origins = Object.fromEntries(KINDS.map((kind) => [kind, []])) as unknown as Record<
    Kind,
    Array<{ file: LoadedBenchFile; index: number }>
  >;
  const document = Object.fromEntries(KINDS.map((kind) => [kind, []])) as unknown as Record<Kind, unknown[]>;
  for (const file of files) {
    for (const kind of KINDS) {
      file.contents[kind].forEach((item, index) => {
        document[kind].push(item);
        origins[kind].push({ file, index });
      });
    }
  }
  return {
    files,
    document: document as ConfigDocumentInput,
    locateApiField(field) {
      const parts = field
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .filter((part) => part !== '');
      const at = parts.indexOf('document');
      const kind = parts[at + 1] as Kind;
      const origin = at >= 0 && kind in origins ? origins[kind][Number(parts[at + 2])] : undefined;
      if (!origin) return undefined;
      const rest = parts.slice(at + 3).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      return origin.file.locate([kind, origin.index, ...rest]);
    },
  };
}

/** The file itself, or the folder's YAML and JSON files at any depth, sorted. */
async function configPaths(target: string): Promise<string[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(target)).isDirectory();
  } catch {
    throw new CliError(`${target}: no such file or folder`);
  }
  if (!isFolder) return [target];
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  const found = entries
    .filter((entry) => entry.isFile() && CONFIG_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  if (found.length === 0) throw new CliError(`${target}: the folder holds no .yaml, .yml or .json file`);
  return found;
}
