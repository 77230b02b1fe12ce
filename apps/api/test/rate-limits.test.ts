/**
 * Rate limits: per credential (hashed, never stored raw), per address whatever credentials
 * it presents, and the smaller allowance of run-creating requests; 429 in the envelope with
 * Retry-After. Counters in this process, and in a real Redis shared by two API instances.
 */
import { loadConfig } from '@tfbench/core/config';
import { type DatabaseHandle, IN_MEMORY_PGLITE, migrate, openDatabase } from '@tfbench/core/db';
import { closeRedis, openRedis, silentLogger } from '@tfbench/core/queue';
import { requireRedis, TEST_REDIS_URL, uniqueRedisPrefix } from '@tfbench/core/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { expectErrorEnvelope } from './helpers.js';

const LIMITS = {
  TFBENCH_RATE_LIMIT_PER_MIN: '5',
  TFBENCH_RATE_LIMIT_IP_PER_MIN: '12',
  TFBENCH_RATE_LIMIT_TRIGGERS_PER_MIN: '2',
};

function configWith(env: Record<string, string>) {
  return loadConfig({ TINYFISH_MOCK_MODE: 'true', LOG_LEVEL: 'silent', TFBENCH_AUTH: 'off', ...env });
}

const get = (app: FastifyInstance, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'GET', url: '/api/v1/automations', headers, remoteAddress });

async function exhaust(
  app: FastifyInstance,
  headers: Record<string, string>,
  count: number,
  address?: string,
) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await get(app, headers, address)).statusCode);
  return statuses;
}

function expectLimited(response: Awaited<ReturnType<typeof get>>) {
  expect(response.statusCode).toBe(429);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(expectErrorEnvelope(response).code).toBe('RATE_LIMITED');
}

let db: DatabaseHandle;
beforeAll(async () => {
  db = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY_PGLITE });
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
});

describe('rate limits, in this process', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config: configWith(LIMITS), db, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('gives each credential its own allowance, and 429 with Retry-After past it', async () => {
    const alice = { authorization: 'Bearer tfb_alice' };
    expect(await exhaust(app, alice, 5, '10.0.0.1')).toEqual([200, 200, 200, 200, 200]);
    expectLimited(await get(app, alice, '10.0.0.1'));
    // Another credential, and the X-API-Key and cookie spellings, count on their own.
    expect((await get(app, { 'x-api-key': 'tfb_bob' }, '10.0.0.1')).statusCode).toBe(200);
    expect((await get(app, { cookie: 'a=b; tfbench_session=s1' }, '10.0.0.1')).statusCode).toBe(200);
    // The same credential from another address is the same client.
    expectLimited(await get(app, alice, '10.0.0.2'));
  });

  it('counts requests without a credential per address', async () => {
    expect(await exhaust(app, {}, 5, '10.0.1.1')).toEqual([200, 200, 200, 200, 200]);
    expectLimited(await get(app, {}, '10.0.1.1'));
    expect((await get(app, {}, '10.0.1.2')).statusCode).toBe(200);
  });

  it('limits one address however many credentials it invents', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++)
      statuses.push((await get(app, { 'x-api-key': `tfb_made_up_${i}` }, '10.0.2.1')).statusCode);
    expect(statuses.slice(0, 12).every((s) => s === 200)).toBe(true);
    expect(statuses[12]).toBe(429);
  });

  it('gives run-creating requests a smaller allowance', async () => {
    const trigger = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/runs/trigger',
        headers: { 'content-type': 'application/json', 'x-api-key': 'tfb_trigger' },
        payload: { scenario_id: 999_999 },
        remoteAddress: '10.0.3.1',
      });
    expect((await trigger()).statusCode).toBe(404);
    expect((await trigger()).statusCode).toBe(404);
    expectLimited(await trigger());
    // Reads of the same client still have their allowance.
    expect((await get(app, { 'x-api-key': 'tfb_trigger' }, '10.0.3.1')).statusCode).toBe(200);
  });

  it('never limits /health, which probes call often', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await app.inject({ method: 'GET', url: '/health', remoteAddress: '10.0.4.1' });
      expect(response.statusCode).toBe(200);
    }
  });
});

describe('rate limits off', () => {
  it('a limit of 0 turns it off', async () => {
    const app = await buildApp({
      config: configWith({ TFBENCH_RATE_LIMIT_PER_MIN: '0', TFBENCH_RATE_LIMIT_IP_PER_MIN: '0' }),
      db,
      logger: false,
    });
    try {
      expect(new Set(await exhaust(app, {}, 30))).toEqual(new Set([200]));
    } finally {
      await app.close();
    }
  });
});

const redisReady = await requireRedis();

describe.skipIf(!redisReady)('rate limits in Redis', () => {
  const prefix = uniqueRedisPrefix('rate-limit');
  const redis = openRedis({
    url: TEST_REDIS_URL,
    role: 'command',
    name: 'rate-limit-test',
    logger: silentLogger,
  });
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    const config = configWith({ ...LIMITS, REDIS_PREFIX: prefix });
    for (let i = 0; i < 2; i++) {
      const app = await buildApp({ config, db, redis, logger: false });
      await app.ready();
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    const keys = await redis.keys(`${prefix}:rate-limit:*`);
    if (keys.length > 0) await redis.del(...keys);
    await closeRedis(redis);
  });

  it('shares one allowance between API processes and keys it by a hash, never the secret', async () => {
    const [one, two] = apps as [FastifyInstance, FastifyInstance];
    const secret = 'tfb_shared_secret_value';
    const carol = { authorization: `Bearer ${secret}` };
    expect(await exhaust(one, carol, 3, '10.1.0.1')).toEqual([200, 200, 200]);
    expect(await exhaust(two, carol, 2, '10.1.0.1')).toEqual([200, 200]);
    expectLimited(await get(two, carol, '10.1.0.1'));
    expectLimited(await get(one, carol, '10.1.0.1'));

    const keys = await redis.keys(`${prefix}:rate-limit:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toContain(secret);
  });
});
