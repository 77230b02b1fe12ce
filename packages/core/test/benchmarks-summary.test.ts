/** A benchmark's summary against figures computed by hand, on PGlite and PostgreSQL. */

import { summarize } from '@tfbench/domain/statistics';
import { expect, it } from 'vitest';
import {
  BENCHMARK_RUN_ERROR_CODES,
  computeBenchmarkSummary,
  evaluateBenchmarkThresholds,
  getBenchmark,
} from '../src/benchmarks/index.js';
import { toBenchmarkSettings } from '../src/benchmarks/settings.js';
import type { DatabaseHandle } from '../src/db/database.js';
import type { NewRun } from '../src/db/schema.js';
import { insertBenchmark } from '../src/repositories/benchmarks.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { seedAutomation, seedRun, seedScenario } from './seed.js';

const base = Date.parse('2025-03-01T12:00:00Z');
const ms = (offset: number) => new Date(base + offset);
const itl = (mean: number | null) => ({ ...summarize([]), count: 3, mean });

/** A closed-arrival benchmark of a scenario of its own, and that scenario. */
async function seedClosedBenchmark(handle: DatabaseHandle) {
  const automation = await seedAutomation(handle);
  const scenario = await seedScenario(handle, automation.id);
  const benchmark = await insertBenchmark(handle.db, {
    scenario_id: scenario.id,
    settings: { arrival: 'closed' },
  });
  return { scenario, benchmark };
}

/**
 * Nine measured runs of an open-arrival (constant) benchmark. Run k is intended at base + k s
 * and starts `lag` ms after that. One warm-up run with absurd figures must appear nowhere.
 */
async function seedOpenBenchmark(handle: DatabaseHandle) {
  const automation = await seedAutomation(handle);
  const scenario = await seedScenario(handle, automation.id);
  const settings = toBenchmarkSettings(
    {
      scenario_id: scenario.id,
      iterations: 9,
      concurrency: 3,
      arrival: 'constant',
      rate_per_s: 1,
      warmup_runs: 1,
    },
    [],
    () => 1,
    'api',
  );
  const benchmark = await insertBenchmark(handle.db, {
    scenario_id: scenario.id,
    settings: { ...settings },
    status: 'running',
  });
  const run = (values: Partial<NewRun>) =>
    seedRun(handle, scenario.id, { benchmark_id: benchmark.id, trigger: 'benchmark', ...values });
  await run({
    is_warmup: true,
    status: 'completed',
    total_duration_ms: 99_999,
    ttft_ms: 99_999,
    cost_usd: 5,
    started_at: ms(-100_000),
    finished_at: ms(500_000),
    error_code: 'WARMUP',
  });
  const measured: Array<Partial<NewRun> & { lag?: number; finishedAt?: number }> = [
    {
      status: 'completed',
      total_duration_ms: 100,
      ttft_ms: 10,
      inter_token_stats: itl(5),
      cost_usd: 0.01,
      assertions_passed: true,
      lag: 20,
    },
    {
      status: 'completed',
      total_duration_ms: 200,
      ttft_ms: 20,
      inter_token_stats: itl(7),
      cost_usd: 0.02,
      assertions_passed: false,
      lag: 40,
    },
    {
      status: 'completed',
      total_duration_ms: 300,
      ttft_ms: 30,
      inter_token_stats: itl(null),
      cost_usd: 0.03,
      assertions_passed: true,
      lag: 60,
    },
    {
      status: 'completed',
      total_duration_ms: 400,
      ttft_ms: null,
      inter_token_stats: itl(9),
      cost_usd: 0.04,
      lag: 80,
    },
    { status: 'failed', error_code: 'HTTP_500', total_duration_ms: 50, cost_usd: 0.005, lag: 100 },
    { status: 'failed', error_code: 'HTTP_500', lag: 120 },
    { status: 'timeout', lag: 140 },
    { status: 'cancelled', error_code: BENCHMARK_RUN_ERROR_CODES.dropped },
    { status: 'failed', lag: 160, finishedAt: 61_020 },
  ];
  for (const [index, { lag, finishedAt, ...values }] of measured.entries()) {
    const intended = (index + 1) * 1000;
    const start = lag === undefined ? null : ms(intended + lag);
    await run({
      ...values,
      intended_start_at: ms(intended),
      actual_start_at: start,
      started_at: start,
      finished_at: start ? ms(finishedAt ?? intended + lag! + 500) : ms(intended),
    });
  }
  return benchmark;
}

