/**
 * `tfbench run`: load the file, reach a server (the given one, or one started in this
 * process), put the scenario there, start the benchmark (or, with --benchmark KEY, a saved
 * one), follow it to its end, then write
 * the results and answer the exit code. Both modes go through the same API client.
 */
import path from 'node:path';
import type { Scenario } from '@tfbench/contract';
import type { ApiClient } from './api-client.js';
import { type BaselineResult, compareWithBaseline, compareWithSamples } from './baseline.js';
import { benchmarkRequest } from './benchmark-request.js';
import { benchmarkSamples } from './benchmark-samples.js';
import { connect } from './connect.js';
import { CliError, EXIT } from './errors.js';
import { followBenchmark } from './follow-benchmark.js';
import { RUN_HELP } from './help.js';
import type { CliIo } from './io.js';
import { type LoadedBenchFile, loadBenchFile } from './load-bench-file.js';
import { progressReporter } from './progress.js';
import { paintFor, renderTable } from './render-table.js';
import { parseRunOptions, type RunOptions } from './run-options.js';
import { type RunResult, runResult, whereItRan } from './run-result.js';
import { readSampleFile, type SampleFile } from './sample-file.js';
import type { RunSamples } from './samples.js';
import { startSavedBenchmark } from './saved-benchmark.js';
import { startupTrace } from './startup-trace.js';
import { syncScenario } from './sync-file-items.js';
import { writeOutputs } from './write-outputs.js';

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const trace = startupTrace(io.env, io.stderr);
  trace.mark('command loaded');
  const options = parseRunOptions(args);
  if (options.help) {
    io.stdout.write(RUN_HELP);
    return EXIT.passed;
  }
  const file = options.file === undefined ? undefined : await loadBenchFile(resolveIn(io, options.file));
  const scenarioKey = file ? chosenScenarioKey(file, options) : undefined;
  // Read before the benchmark runs: a bad or old baseline file fails at once, not after it.
  const baselineFile =
    options.baseline?.kind === 'file'
      ? await readSampleFile(resolveIn(io, options.baseline.path), options.baseline.path)
      : undefined;

  const connection = await connect(options, io, trace);
  const { client, local } = connection;
  try {
    const { scenario, created } = await startBenchmark(client, file, scenarioKey, options, io);
    trace.mark('benchmark created');
    for (const warning of created.warnings) io.stderr.write(`tfbench: warning: ${warning.message}\n`);
    io.stderr.write(
      `tfbench: benchmark ${created.id} started: ${created.settings.iterations} runs of "${scenario.name}"\n`,
    );

    const progress = progressReporter(io.stderr);
    const finished = await followBenchmark(client, created.id, {
      intervalMs: local ? 250 : 1_000,
      onProgress: (benchmark) => progress.update(benchmark),
      signal: io.signal,
    });
    progress.finish();
    if (io.signal?.aborted && finished.status !== 'completed') {
      await client.cancelBenchmark(created.id);
      throw new CliError(`interrupted: benchmark ${created.id} cancelled`);
    }

    const completed = finished.status === 'completed';
    const samples = options.out || baselineFile ? await benchmarkSamples(client, finished.id) : null;
    const baseline = completed ? await gate(client, options, finished.id, baselineFile, samples) : null;
    const result = runResult(
      finished,
      { id: scenario.id, name: scenario.name },
      whereItRan(local, client.baseUrl),
      baseline,
      samples,
    );
    await report(result, options, io, client);
    return result.exit_code;
  } finally {
    await connection.close();
  }
}

/** A saved benchmark, or the request the file, the server's scenario and the flags make. */
async function startBenchmark(
  client: ApiClient,
  file: LoadedBenchFile | undefined,
  scenarioKey: string | undefined,
  options: RunOptions,
  io: CliIo,
) {
  if (options.benchmark !== undefined) {
    stopIfInterrupted(io);
    return startSavedBenchmark(client, options.benchmark);
  }
  const scenario =
    file && scenarioKey
      ? await syncScenario(client, file, scenarioKey)
      : await serverScenario(client, options);
  const request = benchmarkRequest(scenario, file?.contents.benchmark, options);
  stopIfInterrupted(io);
  return { scenario, created: await client.createBenchmark(request) };
}

async function gate(
  client: ApiClient,
  options: RunOptions,
  benchmarkId: number,
  baselineFile: SampleFile | undefined,
  samples: RunSamples | null,
): Promise<BaselineResult | null> {
  if (baselineFile && samples) return compareWithSamples(baselineFile, samples, options.limits);
  if (options.baseline?.kind === 'benchmark') {
    return compareWithBaseline(client, options.baseline.ref, benchmarkId, options.limits);
  }
  return null;
}

async function report(result: RunResult, options: RunOptions, io: CliIo, client: ApiClient): Promise<void> {
  await writeOutputs(result, {
    out: options.out && resolveIn(io, options.out),
    junit: options.junit && resolveIn(io, options.junit),
    markdown: options.markdown && resolveIn(io, options.markdown),
    html: options.html
      ? { file: resolveIn(io, options.html), fetch: () => client.getBenchmarkReportHtml(result.benchmark.id) }
      : undefined,
    stepSummary: io.env.GITHUB_STEP_SUMMARY || undefined,
  });
  io.stdout.write(renderTable(result, paintFor(io.stdout, io.env)));
}

function stopIfInterrupted(io: CliIo): void {
  if (io.signal?.aborted) throw new CliError('interrupted before the benchmark started');
}

/** --scenario names a key of the file; otherwise the file's benchmark section does. */
function chosenScenarioKey(file: LoadedBenchFile, options: RunOptions): string {
  const key = options.scenario ?? file.contents.benchmark?.scenario;
  if (key === undefined) {
    throw new CliError(
      `${file.path}: missing benchmark section (or give --scenario KEY naming one of its scenarios)`,
    );
  }
  if (!file.contents.scenarios.some((s) => s.key === key)) {
    const keys = file.contents.scenarios.map((s) => `"${s.key}"`).join(', ') || 'none';
    throw new CliError(
      `${file.path}: missing scenario "${key}" named by --scenario (the file defines ${keys})`,
    );
  }
  return key;
}

/** Without a file, --scenario is the id of a scenario already on the server. */
async function serverScenario(client: ApiClient, options: RunOptions): Promise<Scenario> {
  const id = Number(options.scenario);
  try {
    return await client.getScenario(id);
  } catch (error) {
    if (error instanceof CliError && /HTTP 404/.test(error.message)) {
      throw new CliError(`scenario ${id} not found on ${client.baseUrl}`);
    }
    throw error;
  }
}

function resolveIn(io: CliIo, file: string): string {
  return path.resolve(io.cwd, file);
}
