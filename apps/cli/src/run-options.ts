/** `tfbench run`'s command line, parsed and checked: anything wrong is a usage error (exit 2). */
import { parseArgs } from 'node:util';
import { BENCHMARK_ARRIVALS, type BenchmarkArrival, CONFIG_KEY_PATTERN } from '@tfbench/contract';
import { serverUrl } from './command-line.js';
import { UsageError } from './errors.js';
import { parseRegressionLimits, type RegressionLimits } from './regression-limits.js';

export interface RunOptions {
  help: boolean;
  file: string | undefined;
  server: string | undefined;
  dataDir: string | undefined;
  scenario: string | undefined;
  /** The key of a saved benchmark on the server, run with its own settings. */
  benchmark: string | undefined;
  iterations: number | undefined;
  concurrency: number | undefined;
  arrival: BenchmarkArrival | undefined;
  ratePerS: number | undefined;
  out: string | undefined;
  junit: string | undefined;
  markdown: string | undefined;
  html: string | undefined;
  /** What to compare with: a benchmark on the same server, or a summary or report file. */
  baseline: BaselineRef | undefined;
  /** Largest allowed regression per metric (default 10 % for each). */
  limits: RegressionLimits;
}

export function parseRunOptions(args: string[]): RunOptions {
  const { values, positionals } = asUsageError(() => parse(args));
  if (positionals.length > 1)
    throw new UsageError(`run takes one FILE, got ${positionals.length}: ${positionals.join(' ')}`);
  const options: RunOptions = {
    help: values.help === true,
    file: positionals[0],
    server: values.server,
    dataDir: values.data,
    scenario: values.scenario,
    benchmark: values.benchmark,
    iterations: wholeNumber('--iterations', values.iterations),
    concurrency: wholeNumber('--concurrency', values.concurrency),
    arrival: arrival(values.arrival),
    ratePerS: positiveNumber('--rate', values.rate),
    out: values.out,
    junit: values.junit,
    markdown: values.markdown,
    html: values.html,
    baseline: baselineRef(values.baseline),
    limits: parseRegressionLimits(values['max-regression']),
  };
  if (options.help) return options;
  if (options.benchmark !== undefined) checkSavedBenchmarkOptions(options);
  else if (options.file === undefined && options.scenario === undefined) {
    throw new UsageError('run needs a FILE, --scenario ID or --benchmark KEY');
  }
  if (options.file === undefined && options.scenario !== undefined && !/^[1-9]\d*$/.test(options.scenario)) {
    throw new UsageError(
      `--scenario without a FILE must be a scenario id (a positive whole number), got "${options.scenario}"`,
    );
  }
  if (options.server !== undefined && options.dataDir !== undefined) {
    throw new UsageError('--data is for standalone runs; it cannot be used with --server');
  }
  serverUrl(options.server);
  return options;
}

/** A saved benchmark runs as it was saved: no FILE, no scenario and no load settings beside it. */
function checkSavedBenchmarkOptions(options: RunOptions): void {
  if (!CONFIG_KEY_PATTERN.test(options.benchmark ?? '')) {
    throw new UsageError(`--benchmark must be a saved benchmark's key, got "${options.benchmark}"`);
  }
  const beside = [
    options.file === undefined ? undefined : 'FILE',
    options.scenario === undefined ? undefined : '--scenario',
    options.iterations === undefined ? undefined : '--iterations',
    options.concurrency === undefined ? undefined : '--concurrency',
    options.arrival === undefined ? undefined : '--arrival',
    options.ratePerS === undefined ? undefined : '--rate',
  ].filter((given) => given !== undefined);
  if (beside.length > 0) {
    throw new UsageError(
      `--benchmark runs a saved benchmark with its own settings; it takes no ${beside.join(', ')} (change the saved one with tfbench apply)`,
    );
  }
}

/** The command line as parsed, or a usage error (exit 2) with the parser's message. */
export function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The flags of every command that reaches a server and writes results. */
export const SERVER_AND_OUTPUT_FLAGS = {
  help: { type: 'boolean', short: 'h' },
  server: { type: 'string' },
  data: { type: 'string' },
  out: { type: 'string' },
  markdown: { type: 'string' },
  html: { type: 'string' },
} as const;

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ...SERVER_AND_OUTPUT_FLAGS,
      scenario: { type: 'string' },
      benchmark: { type: 'string' },
      iterations: { type: 'string' },
      concurrency: { type: 'string' },
      arrival: { type: 'string' },
      rate: { type: 'string' },
      junit: { type: 'string' },
      baseline: { type: 'string' },
      'max-regression': { type: 'string' },
    },
  });
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value))
    throw new UsageError(`${flag} must be a positive whole number, got "${value}"`);
  return Number(value);
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new UsageError(`${flag} must be a positive number, got "${value}"`);
  }
  return number;
}

function arrival(value: string | undefined): BenchmarkArrival | undefined {
  if (value === undefined) return undefined;
  if (!(BENCHMARK_ARRIVALS as readonly string[]).includes(value)) {
    throw new UsageError(`--arrival must be one of ${BENCHMARK_ARRIVALS.join(', ')}, got "${value}"`);
  }
  return value as BenchmarkArrival;
}

export type BaselineRef = { kind: 'benchmark'; ref: string } | { kind: 'file'; path: string };

/** `benchmark:ID`, or else the path of a summary.json (--out) or benchmark report file. */
export function baselineRef(value: string | undefined, flag = '--baseline'): BaselineRef | undefined {
  if (value === undefined) return undefined;
  if (value.startsWith('benchmark:')) {
    if (!/^benchmark:[1-9]\d*$/.test(value)) {
      throw new UsageError(
        `${flag} benchmark:ID needs a benchmark id (a positive whole number), got "${value}"`,
      );
    }
    return { kind: 'benchmark', ref: value };
  }
  if (value.trim() === '') throw new UsageError(`${flag} needs benchmark:ID or the path of a summary file`);
  return { kind: 'file', path: value };
}
