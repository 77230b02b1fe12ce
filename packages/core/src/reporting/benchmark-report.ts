/**
 * A benchmark's report: its settings, summary and threshold results, then every run's metrics,
 * as one JSON document streamed run page by run page (a benchmark may have many thousands of
 * runs; the document never sits in memory whole).
 */
import { type BenchmarkView, getBenchmark } from '../benchmarks/get-benchmark.js';
import type { Run } from '../db/schema.js';
import { selectBenchmarkRunsAfter } from '../repositories/run-analytics.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import type { CoreDeps } from '../services/deps.js';

/** Runs read per query. */
const REPORT_PAGE_SIZE = 1_000;

/** What the report says about each run: identity, timing, outcome and metrics. */
export const REPORT_RUN_FIELDS = [
  'id',
  'status',
  'is_warmup',
  'created_at',
  'intended_start_at',
  'actual_start_at',
  'started_at',
  'finished_at',
  'queue_wait_ms',
  'total_duration_ms',
  'time_to_started_ms',
  'time_to_streaming_url_ms',
  'ttft_ms',
  'inter_token_stats',
  'steps',
  'num_of_steps',
  'heartbeats',
  'server_duration_ms',
  'event_loop_delay_ms',
  'error_code',
  'error',
  'http_status',
  'assertions_passed',
  'cost_usd',
  'metric_definitions_version',
] as const satisfies ReadonlyArray<keyof Run>;

export type ReportRun = Pick<Run, (typeof REPORT_RUN_FIELDS)[number]>;

/** Everything of the report but its runs. */
export interface BenchmarkReportHead {
  /** Version of this document's shape. */
  report_version: 1;
  generated_at: Date;
  benchmark: Omit<BenchmarkView, 'summary' | 'threshold_results'>;
  /** The benchmark's scenario (a benchmark holds its scenario: it cannot be deleted first). */
  scenario: { id: number; name: string; automation_id: number; thresholds: string[] } | null;
  summary: BenchmarkView['summary'];
  /** The thresholds as evaluated when the benchmark ended; null while it runs. */
  thresholds: BenchmarkView['threshold_results'];
  /** The figures to read first: a clean success rate means little next to dropped or late runs. */
  headline: BenchmarkHeadline;
}

/** The verdict and the figures that qualify a success rate. */
export interface BenchmarkHeadline {
  verdict: BenchmarkView['verdict'];
  /** completed / runs sent; null before any run had an outcome. */
  success_rate: number | null;
  runs_sent: number | null;
  runs_planned: number | null;
  /** Open arrivals: arrivals dropped for want of a concurrency slot; null for closed arrival. */
  dropped_runs: number | null;
  /** Open arrivals: p99 of actual minus intended start (ms); null for closed arrival or no runs. */
  schedule_lag_p99_ms: number | null;
}

/** The headline of a benchmark view. */
export function benchmarkHeadline(view: Pick<BenchmarkView, 'verdict' | 'summary'>): BenchmarkHeadline {
  const summary = view.summary;
  const rate = summary?.success_rate;
  return {
    verdict: view.verdict,
    success_rate: rate && rate.n > 0 ? rate.successes / rate.n : null,
    runs_sent: rate?.n ?? null,
    runs_planned: summary?.measured_runs ?? null,
    dropped_runs: summary?.schedule?.dropped_runs ?? null,
    schedule_lag_p99_ms: summary?.schedule?.lag_ms.p99 ?? null,
  };
}

export interface BenchmarkReport {
  head: BenchmarkReportHead;
  /** The runs (warm-ups included and flagged), in id order. */
  runs: AsyncIterable<ReportRun>;
}

function pick(run: Run): ReportRun {
  const out: Record<string, unknown> = {};
  for (const field of REPORT_RUN_FIELDS) out[field] = run[field];
  return out as ReportRun;
}

async function* runsOf(deps: CoreDeps, benchmarkId: number): AsyncGenerator<ReportRun> {
  let after = 0;
  for (;;) {
    const page = await selectBenchmarkRunsAfter(deps.db.db, benchmarkId, after, REPORT_PAGE_SIZE);
    for (const run of page) yield pick(run);
    if (page.length < REPORT_PAGE_SIZE) return;
    after = (page[page.length - 1] as Run).id;
  }
}

/**
 * The report of a benchmark. NotFoundError (404) when there is no such benchmark; the runs
 * are read while `runs` is consumed.
 *
 * @example
 * const report = await getBenchmarkReport(deps, 7);
 * for await (const chunk of benchmarkReportJson(report)) output.write(chunk);
 */
export async function getBenchmarkReport(deps: CoreDeps, id: number): Promise<BenchmarkReport> {
  const view = await getBenchmark(deps, id);
  const scenario = await selectScenarioById(deps.db.db, view.scenario_id);
  const { summary, threshold_results, ...benchmark } = view;
  return {
    head: {
      report_version: 1,
      generated_at: new Date(),
      benchmark,
      scenario: scenario
        ? {
            id: scenario.id,
            name: scenario.name,
            automation_id: scenario.automation_id,
            thresholds: scenario.thresholds,
          }
        : null,
      summary,
      thresholds: threshold_results,
      headline: benchmarkHeadline(view),
    },
    runs: runsOf(deps, id),
  };
}

/** The report as JSON text, in pieces: the head's fields, then `"runs": [...]` page by page. */
export async function* benchmarkReportJson(report: BenchmarkReport): AsyncGenerator<string> {
  const head = JSON.stringify(report.head);
  // The head is an object: reopen it to append the runs array as its last field.
  yield `${head.slice(0, -1)},"runs":[`;
  let first = true;
  let buffer: string[] = [];
  for await (const run of report.runs) {
    buffer.push((first ? '\n' : ',\n') + JSON.stringify(run));
    first = false;
    if (buffer.length >= REPORT_PAGE_SIZE) {
      yield buffer.join('');
      buffer = [];
    }
  }
  yield `${buffer.join('')}${first ? '' : '\n'}]}\n`;
}
