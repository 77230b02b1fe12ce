/** `tfbench run`'s command line, parsed and checked: anything wrong is a usage error (exit 2). */
import { parseArgs } from 'node:util';
import { BENCHMARK_ARRIVALS, type BenchmarkArrival } from '@tfbench/contract';
import { UsageError } from './errors.js';

export interface RunOptions {
  help: boolean;
  file: string | undefined;
  server: string | undefined;
  dataDir: string | undefined;
  scenario: string | undefined;
  iterations: number | undefined;
  concurrency: number | undefined;
  arrival: BenchmarkArrival | undefined;
  ratePerS: number | undefined;
  out: string | undefined;
  junit: string | undefined;
  markdown: string | undefined;
  html: string | undefined;
  /** `benchmark:ID` to compare with. */
  baseline: string | undefined;
  /** Largest allowed regression of a metric, in percent (default 10). */
  maxRegressionPct: number;
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
    iterations: wholeNumber('--iterations', values.iterations),
    concurrency: wholeNumber('--concurrency', values.concurrency),
    arrival: arrival(values.arrival),
    ratePerS: positiveNumber('--rate', values.rate),
    out: values.out,
    junit: values.junit,
    markdown: values.markdown,
    html: values.html,
    baseline: baselineRef(values.baseline),
    maxRegressionPct: percentage('--max-regression', values['max-regression']) ?? 10,
  };
  if (options.help) return options;
  if (options.file === undefined && options.scenario === undefined) {
    throw new UsageError('run needs a FILE or --scenario ID');
  }
  if (options.file === undefined && options.scenario !== undefined && !/^[1-9]\d*$/.test(options.scenario)) {
    throw new UsageError(
      `--scenario without a FILE must be a scenario id (a positive whole number), got "${options.scenario}"`,
    );
  }
  if (options.server !== undefined && options.dataDir !== undefined) {
    throw new UsageError('--data is for standalone runs; it cannot be used with --server');
  }
  checkServerUrl(options.server);
  return options;
}

/** The command line as parsed, or a usage error (exit 2) with the parser's message. */
export function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** --server, when given, must be an http(s) URL. */
export function checkServerUrl(server: string | undefined): void {
  if (server !== undefined && !/^https?:\/\/[^\s]+$/.test(server)) {
    throw new UsageError(`--server must be an http(s) URL, got "${server}"`);
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

function baselineRef(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^benchmark:[1-9]\d*$/.test(value)) {
    throw new UsageError(`--baseline must be benchmark:ID (a benchmark on the same server), got "${value}"`);
  }
  return value;
}

/** `10%` or `10`: a percentage from 0 to 1000. */
function percentage(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value.trim());
  const number = match ? Number(match[1]) : Number.NaN;
  if (!Number.isFinite(number) || number > 1000) {
    throw new UsageError(`${flag} must be a percentage such as 10%, got "${value}"`);
  }
  return number;
}
