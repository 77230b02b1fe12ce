/**
 * Read the per-run samples of a file to compare with: a summary.json written by `tfbench run
 * --out` (its `samples` section) or the JSON report of GET /benchmarks/{id}/report (its
 * `runs`). Every problem is exit 1 with a message naming the file and what is wrong with it.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CliError } from './errors.js';
import { fieldName } from './load-bench-file.js';
import { type RunSamples, SAMPLES_FORMAT, samplesOfReportRuns } from './samples.js';

export interface SampleFile {
  /** How the file is named in results: `file.json (benchmark 12)`. */
  label: string;
  benchmarkId: number | null;
  samples: RunSamples;
}

const number = z.number({ error: 'must be a number or null' }).nullable();

const sampleRun = z.object({
  status: z.string({ error: 'must be a run status' }),
  total_duration_ms: number,
  ttft_ms: number,
  itl_mean_ms: number,
  cost_usd: number,
  assertions_passed: z.boolean({ error: 'must be true, false or null' }).nullable(),
});

const samplesSection = z.object({
  format: z.literal(SAMPLES_FORMAT),
  limit: z.number().int().positive(),
  runs_total: z.number().int().nonnegative(),
  sampled: z.boolean(),
  runs: z.array(sampleRun),
});

const reportRun = z.object({
  status: z.string({ error: 'must be a run status' }),
  is_warmup: z.boolean().optional(),
  total_duration_ms: number.optional(),
  ttft_ms: number.optional(),
  inter_token_stats: z.object({ mean: z.unknown().optional() }).nullable().optional(),
  cost_usd: z.union([z.number(), z.string()]).nullable().optional(),
  assertions_passed: z.boolean().nullable().optional(),
});

export async function readSampleFile(file: string, shownAs = file): Promise<SampleFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `${shownAs}: cannot read the baseline file: ${code === 'ENOENT' ? 'no such file' : code}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${shownAs}: not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliError(`${shownAs}: not a tfbench summary or benchmark report (expected a JSON object)`);
  }
  const body = json as Record<string, unknown>;
  const benchmarkId = idOf(body.benchmark);
  const label = benchmarkId === null ? shownAs : `${shownAs} (benchmark ${benchmarkId})`;
  if ('report_version' in body)
    return { label, benchmarkId, samples: requireRuns(shownAs, fromReport(shownAs, body)) };
  if ('exit_code' in body && 'tfbench' in body) {
    return { label, benchmarkId, samples: requireRuns(shownAs, fromSummary(shownAs, body)) };
  }
  throw new CliError(
    `${shownAs}: not a tfbench summary (tfbench run --out) or benchmark report (GET /benchmarks/{id}/report)`,
  );
}

function fromSummary(file: string, body: Record<string, unknown>): RunSamples {
  if (body.samples === undefined || body.samples === null) {
    throw new CliError(
      `${file}: the summary has no "samples" (per-run figures): it was written by an older tfbench; run the baseline again with this one and --out`,
    );
  }
  const format = (body.samples as { format?: unknown }).format;
  if (format !== SAMPLES_FORMAT) {
    throw new CliError(
      `${file}: samples.format is ${JSON.stringify(format)}; this tfbench reads "${SAMPLES_FORMAT}"`,
    );
  }
  const parsed = samplesSection.safeParse(body.samples);
  if (!parsed.success) throw new CliError(`${file}: ${firstIssue(parsed.error, ['samples'])}`);
  return parsed.data;
}

/** The samples of a benchmark report (a file's, or the server's answer for the new benchmark). */
export function fromReport(file: string, body: Record<string, unknown>): RunSamples {
  if (body.report_version !== 1) {
    throw new CliError(
      `${file}: report_version ${JSON.stringify(body.report_version)}; this tfbench reads 1`,
    );
  }
  const parsed = z.array(reportRun, { error: 'must be the list of runs' }).safeParse(body.runs);
  if (!parsed.success) throw new CliError(`${file}: ${firstIssue(parsed.error, ['runs'])}`);
  const runs = parsed.data.map((run) => ({
    ...run,
    cost_usd: run.cost_usd === null || run.cost_usd === undefined ? null : Number(run.cost_usd),
  }));
  return samplesOfReportRuns(runs);
}

function requireRuns(file: string, samples: RunSamples): RunSamples {
  if (samples.runs.length === 0) throw new CliError(`${file}: no measured runs to compare with`);
  return samples;
}

function firstIssue(error: z.ZodError, prefix: Array<string | number>): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${fieldName([...prefix, ...(issue.path as Array<string | number>)])}: ${issue.message}`;
}

function idOf(benchmark: unknown): number | null {
  const id = (benchmark as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}
