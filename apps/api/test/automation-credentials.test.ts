/**
 * Credentials given to an automation over the API are write-only: no response, list, export,
 * audit entry, error or log line carries them, at the most verbose log level. On PGlite and
 * PostgreSQL.
 */
import { Writable } from 'node:stream';
import { describeEachDatabase, newSecretBox } from '@tfbench/core/testing';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { expectErrorEnvelope, fieldsOf, postJson, testConfig } from './helpers.js';

const API_KEY = 'sk-api-DO-NOT-LEAK-3e8b01';
const HEADER_VALUE = 'hdr-DO-NOT-LEAK-a41f';

describeEachDatabase('automation credentials over the API', (getDb) => {
  const lines: string[] = [];
  let app: FastifyInstance;
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await buildApp({
      config: testConfig,
      db: getDb(),
      secretBox: newSecretBox(),
      logger: { level: 'trace', stream },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    const log = lines.join('');
    expect(log).toContain('"statusCode":201');
    expect(log).not.toContain(API_KEY);
    expect(log).not.toContain(HEADER_VALUE);
  });

  const put = (id: number, body: object) =>
    app.inject({ method: 'PUT', url: `/api/v1/automations/${id}`, payload: body });

  it('answers api_key_set and the header names, never the values, in every read', async () => {
    const created = await postJson(app, '/api/v1/automations', {
      name: 'local vLLM',
      provider: 'openai',
      config: {
        base_url: 'https://llm.example.com/v1',
        api_key: API_KEY,
        headers: { 'X-Org': HEADER_VALUE },
      },
      default_inputs: { model: 'my-model' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, config } = created.json() as { id: number; config: Record<string, unknown> };
    expect(config).toEqual({
      base_url: 'https://llm.example.com/v1',
      api_key_set: true,
      headers_set: ['x-org'],
    });

    const scenario = await postJson(app, '/api/v1/scenarios', { name: 's', automation_id: id });
    expect(scenario.statusCode).toBe(201);
    const trigger = await postJson(app, '/api/v1/runs/trigger', { scenario_id: scenario.json().id });
    expect(trigger.statusCode).toBe(201);

    const reads = await Promise.all(
      [
        '/api/v1/automations',
        `/api/v1/automations/${id}`,
        '/api/v1/scenarios',
        '/api/v1/runs',
        '/api/v1/runs/export?format=json',
        '/api/v1/runs/export?format=csv',
        '/api/v1/audit',
        '/openapi.json',
      ].map((url) => app.inject({ method: 'GET', url })),
    );
    for (const read of reads) {
      expect(read.statusCode, read.body.slice(0, 200)).toBe(200);
      expect(read.body).not.toContain(API_KEY);
      expect(read.body).not.toContain(HEADER_VALUE);
    }
    expect(reads[0]?.json()[0].config).toMatchObject({ api_key_set: true, headers_set: ['x-org'] });
    // The audit trail has the write, without its body.
    expect(reads[6]?.body).toContain('automation.create');
    const stored = (await getDb().db.execute(
      sql`select coalesce(json_agg(a)::text, '') as t from audit_log a`,
    )) as unknown as { rows: Array<{ t: string }> };
    expect(stored.rows[0]?.t).not.toContain(API_KEY);

    // PUT: omitted keeps, null clears, a value replaces; a GET body sent back changes nothing.
    const echoed = await put(id, { config });
    expect(echoed.json().config).toEqual(config);
    const cleared = await put(id, { config: { base_url: 'https://llm.example.com/v1', headers: null } });
    expect(cleared.json().config).toMatchObject({ api_key_set: true, headers_set: [] });
    const noKey = await put(id, { config: { base_url: 'https://llm.example.com/v1', api_key: null } });
    expect(noKey.json().config).toMatchObject({ api_key_set: false });
  });

  it('refuses hostile credentials with 400 naming the field, stores nothing and echoes nothing', async () => {
    const bodies: Array<[object, string]> = [
      [{ api_key: 12345 }, 'body.config.api_key'],
      [{ api_key: [API_KEY] }, 'body.config.api_key'],
      [{ api_key: `${API_KEY}${'x'.repeat(5_000)}` }, 'body.config.api_key'],
      [{ api_key: `${API_KEY}\r\nx-injected: 1` }, 'body.config.api_key'],
      [{ headers: { 'x-org': { value: HEADER_VALUE } } }, 'body.config.headers.x-org'],
      [{ headers: { 'x-org': `${HEADER_VALUE}${'v'.repeat(9_000)}` } }, 'body.config.headers.x-org'],
      [{ headers: [HEADER_VALUE] }, 'body.config.headers'],
      [{ headers: { host: 'evil.example.com' } }, 'body.config.headers.host'],
      [{ api_key_env: 'DATABASE_URL' }, 'body.config.api_key_env'],
    ];
    const before = (await app.inject({ method: 'GET', url: '/api/v1/automations' })).headers['x-total-count'];
    for (const [config, field] of bodies) {
      const response = await postJson(app, '/api/v1/automations', { name: 'hostile', config });
      expect(response.statusCode, JSON.stringify(config).slice(0, 60)).toBe(400);
      const error = expectErrorEnvelope(response);
      expect(fieldsOf(error.details)).toContain(field);
      expect(response.body).not.toContain(API_KEY);
      expect(response.body).not.toContain(HEADER_VALUE);
    }
    const after = (await app.inject({ method: 'GET', url: '/api/v1/automations' })).headers['x-total-count'];
    expect(after).toBe(before);
  });
});
