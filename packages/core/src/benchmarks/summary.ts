/**
 * A benchmark's summary: what `GET /api/v1/benchmarks/{id}` shows and what is stored when the
 * benchmark ends. Warm-up runs are left out of every figure. Latency distributions read
 * completed runs only; failures are counted by the rates and the error breakdown, never
 * averaged into a latency (the same rule as the dashboard, docs/metrics.md).
 */
import { type ProportionInterval, wilsonInterval } from '@tfbench/domain/statistics';
import type { Executor } from '../db/database.js';
import {
  type BenchmarkSummaryFigures,
  type Distribution,
  selectBenchmarkErrorBreakdown,
  selectBenchmarkSummaryFigures,
} from '../repositories/benchmark-summary.js';
import { type BenchmarkSettings, isOpenArrival } from './settings.js';
import { computeSloSummary, type SloSummary } from './slo-summary.js';

/** A rate with its 95 % Wilson score interval. */
export interface RateWithInterval extends ProportionInterval {
  successes: number;
  n: number;
  confidence: 0.95;
}

export interface BenchmarkSummary {
  /** Measured runs in any status (warm-ups excluded). */
  measured_runs: number;
  /** Measured runs with an outcome: completed, failed or timeout. */
  outcome_runs: number;
  completed_runs: number;
  /** Client-side total time of completed runs (ms). */
  total_duration_ms: Distribution;
  /** Time to the first PROGRESS event of completed runs (ms). */
  ttft_ms: Distribution;
  /** Each completed run's mean gap between PROGRESS events (ms). */
  itl_ms: Distribution;
  /**
   * Open arrivals: finish minus intended send time of completed runs (schedule lag + total
   * duration), the latency a user arriving on schedule would have seen. Null for closed arrival.
   */
  latency_from_intended_ms: Distribution | null;
  /**
   * completed / outcome_runs: over the runs sent (that reached an outcome), not the runs
   * planned. `runs_planned` is beside it so a rate over fewer runs than planned shows.
   */
  success_rate: RateWithInterval & { denominator: 'runs_sent'; runs_planned: number };
  /**
   * Completed runs whose assertions passed / outcome_runs. `evaluated_runs` says how many had
   * assertions at all: with none, the rate is 0 and means "not measured".
   */
  goal_success_rate: RateWithInterval & { evaluated_runs: number };
  /** Runs with an outcome per minute, from the first start to the last finish; null while none ended. */
  runs_per_minute: number | null;
  /** Failed and timed-out runs by error code, most frequent first. */
  errors: Array<{ error_code: string; count: number }>;
  /** Sum of cost_usd over measured runs (failed ones too: they were paid for). */
  cost_usd: number | null;
  /** cost_usd / completed_runs. */
  cost_per_successful_run_usd: number | null;
  /** Open arrivals: actual minus intended start, and arrivals dropped for want of a slot. Null for closed. */
  schedule: { lag_ms: Distribution; dropped_runs: number } | null;
  first_started_at: string | null;
  last_finished_at: string | null;
  /** Token figures of OpenAI-compatible runs; null when no completed run has any. */
  tokens?: BenchmarkTokenSummary | null;
  /** With an `slo`: attainment and goodput (docs/metrics.md); null without one. */
  slo?: SloSummary | null;
}

/** docs/metrics.md §10 per request, and the benchmark's token throughput. */
export interface BenchmarkTokenSummary {
  /** Completed runs with token figures. */
  runs: number;
  /** Σ output tokens of completed runs. */
  output_tokens_total: number | null;
  /** Σ output tokens / (last finish − first start), per second (vLLM, LLMPerf, AIPerf). */
  output_tokens_per_s: number | null;
  /** Completed runs / (last finish − first start), per second. */
  requests_per_s: number | null;
  tpot_ms: Distribution;
  /** Each completed run's own output speed (tokens/s after its first token). */
  output_tokens_per_s_per_request: Distribution;
  output_tokens: Distribution;
  input_tokens: Distribution;
  time_to_first_answer_token_ms: Distribution;
}

function rate(successes: number, n: number): RateWithInterval {
  return { ...wilsonInterval(successes, n), successes, n, confidence: 0.95 };
}

/**
 * Compute the summary of a benchmark's measured runs as they stand now (the benchmark may
 * still be running).
 */
export async function computeBenchmarkSummary(
  db: Executor,
  benchmarkId: number,
  settings: BenchmarkSettings,
): Promise<BenchmarkSummary> {
  const [figures, errors, slo] = await Promise.all([
    selectBenchmarkSummaryFigures(db, benchmarkId),
    selectBenchmarkErrorBreakdown(db, benchmarkId),
    settings.slo ? computeSloSummary(db, benchmarkId, settings.slo) : null,
  ]);
  const open = isOpenArrival(settings.arrival);
  const first = figures.first_started_at;
  const last = figures.last_finished_at;
  const minutes = first && last ? (last.getTime() - first.getTime()) / 60_000 : 0;
  return {
    measured_runs: figures.measured_runs,
    outcome_runs: figures.outcome_runs,
    completed_runs: figures.completed_runs,
    total_duration_ms: figures.total_duration_ms,
    ttft_ms: figures.ttft_ms,
    itl_ms: figures.itl_ms,
    latency_from_intended_ms: open ? figures.latency_from_intended_ms : null,
    success_rate: {
      ...rate(figures.completed_runs, figures.outcome_runs),
      denominator: 'runs_sent',
      runs_planned: figures.measured_runs,
    },
    goal_success_rate: {
      ...rate(figures.goal_successes, figures.outcome_runs),
      evaluated_runs: figures.goal_evaluated_runs,
    },
    runs_per_minute: figures.outcome_runs > 0 && minutes > 0 ? figures.outcome_runs / minutes : null,
    errors,
    cost_usd: figures.cost_usd,
    cost_per_successful_run_usd:
      figures.cost_usd !== null && figures.completed_runs > 0
        ? figures.cost_usd / figures.completed_runs
        : null,
    schedule: open ? { lag_ms: figures.schedule_lag_ms, dropped_runs: figures.dropped_runs } : null,
    first_started_at: first?.toISOString() ?? null,
    last_finished_at: last?.toISOString() ?? null,
    tokens: tokenSummary(figures, minutes * 60),
    slo,
  };
}

function tokenSummary(figures: BenchmarkSummaryFigures, windowS: number): BenchmarkTokenSummary | null {
  if (figures.token_runs === 0) return null;
  const total = figures.output_tokens_total;
  return {
    runs: figures.token_runs,
    output_tokens_total: total,
    output_tokens_per_s: total !== null && windowS > 0 ? total / windowS : null,
    requests_per_s: windowS > 0 ? figures.completed_runs / windowS : null,
    tpot_ms: figures.tpot_ms,
    output_tokens_per_s_per_request: figures.output_tokens_per_s,
    output_tokens: figures.output_tokens,
    input_tokens: figures.input_tokens,
    time_to_first_answer_token_ms: figures.time_to_first_answer_token_ms,
  };
}
