/**
 * Sweeps and saturation searches end to end on each database: the real API and engine, and a
 * real OpenAI-compatible mock on loopback. A sweep measures the synchronous and throughput rates and runs N
 * constant-rate points evenly between them, each a step benchmark of its own; a search over
 * concurrency against the OpenAI mock, whose load model slows requests down once more than
 * KNEE are in flight, reports an interval that holds the knee. Requests last about 225 ms and
 * 16 runs make a batch, so the suite takes tens of seconds per database.
 */
import { type MockOpenAI, startMockOpenAI } from '@tfbench/mock-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseEnv, getJson, type Json, type LiveApi, startLiveApi } from './engine-helpers.js';
import { BACKENDS, created, expectBenchmarkRefusals, finishedBenchmark } from './load-helpers.js';

/** Requests in flight up to which the mock does not slow down. */
const KNEE = 3;

describe.each(BACKENDS)('sweeps and searches [%s]', (backend) => {
  let api: LiveApi;
  let mock: MockOpenAI;
  let dropDb: () => Promise<void>;
  let scenarioId: number;

  beforeAll(async () => {
    mock = await startMockOpenAI({
      models: ['m'],
      seed: 3,
      behaviour: {
        ttft_ms: { dist: 'fixed', value: 25 },
        // 200 ms of generation keeps the other requests in flight when one arrives, so the
        // mock sees the benchmark's concurrency rather than the gaps between runs.
        tokens_per_s: { dist: 'fixed', value: 100 },
        output_tokens: { dist: 'fixed', value: 20 },
        // Beyond the knee each extra request in flight adds 20x: 500 ms of TTFT at KNEE + 1.
        load: { knee: KNEE, scale: 0.05 },
      },
    });
    const database = await databaseEnv(backend);
    dropDb = database.drop;
    // Runs must go to the automation's own base URL (the mock above), not mock mode's.
    api = await startLiveApi({ ...database.env, API_HOST: '127.0.0.1', TINYFISH_MOCK_MODE: 'false' });
    const automation = await created(api, '/api/v1/automations', {
      name: `openai-${backend}`,
      provider: 'openai',
      config: { base_url: mock.baseURL },
      default_inputs: { model: 'm' },
    });
    scenarioId = (
      await created(api, '/api/v1/scenarios', {
        name: `knee-${backend}`,
        automation_id: automation.id,
        inputs_template: { prompt: 'Count.', max_tokens: 20 },
      })
    ).id as number;
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await mock?.close();
    await dropDb?.();
  });

  it('refuses bad slo, sweep and search fields naming each', async () => {
    await expectBenchmarkRefusals(api, { scenario_id: scenarioId, iterations: 5, concurrency: 2 }, [
      [{ arrival: 'sweep', sweep: { points: 0, duration_s_per_point: 1 } }, 'sweep.points'],
      [{ arrival: 'sweep', sweep: { points: 3, duration_s_per_point: -2 } }, 'sweep.duration_s_per_point'],
      [{ arrival: 'sweep' }, 'sweep'],
      [{ arrival: 'sweep', sweep: { points: 3, duration_s_per_point: 1 }, rate_per_s: 3 }, 'rate_per_s'],
      [{ arrival: 'search', search: { target_attainment: 0.9, over: 'rate' } }, 'slo'],
      [
        { arrival: 'search', slo: { ttft_ms: 100 }, search: { target_attainment: 2, over: 'rate' } },
        'search.target_attainment',
      ],
      [
        { arrival: 'search', slo: { ttft_ms: 100 }, search: { target_attainment: 0.9, over: 'x' } },
        'search.over',
      ],
      [
        {
          arrival: 'search',
          slo: { ttft_ms: 100 },
          search: { target_attainment: 0.9, over: 'concurrency', max: 3 },
        },
        'search.max',
      ],
      [{ slo: { ttft_ms: -1 } }, 'slo.ttft_ms'],
      [{ slo: { p99_ms: 10 } }, 'slo.p99_ms'],
      [{ thresholds: ['attainment >= 0.9'] }, 'thresholds.0'],
    ]);
  });

  it('sweeps N constant rates between the measured synchronous and throughput rates', async () => {
    const root = await created(api, '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      name: 'sweep',
      iterations: 40,
      // At the knee: the throughput probe sees no slow-down, so its rate is about 3x the synchronous one.
      concurrency: KNEE,
      arrival: 'sweep',
      sweep: { points: 3, duration_s_per_point: 2 },
      slo: { total_ms: 5000 },
      seed: 5,
    });
    expect(root.settings).toMatchObject({ arrival: 'sweep', sweep: { points: 3, duration_s_per_point: 2 } });
    const done = await finishedBenchmark(api, root.id as number, 90_000);
    expect(done.status, JSON.stringify(done.summary)).toBe('completed');
    const summary = done.summary as Json;
    const sweep = summary.sweep as Json;
    const min = sweep.min_rate_per_s as number;
    const max = sweep.max_rate_per_s as number;
    expect(min).toBeGreaterThan(0);
    expect(max).toBeGreaterThan(0);
    const curve = summary.curve as Json[];
    expect(curve).toHaveLength(3);
    const high = Math.max(min, max);
    curve.forEach((point, i) => {
      expect(point.point).toBe(i);
      expect(point.offered_rate_per_s as number).toBeCloseTo(min + ((high - min) * i) / 2, 3);
      expect(point.error_rate).toBe(0);
      expect(point.attainment).toMatchObject({ estimate: 1 });
      expect((point.ttft_ms as Json).p50).toEqual(expect.any(Number));
    });
    // Every run belongs to one step, and each step says which point it is.
    for (const point of curve) {
      const { json: step } = await getJson(api.base, `/api/v1/benchmarks/${point.benchmark_id}`);
      expect(step.settings).toMatchObject({
        arrival: 'constant',
        series_of: root.id,
        series_step: { kind: 'point', point: point.point, rate_per_s: point.offered_rate_per_s },
      });
      expect((step.summary as Json).completed_runs).toBeGreaterThan(0);
    }
    const probe = await getJson(api.base, `/api/v1/benchmarks/${sweep.synchronous_benchmark_id}`);
    expect(probe.json.settings).toMatchObject({ arrival: 'closed', concurrency: 1, series_of: root.id });
    // The series' totals are its steps' (its own benchmark runs nothing), in the list view too.
    const stepIds = [
      sweep.synchronous_benchmark_id,
      sweep.throughput_benchmark_id,
      ...curve.map((p) => p.benchmark_id),
    ];
    let completed = 0;
    let runs = 0;
    for (const id of stepIds) {
      const stepSummary = (await getJson(api.base, `/api/v1/benchmarks/${id}`)).json.summary as Json;
      completed += stepSummary.completed_runs as number;
      // Measured runs in any status: a duration-bound step's unstarted runs count too.
      runs += stepSummary.measured_runs as number;
    }
    const totals = summary.series as Json;
    expect(totals).toMatchObject({ steps: 5, steps_failed: 0, runs, completed, failed: 0, timed_out: 0 });
    expect(totals.duration_s as number).toBeGreaterThan(0);
    const listed = (await getJson(api.base, '/api/v1/benchmarks?limit=100')).json as unknown as Json[];
    expect(listed.find((b) => b.id === root.id)).toMatchObject({ summary: { series: totals } });
  }, 120_000);

  it('searches concurrency and reports an interval that holds the mock knee', async () => {
    const root = await created(api, '/api/v1/benchmarks', {
      scenario_id: scenarioId,
      name: 'search',
      // 16 good runs of 16 put the Wilson lower bound above 0.8; a probe with a few slow runs
      // (a request arriving before the mock saw the previous one end) runs again, and at 48
      // runs its estimate decides.
      iterations: 16,
      concurrency: 8,
      arrival: 'search',
      slo: { ttft_ms: 200 },
      // From 2 rather than 1: the single-flight probe is the longest (its runs one after
      // another) and says nothing of the knee; doubling from start is the plan's unit test's.
      search: { target_attainment: 0.8, over: 'concurrency', start: 2, max_runs_per_probe: 48 },
    });
    const done = await finishedBenchmark(api, root.id as number, 120_000);
    expect(done.status, JSON.stringify(done.summary)).toBe('completed');
    const saturation = (done.summary as Json).saturation as Json;
    const [low, high] = saturation.ci as [number, number];
    expect(saturation.ended, JSON.stringify(saturation)).toBe('converged');
    expect(low, JSON.stringify(saturation.probes)).toBeLessThanOrEqual(KNEE);
    expect(high).toBeGreaterThanOrEqual(KNEE);
    expect(high - low).toBe(1);
    expect(saturation.value).toBe(low);
    const probes = saturation.probes as Json[];
    expect(probes.map((probe) => probe.value).slice(0, 2), JSON.stringify(probes)).toEqual([2, 4]);
    for (const probe of probes) {
      expect(['pass', 'fail']).toContain(probe.verdict);
      expect((probe.ci as number[])[0]).toBeLessThanOrEqual((probe.ci as number[])[1] as number);
    }
  }, 150_000);
});
