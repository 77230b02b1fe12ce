/**
 * What a sweep or a search reports, from the stored summaries of its step benchmarks:
 * `summary.curve` (one element per sweep point) and `summary.sweep` (the probes' rates), or
 * `summary.saturation` (the search's probes and the knee). Pure: the same steps give the same
 * figures, so the series' result can be recomputed whenever a step ends.
 */

import { type Saturation, type SearchBatch, saturationOf, searchProbes } from './search-plan.js';
import type { SearchSettings, SeriesStep, SweepSettings } from './series-settings.js';
import type { SloSummary } from './slo-summary.js';
import type { BenchmarkSummary } from './summary.js';

/** A finished step of a series: its benchmark, its place, its stored summary. */
export interface FinishedStep {
  benchmark_id: number;
  status: string;
  step: SeriesStep;
  summary: Partial<BenchmarkSummary>;
}

type Percentiles = { p50: number | null; p95: number | null; p99: number | null };

/** One point of a sweep's curve. */
export interface CurvePoint {
  point: number;
  benchmark_id: number;
  offered_rate_per_s: number;
  /** Completed runs per second from the first start to the last finish. */
  achieved_rate_per_s: number | null;
  ttft_ms: Percentiles;
  total_duration_ms: Percentiles;
  itl_ms: Percentiles;
  /** (failed + timed out) / runs with an outcome; null over none. */
  error_rate: number | null;
  /** With an slo: the share of runs meeting it, with its 95 % Wilson interval. */
  attainment: SloSummary['attainment'] | null;
  goodput_per_s: number | null;
}

/** Completed runs per second of a step, from the first start to the last finish. */
export function achievedRatePerS(summary: Partial<BenchmarkSummary>): number | null {
  const first = summary.first_started_at ? Date.parse(summary.first_started_at) : Number.NaN;
  const last = summary.last_finished_at ? Date.parse(summary.last_finished_at) : Number.NaN;
  const completed = summary.completed_runs ?? 0;
  if (!(last > first) || completed === 0) return null;
  return completed / ((last - first) / 1000);
}

function percentiles(distribution: Partial<Percentiles> | undefined): Percentiles {
  return { p50: distribution?.p50 ?? null, p95: distribution?.p95 ?? null, p99: distribution?.p99 ?? null };
}

function curvePoint(step: FinishedStep): CurvePoint {
  const { summary } = step;
  const successRate = summary.success_rate?.estimate;
  return {
    point: step.step.point ?? 0,
    benchmark_id: step.benchmark_id,
    offered_rate_per_s: step.step.rate_per_s ?? 0,
    achieved_rate_per_s: achievedRatePerS(summary),
    ttft_ms: percentiles(summary.ttft_ms),
    total_duration_ms: percentiles(summary.total_duration_ms),
    itl_ms: percentiles(summary.itl_ms),
    error_rate: typeof successRate === 'number' ? 1 - successRate : null,
    attainment: summary.slo?.attainment ?? null,
    goodput_per_s: summary.slo?.goodput_per_s ?? null,
  };
}

export interface SweepReport {
  sweep: {
    points: number;
    duration_s_per_point: number;
    /** The rates the synchronous and throughput probes achieved: the ends of the sweep. */
    min_rate_per_s: number | null;
    max_rate_per_s: number | null;
    synchronous_benchmark_id: number | null;
    throughput_benchmark_id: number | null;
    points_finished: number;
    /** Why the sweep ended before its points, when it did. */
    error?: string;
  };
  curve: CurvePoint[];
}

/** The probes' achieved rates (undefined: not run yet) and the curve of the points run. */
export function sweepReport(
  settings: SweepSettings,
  steps: readonly FinishedStep[],
  error?: string,
): SweepReport {
  const synchronous = steps.find((step) => step.step.kind === 'synchronous');
  const throughput = steps.find((step) => step.step.kind === 'throughput');
  const curve = steps.filter((step) => step.step.kind === 'point').map(curvePoint);
  return {
    sweep: {
      ...settings,
      min_rate_per_s: synchronous ? achievedRatePerS(synchronous.summary) : null,
      max_rate_per_s: throughput ? achievedRatePerS(throughput.summary) : null,
      synchronous_benchmark_id: synchronous?.benchmark_id ?? null,
      throughput_benchmark_id: throughput?.benchmark_id ?? null,
      points_finished: curve.length,
      ...(error ? { error } : {}),
    },
    curve,
  };
}

/** The search's batches: each step's good runs and runs with an outcome at its load. */
export function searchBatches(settings: SearchSettings, steps: readonly FinishedStep[]): SearchBatch[] {
  return steps
    .filter((step) => step.step.kind === 'probe')
    .map((step) => ({
      value: (settings.over === 'rate' ? step.step.rate_per_s : step.step.concurrency) ?? 0,
      benchmark_id: step.benchmark_id,
      good: step.summary.slo?.attainment.successes ?? 0,
      n: step.summary.slo?.attainment.n ?? 0,
    }));
}

/** The search's result over the steps so far. */
export function searchReport(
  settings: SearchSettings,
  steps: readonly FinishedStep[],
  ended: Saturation['ended'],
): { saturation: Saturation } {
  return {
    saturation: saturationOf(searchProbes(searchBatches(settings, steps), settings), settings, ended),
  };
}
