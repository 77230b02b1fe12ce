/**
 * /api/v1/benchmark-definitions through the app, on PGlite and PostgreSQL: a saved benchmark
 * is stored, read, changed, started (a benchmark with its settings, as POST /benchmarks makes)
 * and deleted; hostile inputs are 4xx naming the field, with nothing stored or lost.
 */
import { BENCHMARK_LIMITS } from '@tfbench/core/benchmarks';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import * as helpers from './helpers.js';

const BASE = '/api/v1/benchmark-definitions';

const NIGHTLY = {
  name: 'nightly',
  scenario_id: 1,
  iterations: 3,
  concurrency: 2,
  arrival: 'poisson',
  rate_per_s: 2.5,
  seed: 77,
  thresholds: ['p95(total_duration_ms) < 30s'],
};

describeEachDatabase('benchmark definitions API', (getDb) => {
  const app = helpers.useSeededApp(getDb);

  const patch = (id: number | string, body: object) =>
    app().inject({ method: 'PATCH', url: `${BASE}/${id}`, payload: body });

  it('saves a definition, lists and reads it, changes it, starts it, deletes it', async () => {
    const saved = await helpers.postCreated(app(), BASE, NIGHTLY);
    const { name, scenario_id, ...settings } = NIGHTLY;
    expect(saved).toMatchObject({ id: 1, key: null, name, scenario_id, settings });
    const list = await app().inject({ method: 'GET', url: BASE });
    expect(list.headers['x-total-count']).toBe('1');
    expect(list.json()).toEqual([saved]);
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).json()).toEqual(saved);

    const changed = await patch(1, { concurrency: 4, seed: null });
    expect(changed.statusCode, changed.body).toBe(200);
    const { seed: _seed, ...withoutSeed } = settings;
    expect(changed.json().settings).toEqual({ ...withoutSeed, concurrency: 4 });

    const run = await app().inject({ method: 'POST', url: `${BASE}/1/run` });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json()).toMatchObject({
      scenario_id: 1,
      name: 'nightly',
      status: 'pending',
      settings: { iterations: 3, concurrency: 4, arrival: 'poisson', rate_per_s: 2.5, source: 'api' },
      counts: { pending: 3 },
      warnings: expect.any(Array),
    });

    expect((await app().inject({ method: 'DELETE', url: `${BASE}/1` })).statusCode).toBe(204);
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).statusCode).toBe(404);
    // The benchmark it started stays.
    expect(
      (await app().inject({ method: 'GET', url: `/api/v1/benchmarks/${run.json().id}` })).statusCode,
    ).toBe(200);
  });

  it('refuses bad ids on every item route', async () => {
    await helpers.postCreated(app(), BASE, NIGHTLY);
    await helpers.expectIdChecks(app(), 'GET', (id) => `${BASE}/${id}`, '99');
    await helpers.expectIdChecks(app(), 'DELETE', (id) => `${BASE}/${id}`, '99');
    await helpers.expectIdChecks(app(), 'POST', (id) => `${BASE}/${id}/run`, '99');
    const unknown = await patch(99, { concurrency: 3 });
    expect(unknown.statusCode).toBe(404);
    for (const id of helpers.MALFORMED_IDS) {
      const bad = await patch(id, { concurrency: 3 });
      expect(bad.statusCode, id).toBe(400);
      expect(helpers.fieldsOf(helpers.expectErrorEnvelope(bad).details)).toContain('params.id');
    }
  });

  it('refuses unknown fields, wrong types, out-of-bounds settings and rules across fields, storing nothing', async () => {
    await helpers.postCreated(app(), BASE, NIGHTLY);
    const before = await helpers.storedFingerprint(getDb());
    const cases: Array<[object, string[]]> = [
      [{ ...NIGHTLY, name: 'x', colour: 'red' }, ['body']],
      [{ ...NIGHTLY, name: 'x', iterations: 'many' }, ['body.iterations']],
      [{ ...NIGHTLY, name: 'x', concurrency: BENCHMARK_LIMITS.maxConcurrency + 1 }, ['body.concurrency']],
      [{ ...NIGHTLY, name: '' }, ['body.name']],
      [{ ...NIGHTLY, name: 'x', scenario_id: 'one' }, ['body.scenario_id']],
      [{ name: 'x', scenario_id: 1, iterations: 3, concurrency: 1, arrival: 'constant' }, ['rate_per_s']],
      [{ name: 'x', scenario_id: 1, iterations: 3, concurrency: 1, rate_per_s: 2 }, ['rate_per_s']],
    ];
    for (const [body, fields] of cases) {
      const response = await helpers.postJson(app(), BASE, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      const named = helpers.fieldsOf(helpers.expectErrorEnvelope(response).details);
      for (const field of fields) expect(named.join(' '), JSON.stringify(body)).toContain(field);
    }
    const badPatch = await patch(1, { arrival: 'closed', iterations: -1 });
    expect(badPatch.statusCode).toBe(400);
    expect(await helpers.storedFingerprint(getDb())).toEqual(before);
  });

  it('answers 404 naming scenario_id for an unknown scenario, 409 for a taken name, 413 when oversize', async () => {
    const unknown = await helpers.postJson(app(), BASE, { ...NIGHTLY, scenario_id: 42 });
    expect(unknown.statusCode).toBe(404);
    expect(helpers.expectErrorEnvelope(unknown).details).toMatchObject({ field: 'body.scenario_id' });
    await helpers.postCreated(app(), BASE, NIGHTLY);
    const clash = await helpers.postJson(app(), BASE, { ...NIGHTLY, name: ' NIGHTLY ' });
    expect(clash.statusCode).toBe(409);
    const huge = await helpers.postJson(app(), BASE, {
      ...NIGHTLY,
      name: 'big',
      inputs_override: { blob: 'x'.repeat(2_000_000) },
    });
    expect([400, 413]).toContain(huge.statusCode);
    const list = await app().inject({ method: 'GET', url: BASE });
    expect(list.json().map((item: { name: string }) => item.name)).toEqual(['nightly']);
  });

  it('answers 404 for a move to an unknown scenario and keeps the stored one', async () => {
    await helpers.postCreated(app(), BASE, NIGHTLY);
    const moved = await patch(1, { scenario_id: 99 });
    expect(moved.statusCode).toBe(404);
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).json().scenario_id).toBe(1);
  });
});
