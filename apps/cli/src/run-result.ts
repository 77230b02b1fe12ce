/**
 * What a finished `tfbench run` amounts to: the benchmark as the API reported it, reduced to
 * the figures a pipeline gates on, and the exit code they imply. Pure: the renderers and the
 * summary file read this one object.
 */
import type { Benchmark, ThresholdResult } from '@tfbench/contract';
import type { BaselineResult } from './baseline.js';
import { EXIT, type ExitCode } from './errors.js';
import type { RunSamples } from './samples.js';

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface RunResult {
  tfbench: { mode: 'standalone' | 'server'; server: string | null; mock_mode: boolean | null };
  benchmark: {
    id: number;
    name: string | null;
    status: Benchmark['status'];
    verdict: Benchmark['verdict'];
    stop_reason: string | null;
    settings: Record<string, unknown>;
    started_at: string | null;
    finished_at: string | null;
  };
  scenario: { id: number; name: string };
  metrics: {
    runs: number;
    completed_runs: number;
    total_duration_ms: Percentiles;
    ttft_ms: Percentiles;
    success_rate: number | null;
    errors: Array<{ error_code: string; count: number }>;
  };
  thresholds: ThresholdResult[];
  /** The comparison with --baseline; null without one. */
  baseline: BaselineResult | null;
  /** Per-run figures a later run can use as its --baseline; null when not read. */
  samples: RunSamples | null;
  /** passed, threshold_failed, regressed (against the baseline), or not_completed (failed or cancelled). */
  outcome: 'passed' | 'threshold_failed' | 'regressed' | 'not_completed';
  exit_code: ExitCode;
}

export function runResult(
  benchmark: Benchmark,
  scenario: { id: number; name: string },
  mode: RunResult['tfbench'],
  baseline: BaselineResult | null = null,
  samples: RunSamples | null = null,
): RunResult {
  const summary = benchmark.summary;
  const outcome = outcomeOf(benchmark, baseline);
  return {
    tfbench: mode,
    benchmark: {
      id: benchmark.id,
      name: benchmark.name,
      status: benchmark.status,
      verdict: benchmark.verdict,
      stop_reason: benchmark.stop_reason,
      settings: benchmark.settings,
      started_at: benchmark.started_at,
      finished_at: benchmark.finished_at,
    },
    scenario,
    metrics: {
      runs: summary?.outcome_runs ?? 0,
      completed_runs: summary?.completed_runs ?? 0,
      total_duration_ms: percentiles(summary?.total_duration_ms),
      ttft_ms: percentiles(summary?.ttft_ms),
      success_rate: summary?.success_rate.estimate ?? null,
      errors: summary?.errors ?? [],
    },
    thresholds: benchmark.threshold_results ?? [],
    baseline,
    samples,
    outcome,
    exit_code: EXIT_OF[outcome],
  };
}

/** Standalone (a server in this process, mock or not) or a remote server at `baseUrl`. */
export function whereItRan(local: { mockMode: boolean } | undefined, baseUrl: string): RunResult['tfbench'] {
  return local
    ? { mode: 'standalone', server: null, mock_mode: local.mockMode }
    : { mode: 'server', server: baseUrl, mock_mode: null };
}

const EXIT_OF: Record<RunResult['outcome'], ExitCode> = {
  passed: EXIT.passed,
  threshold_failed: EXIT.thresholdFailed,
  regressed: EXIT.regressed,
  not_completed: EXIT.failure,
};

/**
 * A failed verdict is a failed gate whatever else happened; otherwise only a benchmark that
 * completed passes (one that failed or was cancelled was not carried out), unless it regressed
 * against the baseline.
 */
function outcomeOf(benchmark: Benchmark, baseline: BaselineResult | null): RunResult['outcome'] {
  if (benchmark.verdict === 'failed') return 'threshold_failed';
  if (benchmark.status !== 'completed') return 'not_completed';
  return baseline?.regressed ? 'regressed' : 'passed';
}

function percentiles(
  distribution: { p50: number | null; p95: number | null; p99: number | null } | undefined,
): Percentiles {
  return { p50: distribution?.p50 ?? null, p95: distribution?.p95 ?? null, p99: distribution?.p99 ?? null };
}