describeEachDatabase('benchmark summary', (getDb) => {
  it('matches hand-computed figures over the measured runs only', async () => {
    const benchmark = await seedOpenBenchmark(getDb());
    const settings = (await getBenchmark({ db: getDb() }, benchmark.id)).settings;
    const summary = await computeBenchmarkSummary(getDb().db, benchmark.id, settings as never);

    expect(summary.measured_runs).toBe(9);
    expect(summary.outcome_runs).toBe(8);
    expect(summary.completed_runs).toBe(4);
    // Completed runs only: 100, 200, 300, 400 (linear interpolation, h = (n - 1) q).
    expect(summary.total_duration_ms).toEqual({
      count: 4,
      mean: 250,
      min: 100,
      p50: 250,
      p90: expect.closeTo(370, 9),
      p95: expect.closeTo(385, 9),
      p99: expect.closeTo(397, 9),
      max: 400,
    });
    // 10, 20, 30 (the null is skipped).
    expect(summary.ttft_ms).toMatchObject({ count: 3, mean: 20, p50: 20 });
    expect(summary.ttft_ms.p90).toBeCloseTo(28, 9);
    expect(summary.ttft_ms.p99).toBeCloseTo(29.8, 9);
    // Each run's mean inter-token gap: 5, 7, 9.
    expect(summary.itl_ms).toMatchObject({ count: 3, mean: 7, p50: 7, min: 5, max: 9 });
    expect(summary.itl_ms.p95).toBeCloseTo(8.8, 9);
    // Lag + total of the completed runs: 120, 240, 360, 480.
    expect(summary.latency_from_intended_ms).toMatchObject({ count: 4, min: 120, max: 480 });
    expect(summary.latency_from_intended_ms?.mean).toBeCloseTo(300, 6);
    expect(summary.latency_from_intended_ms?.p90).toBeCloseTo(444, 6);
    // Lag of every run that started: 20, 40, ..., 160 (the dropped one never started).
    expect(summary.schedule?.dropped_runs).toBe(1);
    expect(summary.schedule?.lag_ms.count).toBe(8);
    expect(summary.schedule?.lag_ms.p50).toBeCloseTo(90, 6);
    expect(summary.schedule?.lag_ms.p99).toBeCloseTo(158.6, 6);
    // 4 of 8 outcomes; Wilson 95 %: 0.5 +- 0.2848.
    expect(summary.success_rate).toMatchObject({ estimate: 0.5, successes: 4, n: 8, confidence: 0.95 });
    expect(summary.success_rate.lower).toBeCloseTo(0.2152, 4);
    expect(summary.success_rate.upper).toBeCloseTo(0.7848, 4);
    // Completed with assertions passed: runs 1 and 3; three outcome runs had assertions.
    expect(summary.goal_success_rate).toMatchObject({
      estimate: 0.25,
      successes: 2,
      n: 8,
      evaluated_runs: 3,
    });
    expect(summary.errors).toEqual([
      { error_code: 'HTTP_500', count: 2 },
      { error_code: 'TIMEOUT', count: 1 },
      { error_code: 'UNKNOWN', count: 1 },
    ]);
    expect(summary.cost_usd).toBeCloseTo(0.105, 12);
    expect(summary.cost_per_successful_run_usd).toBeCloseTo(0.02625, 12);
    // 8 outcomes between the first start (base + 1.02 s) and the last finish (base + 61.02 s).
    expect(summary.runs_per_minute).toBeCloseTo(8, 9);
    expect(summary.first_started_at).toBe(ms(1020).toISOString());
    expect(summary.last_finished_at).toBe(ms(61_020).toISOString());
  });

  it('evaluates thresholds over the measured runs', async () => {
    const benchmark = await seedOpenBenchmark(getDb());
    const results = await evaluateBenchmarkThresholds(getDb().db, benchmark.id, [
      'p50(total_duration_ms) < 300',
      'success_rate >= 0.9',
      'p95(ttft_ms) < 1s',
      'max(cost_usd) < 1',
    ]);
    expect(results).toEqual([
      { expression: 'p50(total_duration_ms) < 300', observed: 250, passed: true, n: 4 },
      { expression: 'success_rate >= 0.9', observed: 0.5, passed: false, n: 8 },
      { expression: 'p95(ttft_ms) < 1000', observed: expect.closeTo(29, 9), passed: true, n: 3 },
      { expression: 'max(cost_usd) < 1', observed: 0.04, passed: true, n: 4 },
    ]);
  });

  it('reports no open-arrival figures for closed arrival and empty figures without runs', async () => {
    const { benchmark } = await seedClosedBenchmark(getDb());
    const summary = await computeBenchmarkSummary(getDb().db, benchmark.id, {
      arrival: 'closed',
    } as never);
    expect(summary).toMatchObject({
      measured_runs: 0,
      latency_from_intended_ms: null,
      schedule: null,
      runs_per_minute: null,
      cost_usd: null,
      cost_per_successful_run_usd: null,
      errors: [],
      success_rate: { estimate: null, lower: 0, upper: 1, n: 0 },
    });
    expect(summary.total_duration_ms).toEqual({
      count: 0,
      mean: null,
      min: null,
      p50: null,
      p90: null,
      p95: null,
      p99: null,
      max: null,
    });
  });
});

