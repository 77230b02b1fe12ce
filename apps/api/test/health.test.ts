/**
 * GET /health on a working database, and every route's answer when the database is gone:
 * 503 in the envelope, never 500.
 */
import { type DatabaseHandle, IN_MEMORY_PGLITE, migrate, openDatabase } from '@tfbench/core/db';
import {
  closeAfterEach,
  createTestDatabaseUrl,
  describeEachDatabase,
  requirePostgres,
} from '@tfbench/core/testing';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { expectErrorEnvelope, postJson, README_EXAMPLES, testConfig, useApp } from './helpers.js';

describeEachDatabase('GET /health', (getDb, backend) => {
  const app = useApp(getDb);

  it('reports a reachable, migrated database, the mode and the version', async () => {
    const response = await app().inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: { kind: backend, reachable: true, latency_ms: expect.any(Number) },
      migrations: { current: true, applied: expect.any(Number), pending: 0, latest: expect.any(String) },
      mode: 'mock',
      // No run engine in this app (see events.test.ts for /health with one).
      queue: null,
      version: testConfig.version,
    });
    expect(response.json().migrations.applied).toBeGreaterThanOrEqual(1);
  });
});

/** Requests that each touch the database, one per route that does. */
const DATABASE_REQUESTS = [
  { method: 'GET', url: '/api/v1/automations' },
  { method: 'GET', url: '/api/v1/automations/1' },
  { method: 'POST', url: '/api/v1/automations', payload: README_EXAMPLES.automation },
  { method: 'PUT', url: '/api/v1/automations/1', payload: '{"name": "x"}' },
  { method: 'DELETE', url: '/api/v1/automations/1' },
  { method: 'GET', url: '/api/v1/scenarios' },
  { method: 'GET', url: '/api/v1/scenarios/1' },
  { method: 'POST', url: '/api/v1/scenarios', payload: README_EXAMPLES.scenario },
  { method: 'PUT', url: '/api/v1/scenarios/1', payload: '{"name": "x"}' },
  { method: 'DELETE', url: '/api/v1/scenarios/1?cascade=true' },
  { method: 'GET', url: '/api/v1/runs' },
  { method: 'GET', url: '/api/v1/runs/1' },
  { method: 'POST', url: '/api/v1/runs/trigger', payload: README_EXAMPLES.trigger },
  { method: 'GET', url: '/api/v1/runs/kpis/dashboard' },
] as const;

async function expectUnavailable(app: FastifyInstance): Promise<void> {
  const health = await app.inject({ method: 'GET', url: '/health' });
  expect(health.statusCode).toBe(503);
  expect(health.json()).toMatchObject({
    status: 'unavailable',
    database: { reachable: false, latency_ms: null },
    migrations: null,
  });
  for (const request of DATABASE_REQUESTS) {
    const response = await app.inject({
      method: request.method,
      url: request.url,
      headers: { 'content-type': 'application/json' },
      ...('payload' in request ? { payload: request.payload } : {}),
    });
    expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBe(503);
    expect(expectErrorEnvelope(response).code).toBe('SERVICE_UNAVAILABLE');
  }
}

describe('with the database gone', () => {
  const closeLater = closeAfterEach();

  async function appOn(db: DatabaseHandle): Promise<FastifyInstance> {
    const app = await buildApp({ config: testConfig, db, logger: false });
    closeLater(() => app.close());
    return app;
  }

  it('answers 503 on PGlite once the database is closed', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY_PGLITE });
    await migrate(db);
    const app = await appOn(db);
    expect((await postJson(app, '/api/v1/automations', README_EXAMPLES.automation)).statusCode).toBe(201);
    await db.close();
    await expectUnavailable(app);
  });

  it('answers 503 when no PostgreSQL server listens at the configured address', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    const db = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/tfbench' });
    closeLater(() => db.close());
    const app = await appOn(db);
    await expectUnavailable(app);
  });

  it('answers 503 when its PostgreSQL database is dropped under it', async () => {
    if (!(await requirePostgres())) return;
    const database = await createTestDatabaseUrl();
    const db = await openDatabase({ kind: 'postgres', url: database.url }, { maxConnections: 2 });
    closeLater(async () => {
      await db.close();
      await database.drop();
    });
    await migrate(db);
    const app = await appOn(db);
    expect((await postJson(app, '/api/v1/automations', README_EXAMPLES.automation)).statusCode).toBe(201);
    await database.drop();
    await expectUnavailable(app);
  });
});
