/**
 * Reads a request can make expensive run on PostgreSQL under a statement_timeout: a statement
 * that outlasts it is cancelled by the server and answered 503 QUERY_TIMEOUT in the envelope,
 * while /health, and writes (which use the main pool, without that timeout), are unaffected.
 *
 * The slow query is real: a second connection holds an ACCESS EXCLUSIVE lock on `runs`, so
 * every read of `runs` waits, and statement_timeout counts that wait. PGlite cannot cancel a
 * statement (there the range and bucket caps bound the work), so this file runs on PostgreSQL.
 */
import { type DatabaseHandle, migrate, openDatabase } from '@tfbench/core/db';
import { createTestDatabaseUrl, requirePostgres } from '@tfbench/core/testing';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { expectErrorEnvelope, testConfig } from './helpers.js';

const TIMEOUT_MS = 300;

const postgresReady = await requirePostgres();

describe.skipIf(!postgresReady)('bounded reads under statement_timeout [postgres]', () => {
  let drop: () => Promise<void>;
  let url: string;
  let handle: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    const created = await createTestDatabaseUrl();
    drop = created.drop;
    url = created.url;
    handle = await openDatabase({ kind: 'postgres', url }, { boundedReadTimeoutMs: TIMEOUT_MS });
    await migrate(handle);
    app = await buildApp({ config: testConfig, db: handle, logger: false });
    await app.ready();
    const automation = await app.inject({
      method: 'POST',
      url: '/api/v1/automations',
      payload: { name: 'a' },
    });
    expect(automation.statusCode).toBe(201);
    const scenario = await app.inject({
      method: 'POST',
      url: '/api/v1/scenarios',
      payload: { name: 's', automation_id: automation.json().id },
    });
    expect(scenario.statusCode).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    await drop?.();
  });

  /** Runs `body` while another connection holds `runs` locked; releases the lock after. */
  async function whileRunsLocked<T>(body: (release: () => Promise<void>) => Promise<T>): Promise<T> {
    const locker = await openDatabase({ kind: 'postgres', url }, { maxConnections: 1 });
    let unlock = () => {};
    const unlocked = new Promise<void>((resolve) => {
      unlock = resolve;
    });
    let locked = () => {};
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const transaction = locker.db.transaction(async (tx) => {
      await tx.execute(sql`lock table runs in access exclusive mode`);
      locked();
      await unlocked;
    });
    const release = async () => {
      unlock();
      await transaction;
    };
    try {
      await Promise.race([holding, transaction]);
      return await body(release);
    } finally {
      await release();
      await locker.close();
    }
  }

  const window = encodeURIComponent('scenario:1@2024-06-01T00:00:00Z..2024-06-02T00:00:00Z');
  const boundedReads = [
    '/api/v1/analytics/timeseries?metric=total',
    '/api/v1/analytics/histogram?metric=total',
    `/api/v1/analytics/compare?a=${window}&b=${window}`,
    '/api/v1/runs/kpis/dashboard',
    '/api/v1/runs',
    '/api/v1/runs/export?format=csv',
  ];

  it('answers 503 QUERY_TIMEOUT on every bounded read that outlasts the timeout, /health stays 200', async () => {
    await whileRunsLocked(async () => {
      for (const url of boundedReads) {
        const started = performance.now();
        const response = await app.inject({ method: 'GET', url });
        const elapsed = performance.now() - started;
        expect(response.statusCode, url).toBe(503);
        const error = expectErrorEnvelope(response);
        expect(error.code, url).toBe('QUERY_TIMEOUT');
        expect(error.message, url).toMatch(/narrow the time range/);
        expect(elapsed, url).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
        expect(elapsed, url).toBeLessThan(TIMEOUT_MS + 3_000);

        const health = await app.inject({ method: 'GET', url: '/health' });
        expect(health.statusCode, url).toBe(200);
        expect(health.json()).toMatchObject({ status: 'ok', database: { reachable: true } });
      }
    });
    // Nothing was lost or left broken: the same reads answer once the lock is gone.
    for (const url of boundedReads) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });

  it('gives writes no such timeout: a trigger waits out the lock and is stored', async () => {
    const trigger = await whileRunsLocked(async (release) => {
      const pending = app.inject({
        method: 'POST',
        url: '/api/v1/runs/trigger',
        payload: { scenario_id: 1 },
      });
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
      await release();
      return pending;
    });
    expect(trigger.statusCode).toBe(201);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/runs' });
    expect(listed.json()).toEqual([expect.objectContaining({ id: trigger.json().id })]);
  });
});