describeEachDatabase('benchmark token summary', (getDb) => {
  const tokens = (output: number, tpot: number, speed: number) => ({
    input_tokens: 10,
    output_tokens: output,
    reasoning_tokens: null,
    output_tokens_source: 'usage' as const,
    time_to_first_answer_token_ms: 50,
    tpot_ms: tpot,
    output_tokens_per_s: speed,
    chunks: output,
    max_tokens_per_chunk: 1,
    finish_reason: 'length',
  });

  it('adds output-token throughput, request throughput and per-request token figures', async () => {
    const { scenario, benchmark } = await seedClosedBenchmark(getDb());
    const run = (values: Partial<NewRun>) =>
      seedRun(getDb(), scenario.id, { benchmark_id: benchmark.id, trigger: 'benchmark', ...values });
    // Two completed runs over a 10 s window: 256 + 128 tokens; a failed run's tokens are left out.
    await run({
      status: 'completed',
      token_metrics: tokens(256, 20, 50),
      started_at: ms(0),
      finished_at: ms(6_000),
    });
    await run({
      status: 'completed',
      token_metrics: tokens(128, 40, 25),
      started_at: ms(4_000),
      finished_at: ms(10_000),
    });
    await run({
      status: 'failed',
      token_metrics: tokens(64, 10, 100),
      started_at: ms(1_000),
      finished_at: ms(2_000),
    });
    const summary = await computeBenchmarkSummary(getDb().db, benchmark.id, { arrival: 'closed' } as never);
    expect(summary.tokens).toMatchObject({
      runs: 2,
      output_tokens_total: 384,
      output_tokens_per_s: 38.4,
      requests_per_s: 0.2,
      tpot_ms: { count: 2, mean: 30, min: 20, max: 40 },
      output_tokens_per_s_per_request: { count: 2, mean: 37.5 },
      output_tokens: { count: 2, p50: 192 },
      input_tokens: { count: 2, mean: 10 },
      time_to_first_answer_token_ms: { count: 2, mean: 50 },
    });
  });

  it('is null for a benchmark without token figures', async () => {
    const { scenario, benchmark } = await seedClosedBenchmark(getDb());
    await seedRun(getDb(), scenario.id, {
      benchmark_id: benchmark.id,
      status: 'completed',
      total_duration_ms: 5,
    });
    const summary = await computeBenchmarkSummary(getDb().db, benchmark.id, { arrival: 'closed' } as never);
    expect(summary.tokens).toBeNull();
  });
});
