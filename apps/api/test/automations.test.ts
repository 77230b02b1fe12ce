/** /api/v1/automations end to end through the app, on PGlite and PostgreSQL. */
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import * as helpers from './helpers.js';

const BASE = '/api/v1/automations';

describeEachDatabase('automations API', (getDb) => {
  const app = helpers.useApp(getDb);

  it('lists an empty collection as [] with X-Total-Count 0', async () => {
    const response = await app().inject({ method: 'GET', url: BASE });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
    expect(response.headers['x-total-count']).toBe('0');
  });

  it('creates with defaults, reads back, and serves the collection with or without a trailing slash', async () => {
    const created = await helpers.postJson(app(), BASE, { name: 'minimal' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: 1,
      name: 'minimal',
      // Set only by configuration as code (tfbench apply).
      key: null,
      tinyfish_automation_id: null,
      description: null,
      default_inputs: {},
      provider: 'tinyfish',
      // No credentials: said so, in the same shape as when there are some.
      config: { api_key_set: false, headers_set: [] },
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const read = await app().inject({ method: 'GET', url: `${BASE}/1` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
    const slash = await app().inject({ method: 'GET', url: `${BASE}/` });
    expect(slash.json()).toEqual([body]);
  });

  it('pages with skip and limit and reports the total', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await helpers.postJson(app(), BASE, { name });
    const page = await app().inject({ method: 'GET', url: `${BASE}?skip=1&limit=2` });
    expect(page.statusCode).toBe(200);
    expect((page.json() as Array<{ name: string }>).map((a) => a.name)).toEqual(['b', 'c']);
    expect(page.headers['x-total-count']).toBe('5');
  });

  it('updates only the fields sent', async () => {
    const created = (await helpers.postJson(app(), BASE, helpers.README_EXAMPLES.automation)).json();
    const updated = await app().inject({
      method: 'PUT',
      url: `${BASE}/1`,
      payload: { description: 'now GPT-4o', config: { mode: 'sync' } },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      name: created.name,
      tinyfish_automation_id: 'auto_123abc',
      default_inputs: created.default_inputs,
      description: 'now GPT-4o',
      config: { mode: 'sync' },
      created_at: created.created_at,
    });
    expect(Date.parse(updated.json().updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
    const cleared = await app().inject({ method: 'PUT', url: `${BASE}/1`, payload: { description: null } });
    expect(cleared.json()).toMatchObject({ description: null, name: created.name });
  });

  it('answers 404 in the envelope for unknown ids on read, update and delete', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const response = await app().inject({
        method,
        url: `${BASE}/42`,
        ...(method === 'PUT' ? { payload: { name: 'x' } } : {}),
      });
      expect(response.statusCode, method).toBe(404);
      expect(helpers.expectErrorEnvelope(response).code).toBe('NOT_FOUND');
    }
  });

  it('deletes (204), then the automation is gone', async () => {
    await helpers.postJson(app(), BASE, { name: 'doomed' });
    const deleted = await app().inject({ method: 'DELETE', url: `${BASE}/1` });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).statusCode).toBe(404);
  });

  it('refuses to delete an automation that has scenarios (409) unless cascade=true', async () => {
    await helpers.postJson(app(), BASE, helpers.README_EXAMPLES.automation);
    await helpers.postJson(app(), '/api/v1/scenarios', helpers.README_EXAMPLES.scenario);
    await helpers.postJson(app(), '/api/v1/runs/trigger', helpers.README_EXAMPLES.trigger);
    const refused = await app().inject({ method: 'DELETE', url: `${BASE}/1` });
    helpers.expectCascadeRequired(refused);
    expect((await app().inject({ method: 'GET', url: '/api/v1/scenarios/1' })).statusCode).toBe(200);

    const cascaded = await app().inject({ method: 'DELETE', url: `${BASE}/1?cascade=true` });
    expect(cascaded.statusCode).toBe(204);
    expect((await app().inject({ method: 'GET', url: '/api/v1/scenarios/1' })).statusCode).toBe(404);
    expect((await app().inject({ method: 'GET', url: '/api/v1/runs/1' })).statusCode).toBe(404);
  });

  it('names every offending body field in one 400', async () => {
    const response = await helpers.postJson(app(), BASE, {
      description: 42,
      default_inputs: [1, 2],
      provider: 'nope',
      config: { mode: 'carrier-pigeon' },
      colour: 'blue',
    });
    helpers.expectFieldErrors(response, [
      'body.name',
      'body.description',
      'body.default_inputs',
      'body.provider',
      'body.config.mode',
      'body.colour',
    ]);
    expect(helpers.expectErrorEnvelope(response).code).toBe('VALIDATION_ERROR');
  });

  it("takes each provider's own modes in config.mode, and refuses another provider's", async () => {
    const llm = await helpers.postJson(app(), BASE, {
      name: 'llm',
      provider: 'openai',
      config: { base_url: 'https://llm.example.com/v1', mode: 'non_stream' },
    });
    expect(llm.statusCode, llm.body).toBe(201);
    expect(llm.json().config.mode).toBe('non_stream');
    const mixed = await helpers.postJson(app(), BASE, { name: 'mixed', config: { mode: 'stream' } });
    helpers.expectFieldErrors(mixed, ['body.config.mode']);
  });

  it('names fields of every request part at once (params and body)', async () => {
    const response = await app().inject({ method: 'PUT', url: `${BASE}/abc`, payload: { name: 7 } });
    helpers.expectFieldErrors(response, ['body.name', 'params.id']);
  });

  it('rejects a negative skip and a limit over 1000, naming both', async () => {
    const response = await app().inject({ method: 'GET', url: `${BASE}?skip=-1&limit=1001` });
    helpers.expectFieldErrors(response, ['querystring.limit', 'querystring.skip']);
  });

  it('stores SQL-looking and non-ASCII text verbatim', async () => {
    const name = "Robert'); DROP TABLE automations;-- 🐟 ünïcödé";
    const created = await helpers.postJson(app(), BASE, { name });
    expect(created.statusCode).toBe(201);
    expect((await app().inject({ method: 'GET', url: `${BASE}/1` })).json().name).toBe(name);
  });
});
