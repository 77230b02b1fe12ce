/**
 * /api/v1/benchmarks through the app, on PGlite and PostgreSQL, without a run engine in the
 * process (the end-to-end runs with workers are in packages/core/test/benchmarks.int.test.ts).
 */
import { benchmarks, runs } from '@tfbench/core/db';
import { describeEachDatabase } from '@tfbench/core/testing';
import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import * as helpers from './helpers.js';

const BASE = '/api/v1/benchmarks';

describeEachDatabase('benchmarks API', (getDb) => {
  const app = helpers.useSeededApp(getDb);

  const create = (body: object) => helpers.postCreated(app(), BASE, body);

  it('creates a benchmark with all its runs, warm-ups first, inputs merged', async () => {
    const created = await create({
      scenario_id: 1,
      name: 'nightly',
      iterations: 3,
      concurrency: 2,
      warmup_runs: 1,
      arrival: 'poisson',
      rate_per_s: 2.5,
      seed: 77,
      inputs_override: { temperature: 0 },
      thresholds: ['p95(total_duration_ms) < 30s'],
    });
    expect(created).toMatchObject({
      id: 1,
      scenario_id: 1,
      name: 'nightly',
      status: 'pending',
      settings: {
        iterations: 3,
        concurrency: 2,
        arrival: 'poisson',
        rate_per_s: 2.5,
        warmup_runs: 1,
        seed: 77,
        max_lag_s: 5,
        thresholds: ['p95(total_duration_ms) < 30s'],
        source: 'api',
      },
      counts: { pending: 4, running: 0, completed: 0, failed: 0, cancelled: 0, timeout: 0 },
      progress: {
        total: 4,
        done: 0,
        fraction: 0,
        warmup: { total: 1, done: 0 },
        measured: { total: 3, done: 0 },
      },
      summary: { measured_runs: 3, outcome_runs: 0, schedule: { dropped_runs: 0 } },
      threshold_results: null,
      started_at: null,
      finished_at: null,
    });
    const list = await app().inject({ method: 'GET', url: '/api/v1/runs?benchmark_id=1&limit=10' });
    const created_runs = (list.json() as Array<Record<string, unknown>>).reverse();
    expect(created_runs.map((r) => [r.is_warmup, r.trigger, r.status])).toEqual([
      [true, 'benchmark', 'pending'],
      [false, 'benchmark', 'pending'],
      [false, 'benchmark', 'pending'],
      [false, 'benchmark', 'pending'],
    ]);
    expect(created_runs[0]?.inputs).toMatchObject({ model: 'gpt-4', temperature: 0, max_tokens: 100 });
  });

  it('takes the scenario thresholds and the defaults when the request gives none', async () => {
    await app().inject({
      method: 'PUT',
      url: '/api/v1/scenarios/1',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ thresholds: ['success_rate >= 0.9'] }),
    });
    const created = await create({ scenario_id: 1, iterations: 1, concurrency: 1 });
    expect(created.settings).toMatchObject({
      arrival: 'closed',
      rate_per_s: null,
      warmup_runs: 0,
      max_lag_s: null,
      thresholds: ['success_rate >= 0.9'],
    });
    expect(created.settings.seed).toEqual(expect.any(Number));
    expect(created.summary).toMatchObject({ latency_from_intended_ms: null, schedule: null });
  });

  it('answers 400 naming each bad field, with the threshold position, and stores nothing', async () => {
    const openWithoutRate = await helpers.postJson(app(), BASE, {
      scenario_id: 1,
      iterations: 10,
      concurrency: 2,
      arrival: 'constant',
    });
    expect(openWithoutRate.statusCode).toBe(400);
    const error = helpers.expectErrorEnvelope(openWithoutRate);
    expect(error.details).toEqual([
      { field: 'body.rate_per_s', message: 'is required for constant arrivals (runs started per second)' },
    ]);

    const closedWithRate = await helpers.postJson(app(), BASE, {
      scenario_id: 1,
      iterations: 1,
      concurrency: 1,
      rate_per_s: 1,
    });
    helpers.expectFieldErrors(closedWithRate, ['body.rate_per_s']);

    const badThreshold = await helpers.postJson(app(), BASE, {
      scenario_id: 1,
      iterations: 1,
      concurrency: 1,
      thresholds: ['p95(total_duration_ms) 30000'],
    });
    expect(helpers.expectErrorEnvelope(badThreshold).details).toEqual([
      {
        field: 'body.thresholds.0',
        message: 'expected a comparison operator (<, <=, >, >=, ==, !=) at column 23, found "30000"',
      },
    ]);

    const outOfBounds = await helpers.postJson(app(), BASE, {
      scenario_id: 1,
      iterations: 0,
      concurrency: 100_000,
      arrival: 'burst',
      warmup_runs: -1,
      duration_s: 0,
      extra: true,
    });
    helpers.expectFieldErrors(outOfBounds, [
      'body.arrival',
      'body.concurrency',
      'body.duration_s',
      'body.extra',
      'body.iterations',
      'body.warmup_runs',
    ]);

    const listed = await app().inject({ method: 'GET', url: BASE });
    expect(listed.headers['x-total-count']).toBe('0');
  });

  it('answers 404 naming scenario_id for an unknown scenario', async () => {
    const response = await helpers.postJson(app(), BASE, { scenario_id: 42, iterations: 1, concurrency: 1 });
    expect(response.statusCode).toBe(404);
    expect(helpers.expectErrorEnvelope(response).details).toMatchObject({
      resource: 'scenario',
      field: 'body.scenario_id',
    });
  });

  it('lists newest first with counts, filters and pages; 404 for an unknown id', async () => {
    await create({ scenario_id: 1, iterations: 2, concurrency: 1 });
    await create({ scenario_id: 1, iterations: 1, concurrency: 1 });
    await getDb().db.update(benchmarks).set({ status: 'running' }).where(eq(benchmarks.id, 1));
    const all = await app().inject({ method: 'GET', url: BASE });
    expect(all.statusCode).toBe(200);
    expect(all.headers['x-total-count']).toBe('2');
    expect(
      all.json().map((b: { id: number; progress: { total: number } }) => [b.id, b.progress.total]),
    ).toEqual([
      [2, 1],
      [1, 2],
    ]);
    const running = await app().inject({
      method: 'GET',
      url: `${BASE}?status=running&scenario_id=1&limit=1`,
    });
    expect(running.json().map((b: { id: number }) => b.id)).toEqual([1]);
    const bad = await app().inject({ method: 'GET', url: `${BASE}?status=done&limit=0` });
    helpers.expectFieldErrors(bad, ['querystring.limit', 'querystring.status']);
    const missing = await app().inject({ method: 'GET', url: `${BASE}/99` });
    expect(missing.statusCode).toBe(404);
  });

  it('shows a live summary of the measured runs while the benchmark runs', async () => {
    await create({ scenario_id: 1, iterations: 4, concurrency: 2, warmup_runs: 1 });
    const db = getDb().db;
    await db.update(benchmarks).set({ status: 'running' }).where(eq(benchmarks.id, 1));
    const outcome = (id: number, values: Record<string, unknown>) =>
      db
        .update(runs)
        .set({ started_at: sql`now() - interval '1 minute'`, finished_at: sql`now()`, ...values })
        .where(and(eq(runs.benchmark_id, 1), eq(runs.id, id)));
    // Run 1 is the README's triggered run; the benchmark's are 2 (the warm-up) to 6.
    await outcome(3, { status: 'completed', total_duration_ms: 1000, ttft_ms: 100, cost_usd: 0.1 });
    await outcome(4, { status: 'completed', total_duration_ms: 3000, ttft_ms: 300, cost_usd: 0.3 });
    await outcome(5, { status: 'failed', error_code: 'UPSTREAM_ERROR', cost_usd: 0.2 });
    // The warm-up's figures must not count.
    await outcome(2, { status: 'completed', total_duration_ms: 50_000 });
    const response = await app().inject({ method: 'GET', url: `${BASE}/1` });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.counts).toMatchObject({ completed: 3, failed: 1, pending: 1 });
    expect(body.progress).toMatchObject({
      total: 5,
      done: 4,
      fraction: 0.8,
      warmup: { total: 1, done: 1 },
      measured: { total: 4, done: 3 },
    });
    expect(body.summary).toMatchObject({
      measured_runs: 4,
      outcome_runs: 3,
      completed_runs: 2,
      total_duration_ms: { count: 2, p50: 2000, mean: 2000, min: 1000, max: 3000 },
      ttft_ms: { p50: 200 },
      success_rate: { estimate: 2 / 3, successes: 2, n: 3, confidence: 0.95 },
      errors: [{ error_code: 'UPSTREAM_ERROR', count: 1 }],
      cost_per_successful_run_usd: expect.closeTo(0.3, 9),
    });
    expect(body.summary.cost_usd).toBeCloseTo(0.6, 9);
    expect(body.summary.success_rate.lower).toBeGreaterThan(0);
    expect(body.summary.success_rate.upper).toBeLessThan(1);
  });

  it('cancels: pending runs at once, idempotently; a completed benchmark answers 409', async () => {
    await create({ scenario_id: 1, iterations: 3, concurrency: 1 });
    const cancel = () => helpers.postJson(app(), `${BASE}/1/cancel`, {});
    const response = await cancel();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'cancelled',
      counts: { cancelled: 3, pending: 0 },
      summary: { measured_runs: 3, outcome_runs: 0 },
      threshold_results: [],
    });
    expect(response.json().finished_at).toEqual(expect.any(String));
    expect((await cancel()).statusCode).toBe(200);

    await create({ scenario_id: 1, iterations: 1, concurrency: 1 });
    await getDb().db.update(benchmarks).set({ status: 'completed' }).where(eq(benchmarks.id, 2));
    const conflict = await helpers.postJson(app(), `${BASE}/2/cancel`, {});
    expect(conflict.statusCode).toBe(409);
    expect(helpers.expectErrorEnvelope(conflict).code).toBe('CONFLICT');
    expect((await helpers.postJson(app(), `${BASE}/77/cancel`, {})).statusCode).toBe(404);
  });
  it('re-runs a benchmark with the same scenario, name and settings, seed included', async () => {
    const original = await create({
      scenario_id: 1,
      name: 'nightly',
      iterations: 2,
      concurrency: 2,
      warmup_runs: 1,
      arrival: 'poisson',
      rate_per_s: 3,
      seed: 41,
      max_lag_s: 2,
      duration_s: 60,
      timeout_s: 30,
      inputs_override: { temperature: 0 },
      thresholds: ['success_rate >= 0.9'],
    });
    await helpers.postJson(app(), `${BASE}/1/cancel`, {});
    // The scenario's thresholds change afterwards: the re-run keeps the ones it was judged by.
    await app().inject({
      method: 'PUT',
      url: '/api/v1/scenarios/1',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ thresholds: ['p50(ttft_ms) < 1'] }),
    });

    const response = await app().inject({ method: 'POST', url: `${BASE}/1/rerun` });
    expect(response.statusCode, response.body).toBe(201);
    const again = response.json();
    expect(again).toMatchObject({
      id: 2,
      scenario_id: 1,
      name: 'nightly',
      status: 'pending',
      settings: original.settings,
      counts: { pending: 3 },
      finished_at: null,
    });
    const runsOfRerun = await app().inject({ method: 'GET', url: '/api/v1/runs?benchmark_id=2' });
    expect(runsOfRerun.json()[0].inputs).toMatchObject({ temperature: 0 });
    const before = await app().inject({ method: 'GET', url: `${BASE}/1` });
    expect(before.json()).toMatchObject({ id: 1, status: 'cancelled', counts: { cancelled: 3 } });

    const renamed = await helpers.postJson(app(), `${BASE}/2/rerun`, { name: 'nightly, again' });
    expect(renamed.statusCode, renamed.body).toBe(201);
    expect(renamed.json()).toMatchObject({ id: 3, name: 'nightly, again', settings: original.settings });
    const empty = await helpers.postJson(app(), `${BASE}/1/rerun`, {});
    expect(empty.statusCode, empty.body).toBe(201);
    expect(empty.json().name).toBe('nightly');
  });

  it('refuses re-runs of unknown or malformed ids and bad bodies, storing nothing', async () => {
    await create({ scenario_id: 1, iterations: 1, concurrency: 1 });
    await helpers.expectIdChecks(app(), 'POST', (id) => `${BASE}/${id}/rerun`, '77');
    for (const body of [{ iterations: 5 }, { name: '' }, { name: 7 }, { name: 'x'.repeat(201) }, []]) {
      const bad = await helpers.postJson(app(), `${BASE}/1/rerun`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(helpers.expectErrorEnvelope(bad).code).toBe('VALIDATION_ERROR');
    }
    const count = await getDb().db.select({ n: sql<number>`count(*)::int` }).from(benchmarks);
    expect(count[0]?.n).toBe(1);
  });
});
