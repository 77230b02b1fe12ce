/** /api/v1/scenarios end to end through the app, on PGlite and PostgreSQL. */
import { describeEachDatabase } from '@tfbench/core/testing';
import { beforeEach, expect, it } from 'vitest';
import { expectErrorEnvelope, fieldsOf, postJson, README_EXAMPLES, useApp } from './helpers.js';

const BASE = '/api/v1/scenarios';

describeEachDatabase('scenarios API', (getDb) => {
  const app = useApp(getDb);

  beforeEach(async () => {
    expect((await postJson(app(), '/api/v1/automations', README_EXAMPLES.automation)).statusCode).toBe(201);
  });

  it('creates with defaults and keeps unknown run_settings keys', async () => {
    const created = await postJson(app(), BASE, {
      name: 'nightly',
      automation_id: 1,
      run_settings: { cron: '0 3 * * *', iterations: 20, warmup: 2 },
      thresholds: ['p95(total_duration_ms) < 30000'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      id: 1,
      name: 'nightly',
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
    const response = await postJson(app(), BASE, { name: 'orphan', automation_id: 999 });
    expect(response.statusCode).toBe(404);
    const error = expectErrorEnvelope(response);
    expect(error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(error)).toContain('automation_id');
    const list = await app().inject({ method: 'GET', url: BASE });
    expect(list.headers['x-total-count']).toBe('0');
  });

  it('updates only the fields sent, and checks a changed automation_id', async () => {
    await postJson(app(), BASE, README_EXAMPLES.scenario);
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
    expect(JSON.stringify(expectErrorEnvelope(moved))).toContain('automation_id');
  });

  it('names every invalid run setting', async () => {
    const response = await postJson(app(), BASE, {
      name: '',
      automation_id: 1.5,
      run_settings: { concurrency: 0, interval_seconds: 'often', timeout_s: -1 },
      thresholds: 'fast',
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(response).details).sort()).toEqual(
      [
        'body.name',
        'body.automation_id',
        'body.run_settings.concurrency',
        'body.run_settings.interval_seconds',
        'body.run_settings.timeout_s',
        'body.thresholds',
      ].sort(),
    );
  });

  it('refuses to delete a scenario with runs (409) unless cascade=true', async () => {
    await postJson(app(), BASE, README_EXAMPLES.scenario);
    await postJson(app(), '/api/v1/runs/trigger', README_EXAMPLES.trigger);
    const refused = await app().inject({ method: 'DELETE', url: `${BASE}/1` });
    expect(refused.statusCode).toBe(409);
    const error = expectErrorEnvelope(refused);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/cascade=true/);
    const cascaded = await app().inject({ method: 'DELETE', url: `${BASE}/1?cascade=true` });
    expect(cascaded.statusCode).toBe(204);
    expect((await app().inject({ method: 'GET', url: '/api/v1/runs/1' })).statusCode).toBe(404);
    // The automation stays.
    expect((await app().inject({ method: 'GET', url: '/api/v1/automations/1' })).statusCode).toBe(200);
  });

  it('deletes a scenario without runs', async () => {
    await postJson(app(), BASE, README_EXAMPLES.scenario);
    expect((await app().inject({ method: 'DELETE', url: `${BASE}/1` })).statusCode).toBe(204);
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).statusCode).toBe(404);
  });
});
