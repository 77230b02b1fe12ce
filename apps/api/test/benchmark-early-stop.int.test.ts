/**
 * Early stop end to end on each database, with the embedded worker and the in-process mock:
 * a stop_on condition fires on the run the settings say (runs that all fail trip error_rate at
 * min_runs exactly, one run in flight at a time), the benchmark records which condition, what
 * it saw and when, and cancels the rest; until_ci_halfwidth ends a benchmark once its interval
 * is narrow enough.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_MOCK, getJson, type Json } from './engine-helpers.js';
import * as load from './load-helpers.js';

describe.each(load.BACKENDS)('early stop [%s]', (backend) => {
  const api = load.useLoadApi(backend);
  let failing: number;
  let steady: number;
  beforeAll(async () => {
    failing = await load.seedMockScenario(api(), { ...FAST_MOCK, outcome: 'FAILED' });
    // Every run takes the same time: the interval of the mean closes at once.
    steady = await load.seedMockScenario(api(), FAST_MOCK);
  }, 60_000);

  it('stops at min_runs when every run fails, naming the condition, and cancels the rest', async () => {
    const { benchmark, done } = await load.benchmarkToEnd(api(), {
      scenario_id: failing,
      iterations: 40,
      concurrency: 1,
      warmup_runs: 1,
      stop_on: ['p95(ttft_ms) > 60000', 'error_rate > 0.2'],
      min_runs: 4,
      stop_check_every: 3,
    });
    expect(benchmark.settings).toMatchObject({ min_runs: 4, stop_check_every: 3, until_ci_halfwidth: null });
    expect(done.status).toBe('cancelled');
    expect(done.stop_reason).toMatch(/stop_on condition "error_rate > 0.2" held \(observed 1 over 4 runs\)/);
    const condition = (done.settings as Json).stop_condition as Json;
    expect(condition).toMatchObject({ condition: 'error_rate > 0.2', observed: 1, n: 4, after_runs: 4 });
    expect(Date.parse(condition.at as string)).toBeGreaterThanOrEqual(
      Date.parse(done.measurement_started_at as string),
    );
    // The warm-up and four measured runs failed; the other 36 never started.
    expect(done.counts).toMatchObject({ failed: 5, cancelled: 36 });
    const cancelled = await getJson(
      api().base,
      `/api/v1/runs?benchmark_id=${benchmark.id}&status=cancelled&limit=1`,
    );
    expect(JSON.stringify(cancelled.json)).toContain('BENCHMARK_STOP_CONDITION_MET');
  }, 60_000);

  it('stops on the total cost once it passes the bound', async () => {
    // The mock bills 3 steps x $0.016 = $0.048 a run: past $0.1 after the third.
    const { done } = await load.benchmarkToEnd(api(), {
      scenario_id: steady,
      iterations: 30,
      concurrency: 1,
      stop_on: ['cost_usd > 0.1'],
      min_runs: 1,
      stop_check_every: 1,
    });
    expect(done.status).toBe('cancelled');
    expect((done.settings as Json).stop_condition).toMatchObject({
      condition: 'cost_usd > 0.1',
      after_runs: 3,
    });
  }, 60_000);

  it('until_ci_halfwidth ends the benchmark, completed, once the interval is narrow enough', async () => {
    const { done } = await load.benchmarkToEnd(api(), {
      scenario_id: steady,
      iterations: 200,
      concurrency: 2,
      min_runs: 5,
      stop_check_every: 5,
      until_ci_halfwidth: { metric: 'total_duration_ms', halfwidth: 1000, confidence: 0.9 },
    });
    expect(done.status).toBe('completed');
    expect(done.stop_reason).toMatch(
      /90% interval of mean total_duration_ms is ±[\d.]+, within until_ci_halfwidth ±1000/,
    );
    const condition = (done.settings as Json).stop_condition as Json;
    expect(condition.observed as number).toBeLessThanOrEqual(1000);
    expect(condition.after_runs as number).toBeGreaterThanOrEqual(5);
    expect((done.counts as Json).cancelled as number).toBeGreaterThan(150);
  }, 60_000);

  it('refuses bad early-stop fields with 400 naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ stop_on: ['error_rate >'] }, 'stop_on.0'],
      [{ stop_on: 'error_rate > 0.2' }, 'stop_on'],
      [{ min_runs: 0 }, 'min_runs'],
      [{ stop_check_every: 1.5 }, 'stop_check_every'],
      [{ until_ci_halfwidth: { metric: 'nope', halfwidth: 1 } }, 'until_ci_halfwidth.metric'],
      [{ until_ci_halfwidth: { metric: 'ttft_ms', halfwidth: 0 } }, 'until_ci_halfwidth.halfwidth'],
      [
        { until_ci_halfwidth: { metric: 'ttft_ms', halfwidth: 5, confidence: 1 } },
        'until_ci_halfwidth.confidence',
      ],
    ];
    await load.expectBenchmarkRefusals(api(), { scenario_id: steady, iterations: 10, concurrency: 1 }, cases);
  });
});
