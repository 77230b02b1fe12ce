/**
 * The body of POST /benchmarks: the file's benchmark section, the command line's flags over
 * it, and the scenario's own run settings for what neither gives.
 */
import type { BenchmarkCreate, Scenario } from '@tfbench/contract';
import type { FileBenchmark } from './bench-file-schema.js';
import { UsageError } from './errors.js';
import type { RunOptions } from './run-options.js';

export function benchmarkRequest(
  scenario: Scenario,
  fromFile: FileBenchmark | undefined,
  options: RunOptions,
): BenchmarkCreate {
  const { scenario: _key, ...fileFields } = fromFile ?? { scenario: '' };
  const settings = scenario.run_settings;
  const iterations = options.iterations ?? fromFile?.iterations ?? wholeOrUndefined(settings.iterations);
  const concurrency = options.concurrency ?? fromFile?.concurrency ?? wholeOrUndefined(settings.concurrency);
  if (iterations === undefined) {
    throw new UsageError(
      `give --iterations: neither the file's benchmark nor scenario "${scenario.name}" sets iterations`,
    );
  }
  const body: BenchmarkCreate = {
    ...fileFields,
    scenario_id: scenario.id,
    iterations,
    concurrency: concurrency ?? 1,
  };
  if (options.arrival !== undefined) body.arrival = options.arrival;
  if (options.ratePerS !== undefined) body.rate_per_s = options.ratePerS;
  return body;
}

function wholeOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
