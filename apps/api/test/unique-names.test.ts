/**
 * Automation and scenario names are unique, ignoring case and surrounding spaces: a duplicate
 * on create or rename is a 409 naming the clash, and the row keeps its name. On PGlite and
 * PostgreSQL.
 */
import { describeEachDatabase } from '@tfbench/core/testing';
import { beforeEach, expect, it } from 'vitest';
import { expectErrorEnvelope, postJson, useApp } from './helpers.js';

describeEachDatabase('unique names', (getDb) => {
  const app = useApp(getDb);
  const put = (url: string, payload: object) => app().inject({ method: 'PUT', url, payload });

  beforeEach(async () => {
    expect((await postJson(app(), '/api/v1/automations', { name: 'Checkout' })).statusCode).toBe(201);
    expect((await postJson(app(), '/api/v1/automations', { name: 'Search' })).statusCode).toBe(201);
  });

  function expectConflict(response: { statusCode: number; body: string }, existing: string, id: number) {
    expect(response.statusCode, response.body).toBe(409);
    const error = expectErrorEnvelope(response);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(`named "${existing}" exists already (#${id})`);
    expect(error.details).toEqual([{ field: 'body.name', message: error.message }]);
  }

  it('refuses a duplicate automation name on create and rename, ignoring case and spaces', async () => {
    for (const name of ['Checkout', 'checkout', '  CHECKOUT \t']) {
      expectConflict(await postJson(app(), '/api/v1/automations', { name }), 'Checkout', 1);
    }
    expectConflict(await put('/api/v1/automations/2', { name: ' checkout' }), 'Checkout', 1);
    expect((await app().inject({ method: 'GET', url: '/api/v1/automations/2' })).json().name).toBe('Search');
    // Renaming to its own name (another case) and to a free name work.
    expect((await put('/api/v1/automations/1', { name: 'CHECKOUT' })).statusCode).toBe(200);
    expect((await put('/api/v1/automations/2', { name: 'Search v2' })).statusCode).toBe(200);
    expect((await app().inject({ method: 'GET', url: '/api/v1/automations' })).headers['x-total-count']).toBe(
      '2',
    );
  });

  it('refuses a duplicate scenario name across automations, on create and rename', async () => {
    const create = (name: string, automation_id: number) =>
      postJson(app(), '/api/v1/scenarios', { name, automation_id });
    expect((await create('Nightly', 1)).statusCode).toBe(201);
    expect((await create('Hourly', 1)).statusCode).toBe(201);
    expectConflict(await create('nightly ', 2), 'Nightly', 1);
    expectConflict(await put('/api/v1/scenarios/2', { name: 'NIGHTLY' }), 'Nightly', 1);
    expect((await app().inject({ method: 'GET', url: '/api/v1/scenarios/2' })).json().name).toBe('Hourly');
    expect((await put('/api/v1/scenarios/1', { name: 'nightly', description: 'x' })).statusCode).toBe(200);
  });

  it('lets exactly one of several concurrent creates of one name through', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        postJson(app(), '/api/v1/automations', { name: i % 2 ? 'Race' : 'race' }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });
});
