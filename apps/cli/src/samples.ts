/**
 * The per-run figures a comparison needs, kept in summary.json so a later run (or `tfbench
 * compare`) can compare with this one by the same statistics as the server's compare: each
 * measured run's status, total duration, TTFT, inter-token mean, cost and goal verdict.
 * Bounded: beyond SAMPLE_LIMIT runs the file keeps a seeded uniform random sample of them
 * (the bootstrap resamples at most 3,000 values per side anyway).
 */
import { type CompareRunRow, seededSample } from '@tfbench/core/sample-comparison';

/** Most runs a summary file keeps. */
export const SAMPLE_LIMIT = 5_000;

/** Version of the `samples` section; a reader refuses another. */
export const SAMPLES_FORMAT = 'tfbench.samples/1';

/** One run, with the names of the benchmark report's runs. */
export interface SampleRun {
  status: string;
  total_duration_ms: number | null;
  ttft_ms: number | null;
  itl_mean_ms: number | null;
  cost_usd: number | null;
  assertions_passed: boolean | null;
}

export interface RunSamples {
  format: typeof SAMPLES_FORMAT;
  /** SAMPLE_LIMIT at the time of writing. */
  limit: number;
  /** Measured runs of the benchmark. */
  runs_total: number;
  /** True when `runs` is a random sample of `runs_total` runs. */
  sampled: boolean;
  runs: SampleRun[];
}

/** A run as GET /benchmarks/{id}/report lists it (the fields read here). */
export interface ReportRunFields {
  status: string;
  is_warmup?: boolean;
  total_duration_ms?: number | null;
  ttft_ms?: number | null;
  inter_token_stats?: { mean?: unknown } | null;
  cost_usd?: number | null;
  assertions_passed?: boolean | null;
}

export function sampleRunOf(run: ReportRunFields): SampleRun {
  const mean = run.inter_token_stats?.mean;
  return {
    status: run.status,
    total_duration_ms: finiteOrNull(run.total_duration_ms),
    ttft_ms: finiteOrNull(run.ttft_ms),
    itl_mean_ms: typeof mean === 'number' ? finiteOrNull(mean) : null,
    cost_usd: finiteOrNull(run.cost_usd),
    assertions_passed: typeof run.assertions_passed === 'boolean' ? run.assertions_passed : null,
  };
}

/** The measured (non-warm-up) runs of a report, bounded to `limit`. */
export function samplesOfReportRuns(runs: readonly ReportRunFields[], limit = SAMPLE_LIMIT): RunSamples {
  const measured = runs.filter((run) => run.is_warmup !== true);
  const kept = seededSample(measured, limit);
  return {
    format: SAMPLES_FORMAT,
    limit,
    runs_total: measured.length,
    sampled: kept.length < measured.length,
    runs: kept.map(sampleRunOf),
  };
}

/** The rows the statistics read. Token figures are not kept: they compare as absent. */
export function compareRowsOf(runs: readonly SampleRun[]): CompareRunRow[] {
  return runs.map((run) => ({
    status: run.status as CompareRunRow['status'],
    total: run.total_duration_ms,
    ttft: run.ttft_ms,
    itl_mean: run.itl_mean_ms,
    cost: run.cost_usd,
    time_to_first_answer_token_ms: null,
    tpot_ms: null,
    output_tokens_per_s: null,
    output_tokens: null,
    input_tokens: null,
    assertions_passed: run.assertions_passed,
  }));
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
