/**
 * Repeats end to end on each database: `repeats: 3` runs the benchmark three times, each a new
 * benchmark with its own warm-up, and the first one's summary.repeats gives each figure as the
 * mean across the repeats with its Student-t interval.
 */
import { studentTQuantile } from '@tfbench/domain/statistics';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_MOCK, getJson, type Json, postJson } from './engine-helpers.js';
import { eventually } from './helpers.js';
import { BACKENDS, created, finishedBenchmark, seedMockScenario, useLoadApi } from './load-helpers.js';

describe.each(BACKENDS)('repeats [%s]', (backend) => {
  const api = useLoadApi(backend);
  let scenarioId: number;
  beforeAll(async () => {
    scenarioId = await seedMockScenario(api(), {
      ...FAST_MOCK,
      step_delay_ms: { dist: 'uniform', min: 20, max: 120 },
    });
  }, 60_000);

  it('runs the benchmark N times, each with a warm-up, and reports mean ± t-interval across them', async () => {
    const first = await created(api(), '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      iterations: 3,
      concurrency: 1,
      warmup_runs: 1,
      repeats: 3,
      seed: 11,
    });
    expect(first.settings).toMatchObject({ repeats: 3, repeat_index: 1, repeat_of: null });
    const repeats = await eventually(
      async () => {
        const { json } = await getJson(api().base, `/api/v1/benchmarks/${first.id}`);
        const summary = json.summary as Json | null;
        const series = summary?.repeats as Json | undefined;
        return series?.finished === 3 ? series : undefined;
      },
      'three repeats',
      60_000,
    );
    const ids = repeats.benchmark_ids as number[];
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(first.id);
    const summaries: Json[] = [];
    for (const [i, id] of ids.entries()) {
      const benchmark = await finishedBenchmark(api(), id);
      expect(benchmark).toMatchObject({
        status: 'completed',
        settings: { repeat_index: i + 1, repeat_of: i === 0 ? null : first.id, seed: 11, warmup_runs: 1 },
        progress: { warmup: { total: 1, done: 1 }, measured: { total: 3, done: 3 } },
      });
      summaries.push(benchmark.summary as Json);
    }
    const p50s = summaries.map((summary) => (summary.total_duration_ms as Json).p50 as number);
    const mean = p50s.reduce((sum, value) => sum + value, 0) / 3;
    const sd = Math.sqrt(p50s.reduce((sum, value) => sum + (value - mean) ** 2, 0) / 2);
    const metric = (repeats.metrics as Record<string, Json>)['total_duration_ms.p50']!;
    expect(metric.n).toBe(3);
    expect(metric.mean as number).toBeCloseTo(mean, 6);
    expect(metric.halfwidth as number).toBeCloseTo(studentTQuantile(0.975, 2) * (sd / Math.sqrt(3)), 6);
    expect((repeats.metrics as Record<string, Json>)['success_rate.estimate']).toMatchObject({
      mean: 1,
      n: 3,
    });
  }, 90_000);

  it('refuses repeats outside 1-20 naming the field', async () => {
    for (const repeats of [0, 21, 2.5, 'x']) {
      const response = await postJson(api().base, '/api/v1/benchmarks', {
        scenario_id: scenarioId,
        iterations: 1,
        concurrency: 1,
        repeats,
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify((response.json.error as Json).details)).toContain('repeats');
    }
  });
});
