/**
 * `tfbench compare A B`: compare two benchmarks, each `benchmark:ID` on a server or a
 * summary/report JSON file, by the statistics of the API's compare (bootstrap intervals,
 * Mann-Whitney U, Newcombe), computed in this process from the runs' samples. Prints a table,
 * optionally writes Markdown and JSON, and exits 98 when B regressed against A beyond
 * --max-regression.
 */
import path from 'node:path';
import { compareRunRows } from '@tfbench/core/sample-comparison';
import { ApiClient } from './api-client.js';
import { baselineResult } from './baseline.js';
import { benchmarkSamples } from './benchmark-samples.js';
import { parseCommandLine, serverUrl } from './command-line.js';
import { EXIT, UsageError } from './errors.js';
import { COMPARE_HELP } from './help.js';
import type { CliIo } from './io.js';
import { parseRegressionLimits } from './regression-limits.js';
import { type CompareResult, renderCompareMarkdown, renderCompareTable } from './render-compare.js';
import { paintFor } from './render-table.js';
import { baselineRef } from './run-options.js';
import { readSampleFile } from './sample-file.js';
import { compareRowsOf, type RunSamples } from './samples.js';
import { writeText } from './write-outputs.js';

interface Side {
  label: string;
  samples: RunSamples;
}

export async function compareCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseCompareOptions(args);
  if (options.help) {
    io.stdout.write(COMPARE_HELP);
    return EXIT.passed;
  }
  const client = options.server
    ? new ApiClient({ baseUrl: options.server, apiKey: io.env.TFBENCH_API_KEY || undefined })
    : undefined;
  const load = async (text: string, name: string): Promise<Side> => {
    const ref = baselineRef(text, name);
    if (ref?.kind === 'benchmark') {
      if (!client)
        throw new UsageError(`${name} is ${text}: comparing benchmarks on a server needs --server URL`);
      return {
        label: ref.ref,
        samples: await benchmarkSamples(client, Number(ref.ref.slice('benchmark:'.length))),
      };
    }
    const file = await readSampleFile(path.resolve(io.cwd, text), text);
    return { label: file.label, samples: file.samples };
  };
  const a = await load(options.a, 'A');
  const b = await load(options.b, 'B');
  const comparison = compareRunRows(compareRowsOf(a.samples.runs), compareRowsOf(b.samples.runs));
  const gate = baselineResult(comparison, a.label, options.limits);
  const result: CompareResult = {
    a: { label: a.label, runs: a.samples.runs.length, sampled: a.samples.sampled },
    b: { label: b.label, runs: b.samples.runs.length, sampled: b.samples.sampled },
    comparison,
    gate,
    exit_code: gate.regressed ? EXIT.regressed : EXIT.passed,
  };
  if (options.out) await writeText(path.resolve(io.cwd, options.out), `${JSON.stringify(result, null, 2)}\n`);
  if (options.markdown)
    await writeText(path.resolve(io.cwd, options.markdown), renderCompareMarkdown(result));
  io.stdout.write(renderCompareTable(result, paintFor(io.stdout, io.env)));
  return result.exit_code;
}

function parseCompareOptions(args: string[]) {
  const { values, positionals } = parseCommandLine(args, {
    server: { type: 'string' },
    out: { type: 'string' },
    markdown: { type: 'string' },
    'max-regression': { type: 'string' },
  });
  const help = values.help === true;
  if (!help && positionals.length !== 2) {
    throw new UsageError(
      `compare takes two arguments, A and B (benchmark:ID or a summary/report JSON file), got ${positionals.length}`,
    );
  }
  return {
    help,
    a: positionals[0] ?? '',
    b: positionals[1] ?? '',
    server: serverUrl(values.server),
    out: values.out,
    markdown: values.markdown,
    limits: parseRegressionLimits(values['max-regression']),
  };
}
