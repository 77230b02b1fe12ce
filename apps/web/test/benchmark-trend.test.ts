import type { Benchmark, BenchmarkSummary } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { trendPoints } from '../src/lib/benchmark-trend';
import { benchmarkOf } from './helpers/benchmark';

const benchmark = (id: number, values: Partial<Benchmark>): Benchmark => benchmarkOf({ id, ...values });

const noFigures = { count: 0, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
const noRate = { estimate: null, lower: 0, upper: 1, successes: 0, n: 0, confidence: 0.95 };

/** A summary with no figures but the ones given. */
const summary = (figures: {
  total?: { p50: number | null; p95: number | null };
  ttft?: { p50: number | null; p95: number | null };
  success?: { estimate: number | null; n: number };
}): BenchmarkSummary => ({
  measured_runs: 0,
  outcome_runs: 0,
  completed_runs: 0,
  total_duration_ms: { ...noFigures, ...figures.total },
  ttft_ms: { ...noFigures, ...figures.ttft },
  itl_ms: noFigures,
  latency_from_intended_ms: null,
  success_rate: { ...noRate, ...figures.success, denominator: 'runs_sent', runs_planned: 0 },
  goal_success_rate: { ...noRate, evaluated_runs: 0 },
  runs_per_minute: null,
  errors: [],
  cost_usd: null,
  cost_per_successful_run_usd: null,
  schedule: null,
  first_started_at: null,
  last_finished_at: null,
});

describe('trendPoints', () => {
  it('takes each summarised benchmark as a point, oldest first, by when it finished', () => {
    const points = trendPoints([
      benchmark(3, {
        finished_at: '2025-01-03T00:00:00Z',
        summary: summary({
          total: { p50: 900, p95: 1_500 },
          ttft: { p50: 100, p95: null },
          success: { estimate: 0.9, n: 10 },
        }),
      }),
      benchmark(2, { status: 'pending', summary: null }),
      benchmark(1, {
        name: 'first',
        finished_at: '2025-01-02T00:00:00Z',
        summary: summary({ total: { p50: 1_000, p95: 2_000 }, success: { estimate: 1, n: 5 } }),
      }),
      // A summary without a single figure (no run has ended) draws nothing.
      benchmark(4, {
        status: 'running',
        summary: summary({}),
      }),
    ]);
    expect(points).toEqual([
      {
        t: Date.parse('2025-01-02T00:00:00Z'),
        id: 1,
        name: 'first',
        status: 'completed',
        p50_total: 1_000,
        p95_total: 2_000,
        p50_ttft: null,
        p95_ttft: null,
        success: 1,
        n: 5,
      },
      expect.objectContaining({
        id: 3,
        p50_total: 900,
        p95_total: 1_500,
        p50_ttft: 100,
        p95_ttft: null,
        success: 0.9,
      }),
    ]);
  });
});
