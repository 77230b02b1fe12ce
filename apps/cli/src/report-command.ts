/**
 * `tfbench report ID`: the report of a benchmark that has ended, from a server (`--server`,
 * the key in TFBENCH_API_KEY) or from the data folder of standalone runs (`--data DIR`), as
 * the self-contained HTML page, the JSON result and the Markdown summary `tfbench run` writes.
 * It gates nothing: it exits 0 once the files are written, whatever the verdict.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serverUrl } from './command-line.js';
import { connect } from './connect.js';
import { CliError, EXIT, UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { paintFor, renderTable } from './render-table.js';
import { asUsageError, SERVER_AND_OUTPUT_FLAGS } from './run-options.js';
import { runResult, whereItRan } from './run-result.js';
import { writeOutputs } from './write-outputs.js';

export const REPORT_HELP = `Usage:
  tfbench report ID --server URL [--html FILE] [--out FILE] [--markdown FILE]
  tfbench report ID --data DIR [--html FILE] [--out FILE] [--markdown FILE]

Writes the report of benchmark ID, once it has ended, and prints its summary table.

Where the benchmark is:
  --server URL         A tfbench server; the API key is read from TFBENCH_API_KEY.
  --data DIR           The data folder of standalone runs (tfbench run --data DIR).

Outputs:
  --html FILE          One self-contained HTML page: histogram, latency and throughput over
                       time, the summary with 95 % intervals, thresholds, errors, settings
                       and environment. It loads nothing from anywhere.
  --out FILE           The result as JSON (the same document as tfbench run --out)
  --markdown FILE      The summary as Markdown
  -h, --help           Show this help

Exit codes: 0 the report was written (whatever the verdict; tfbench run is the gate),
1 it could not be (unknown benchmark, still running, server unreachable, key refused),
2 usage error.
`;

interface ReportOptions {
  help: boolean;
  id: number;
  server: string | undefined;
  dataDir: string | undefined;
  html: string | undefined;
  out: string | undefined;
  markdown: string | undefined;
}

const STILL_RUNNING = new Set(['pending', 'running']);

export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseReportOptions(args);
  if (options.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.passed;
  }
  if (options.dataDir) await requireFolder(path.resolve(io.cwd, options.dataDir));
  const { client, local } = await connect(options, io);
  try {
    const where = options.server ?? `the data in ${options.dataDir}`;
    const benchmark = await found(
      client.getBenchmark(options.id),
      `benchmark ${options.id} not found on ${where}`,
    );
    if (STILL_RUNNING.has(benchmark.status)) {
      throw new CliError(
        `benchmark ${options.id} is still ${benchmark.status}: its report is written once it ends`,
      );
    }
    const scenario = await client.getScenario(benchmark.scenario_id);
    const result = runResult(
      benchmark,
      { id: scenario.id, name: scenario.name },
      whereItRan(local, client.baseUrl),
    );
    const resolve = (file: string | undefined) => file && path.resolve(io.cwd, file);
    await writeOutputs(result, {
      out: resolve(options.out),
      markdown: resolve(options.markdown),
      html: options.html
        ? { file: path.resolve(io.cwd, options.html), fetch: () => client.getBenchmarkReportHtml(options.id) }
        : undefined,
    });
    io.stdout.write(renderTable(result, paintFor(io.stdout, io.env)));
    return EXIT.passed;
  } finally {
    await local?.close();
  }
}

function parseReportOptions(args: string[]): ReportOptions {
  const { values, positionals } = asUsageError(() => parse(args));
  const help = values.help === true;
  if (help)
    return {
      help,
      id: 0,
      server: undefined,
      dataDir: undefined,
      html: undefined,
      out: undefined,
      markdown: undefined,
    };
  if (positionals.length !== 1)
    throw new UsageError(`report takes one benchmark ID, got ${positionals.length}`);
  const id = positionals[0] as string;
  if (!/^[1-9]\d*$/.test(id))
    throw new UsageError(`the benchmark ID must be a positive whole number, got "${id}"`);
  if ((values.server === undefined) === (values.data === undefined)) {
    throw new UsageError('report needs exactly one of --server URL and --data DIR');
  }
  serverUrl(values.server);
  return {
    help,
    id: Number(id),
    server: values.server,
    dataDir: values.data,
    html: values.html,
    out: values.out,
    markdown: values.markdown,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: SERVER_AND_OUTPUT_FLAGS,
  });
}

/** A standalone data folder must exist: an empty one would only say "not found". */
async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`no tfbench data folder at ${dir}`);
}

/** The API's 404 as a message that names what was looked for. */
async function found<T>(request: Promise<T>, missing: string): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof CliError && /HTTP 404/.test(error.message)) throw new CliError(missing);
    throw error;
  }
}
