/**
 * The few figures of each measured run the report's charts need, read once from the report's
 * run stream: a benchmark of 100,000 runs becomes 100,000 small records, never 100,000 rows
 * with their steps and token timelines.
 */
import type { ReportRun } from '../benchmark-report.js';
import { toDate } from './format.js';

/** One measured run on the benchmark's clock. */
export interface ReportPoint {
  /** When it started (actual start for open arrivals), ms since the epoch. */
  startMs: number;
  /** When it ended; null while it runs. */
  endMs: number | null;
  status: ReportRun['status'];
  totalMs: number | null;
  ttftMs: number | null;
  errorCode: string | null;
}

export interface ReportRuns {
  /** Measured runs that started, in start order. */
  points: ReportPoint[];
  /** One error message per error code (the first seen), shortened: what the code looked like. */
  errorSamples: Record<string, string>;
  warmupRuns: number;
}

/** Longest error message kept as a sample. */
const SAMPLE_LENGTH = 240;

export async function collectReportRuns(runs: AsyncIterable<ReportRun>): Promise<ReportRuns> {
  const points: ReportPoint[] = [];
  const errorSamples: Record<string, string> = {};
  let warmupRuns = 0;
  for await (const run of runs) {
    if (run.is_warmup) {
      warmupRuns++;
      continue;
    }
    const code = run.error_code;
    if (code && run.error && !(code in errorSamples)) {
      errorSamples[code] =
        run.error.length > SAMPLE_LENGTH ? `${run.error.slice(0, SAMPLE_LENGTH)}…` : run.error;
    }
    const start = toDate(run.actual_start_at) ?? toDate(run.started_at);
    if (!start) continue;
    points.push({
      startMs: start.getTime(),
      endMs: toDate(run.finished_at)?.getTime() ?? null,
      status: run.status,
      totalMs: run.total_duration_ms,
      ttftMs: run.ttft_ms,
      errorCode: code,
    });
  }
  points.sort((a, b) => a.startMs - b.startMs);
  return { points, errorSamples, warmupRuns };
}
