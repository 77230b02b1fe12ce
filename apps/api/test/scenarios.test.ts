/** /api/v1/scenarios end to end through the app, on PGlite and PostgreSQL. */
import { describeEachDatabase } from '@tfbench/core/testing';
import { beforeEach, expect, it } from 'vitest';
import * as helpers from './helpers.js';

const BASE = '/api/v1/scenarios';

describeEachDatabase('scenarios API', (getDb) => {
  const app = helpers.useApp(getDb);

  beforeEach(async () => {
    expect(
      (await helpers.postJson(app(), '/api/v1/automations', helpers.README_EXAMPLES.automation)).statusCode,
    ).toBe(201);
  });

  it('creates with defaults and keeps unknown run_settings keys', async () => {
    const created = await helpers.postJson(app(), BASE, {
      name: 'nightly',
      automation_id: 1,
      run_settings: { cron: '0 3 * * *', iterations: 20, warmup: 2 },
      thresholds: ['p95(total_duration_ms) < 30000'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      id: 1,
      name: 'nightly',
      // Set only by configuration as code (tfbench apply).
      key: null,
      automation_id: 1,
      description: null,
      inputs_template: {},
      run_settings: { cron: '0 3 * * *', iterations: 20, warmup: 2 },
      thresholds: ['p95(total_duration_ms) < 30000'],
      assertions: [],
      schedule_enabled: false,
      next_run_at: null,
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const list = await app().inject({ method: 'GET', url: BASE });
    expect(list.headers['x-total-count']).toBe('1');
    expect(list.json()).toEqual([created.json()]);
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).json()).toEqual(created.json());
  });

  it('answers 404 naming automation_id when the automation does not exist, and stores nothing', async () => {
    const response = await helpers.postJson(app(), BASE, { name: 'orphan', automation_id: 999 });
    expect(response.statusCode).toBe(404);
    const error = helpers.expectErrorEnvelope(response);
    expect(error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(error)).toContain('automation_id');
    const list = await app().inject({ method: 'GET', url: BASE });
    expect(list.headers['x-total-count']).toBe('0');
  });

  it('updates only the fields sent, and checks a changed automation_id', async () => {
    await helpers.postJson(app(), BASE, helpers.README_EXAMPLES.scenario);
    const updated = await app().inject({
      method: 'PUT',
      url: `${BASE}/1`,
      payload: { run_settings: { concurrency: 4 }, description: null },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      name: 'Simple Chat Benchmark',
      inputs_template: { prompt: 'What is the capital of France?', max_tokens: 100 },
      run_settings: { concurrency: 4 },
      description: null,
    });
    const moved = await app().inject({ method: 'PUT', url: `${BASE}/1`, payload: { automation_id: 77 } });
    expect(moved.statusCode).toBe(404);
    expect(JSON.stringify(helpers.expectErrorEnvelope(moved))).toContain('automation_id');
  });

  it('names every invalid run setting', async () => {
    const response = await helpers.postJson(app(), BASE, {
      name: '',
      automation_id: 1.5,
      run_settings: { concurrency: 0, interval_seconds: 'often', timeout_s: -1 },
      thresholds: 'fast',
    });
    helpers.expectFieldErrors(response, [
      'body.name',
      'body.automation_id',
      'body.run_settings.concurrency',
      'body.run_settings.interval_seconds',
      'body.run_settings.timeout_s',
      'body.thresholds',
    ]);
  });

  it('refuses to delete a scenario with runs (409) unless cascade=true', async () => {
    await helpers.postJson(app(), BASE, helpers.README_EXAMPLES.scenario);
    await helpers.postJson(app(), '/api/v1/runs/trigger', helpers.README_EXAMPLES.trigger);
    const refused = await app().inject({ method: 'DELETE', url: `${BASE}/1` });
    helpers.expectCascadeRequired(refused);
    const cascaded = await app().inject({ method: 'DELETE', url: `${BASE}/1?cascade=true` });
    expect(cascaded.statusCode).toBe(204);
    expect((await app().inject({ method: 'GET', url: '/api/v1/runs/1' })).statusCode).toBe(404);
    // The automation stays.
    expect((await app().inject({ method: 'GET', url: '/api/v1/automations/1' })).statusCode).toBe(200);
  });

  it('deletes a scenario without runs', async () => {
    await helpers.postJson(app(), BASE, helpers.README_EXAMPLES.scenario);
    expect((await app().inject({ method: 'DELETE', url: `${BASE}/1` })).statusCode).toBe(204);
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).statusCode).toBe(404);
  });
  it('clones a scenario under the first free "(copy)" name, schedule off', async () => {
    const source = await helpers.postJson(app(), BASE, {
      name: 'nightly',
      automation_id: 1,
      description: 'the nightly check',
      inputs_template: { prompt: 'Hi' },
      run_settings: { interval_seconds: 600, iterations: 20 },
      thresholds: ['p95(total_duration_ms) < 30000'],
      assertions: [{ type: 'max_steps', max: 40 }],
      schedule_enabled: true,
    });
    expect(source.statusCode, source.body).toBe(201);
    const clone = (id: number, body?: object) =>
      body === undefined
        ? app().inject({ method: 'POST', url: `${BASE}/${id}/clone` })
        : helpers.postJson(app(), `${BASE}/${id}/clone`, body);

    const first = await clone(1);
    expect(first.statusCode, first.body).toBe(201);
    const { id, name, schedule_enabled, next_run_at, created_at, updated_at, ...copied } = first.json();
    const { id: _, name: __, schedule_enabled: ___, next_run_at: ____, ...original } = source.json();
    expect({ id, name, schedule_enabled, next_run_at }).toEqual({
      id: 2,
      name: 'nightly (copy)',
      schedule_enabled: false,
      next_run_at: null,
    });
    expect({ ...copied, created_at, updated_at }).toEqual({ ...original, created_at, updated_at });

    expect((await clone(1)).json().name).toBe('nightly (copy 2)');
    // A copy of a copy counts on from the original's name.
    expect((await clone(2, {})).json().name).toBe('nightly (copy 3)');
    expect((await clone(1, { name: 'weekly' })).json()).toMatchObject({ id: 5, name: 'weekly' });
    // The source is unchanged, schedule and all.
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).json()).toEqual(source.json());

    const long = await helpers.postJson(app(), BASE, { name: 'x'.repeat(200), automation_id: 1 });
    const longCopy = (await clone(long.json().id)).json();
    expect(longCopy.name).toHaveLength(200);
    expect(longCopy.name.endsWith(' (copy)')).toBe(true);
  });

  it('refuses clones of unknown or malformed ids and bad bodies, storing nothing', async () => {
    await helpers.postJson(app(), BASE, helpers.README_EXAMPLES.scenario);
    await helpers.expectIdChecks(app(), 'POST', (id) => `${BASE}/${id}/clone`, '999');
    for (const [body, field] of [
      [{ name: '' }, 'body.name'],
      [{ name: null }, 'body.name'],
      [{ name: 'x'.repeat(201) }, 'body.name'],
      [{ automation_id: 2 }, 'body.automation_id'],
      [[], 'body'],
    ] as const) {
      const bad = await helpers.postJson(app(), `${BASE}/1/clone`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(helpers.fieldsOf(helpers.expectErrorEnvelope(bad).details), JSON.stringify(body)).toContain(
        field,
      );
    }
    const list = await app().inject({ method: 'GET', url: BASE });
    expect(list.headers['x-total-count']).toBe('1');
  });
});
