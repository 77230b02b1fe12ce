/** The start and end of every bench's main(): parse the flags (or explain them and stop), the budget, the watchdog. */
import { performance } from 'node:perf_hooks';
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

/** A bench's options and its clock: when it started and when no new work may start. */
export interface BenchStart<T> {
  options: T;
  started: number;
  deadline: number;
}

/** {@link readBenchOptions}, then the start budget from `--max-seconds`. */
export function startBench<T extends { help: boolean; maxSeconds: number }>(
  argv: string[],
  parse: (argv: string[]) => T,
  usage: string,
): BenchStart<T> | undefined {
  const options = readBenchOptions(argv, parse, usage);
  if (!options) return undefined;
  const started = performance.now();
  return { options, started, deadline: started + options.maxSeconds * 1000 };
}

/** Ends the process if the bench is still running `afterMs` from now; the returned function disarms it. */
export function armWatchdog(afterMs: number): () => void {
  const watchdog = setTimeout(() => {
    process.stderr.write('bench: still running long after its time budget; giving up\n');
    process.exit(2);
  }, afterMs);
  watchdog.unref();
  return () => clearTimeout(watchdog);
}

/**
 * A bench's main under a watchdog: the flags and the budget ({@link startBench}), then `main`
 * with a watchdog `watchdogGraceMs` past the budget, disarmed when main ends.
 */
export function runWatchedBench<T extends { help: boolean; maxSeconds: number }>(
  bench: { parse: (argv: string[]) => T; usage: string; watchdogGraceMs: number },
  main: (start: BenchStart<T>) => Promise<void>,
): void {
  runBenchMain(async () => {
    const start = startBench(process.argv.slice(2), bench.parse, bench.usage);
    if (!start) return;
    const disarmWatchdog = armWatchdog(start.options.maxSeconds * 1000 + bench.watchdogGraceMs);
    try {
      await main(start);
    } finally {
      disarmWatchdog();
    }
  });
}

/** Run a bench's main; a failure is printed with its stack and ends the process with code 1. */
export function runBenchMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
