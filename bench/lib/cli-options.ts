/** The start of every bench's main(): parse the flags, or explain them and stop. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Parses `argv` with `parse`. On a bad flag prints the reason and the usage to stderr and sets
 * exit code 2; with `--help` prints the usage to stdout. Undefined in both cases: main returns.
 *
 * @example
 * const options = readBenchOptions(process.argv.slice(2), parseBenchArgs, USAGE);
 * if (!options) return;
 */
export function readBenchOptions<T extends { help: boolean }>(
  argv: string[],
  parse: (argv: string[]) => T,
  usage: string,
): T | undefined {
  let options: T;
  try {
    options = parse(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
    return undefined;
  }
  if (options.help) {
    process.stdout.write(usage);
    return undefined;
  }
  return options;
}

/**
 * A full GC before each phase, so one reader's garbage does not land in the other's heap
 * peak. Node hides gc() unless started with --expose-gc; the flag can still be set at run
 * time and the function fetched from a fresh context.
 */
export function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => undefined;
}
