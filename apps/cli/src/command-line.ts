/** The command-line grammar the commands share: node's parseArgs, its errors as usage errors. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags (`--help`/`-h` always among them) and positionals; an unknown flag is exit 2. */
export function parseCommandLine<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { help: { type: 'boolean', short: 'h' }, ...options } as T & {
        help: { type: 'boolean'; short: 'h' };
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `--server`'s value, checked: an http(s) URL. */
export function serverUrl(value: string | undefined): string | undefined {
  if (value !== undefined && !/^https?:\/\/[^\s]+$/.test(value)) {
    throw new UsageError(`--server must be an http(s) URL, got "${value}"`);
  }
  return value;
}
