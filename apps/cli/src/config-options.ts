/** The command lines of `tfbench apply` and `tfbench export`, parsed and checked (exit 2 when wrong). */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

interface Where {
  server: string | undefined;
  dataDir: string | undefined;
}

export interface ApplyOptions extends Where {
  help: boolean;
  /** A file, or a folder of YAML and JSON files. */
  file: string | undefined;
  dryRun: boolean;
  prune: boolean;
}

export interface ExportOptions extends Where {
  help: boolean;
  /** A file (.yaml, .yml, .json) or a folder; absent: stdout. */
  out: string | undefined;
}

const WHERE = {
  server: { type: 'string' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseApplyOptions(args: string[]): ApplyOptions {
  const { values, positionals } = asUsage('apply', () =>
    parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ...WHERE,
        file: { type: 'string', short: 'f' },
        'dry-run': { type: 'boolean' },
        prune: { type: 'boolean' },
      },
    }),
  );
  if (positionals.length > 0)
    throw new UsageError(`apply takes its PATH as -f PATH, got "${positionals.join(' ')}"`);
  const options: ApplyOptions = {
    help: values.help === true,
    file: values.file,
    dryRun: values['dry-run'] === true,
    prune: values.prune === true,
    ...where(values),
  };
  if (!options.help && options.file === undefined)
    throw new UsageError('apply needs -f PATH (a file or a folder)');
  return options;
}

export function parseExportOptions(args: string[]): ExportOptions {
  const { values, positionals } = asUsage('export', () =>
    parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...WHERE, out: { type: 'string', short: 'o' } },
    }),
  );
  if (positionals.length > 0)
    throw new UsageError(`export takes no arguments, got "${positionals.join(' ')}"`);
  return { help: values.help === true, out: values.out, ...where(values) };
}

/** parseArgs' complaint (an unknown option, a missing value) as a usage error. */
function asUsage<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function where(values: { server?: unknown; data?: unknown }): Where {
  const server = values.server as string | undefined;
  const dataDir = values.data as string | undefined;
  if (server !== undefined && dataDir !== undefined) {
    throw new UsageError('--data is for a standalone server; it cannot be used with --server');
  }
  if (server !== undefined && !/^https?:\/\/[^\s]+$/.test(server)) {
    throw new UsageError(`--server must be an http(s) URL, got "${server}"`);
  }
  return { server, dataDir };
}
