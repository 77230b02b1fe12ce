/**
 * Failed sign-ins are counted in Redis when the API has it: two API processes (two app
 * instances on one database and one real Redis) hold an account back together, so spreading
 * guesses over replicas gains nothing. Redis keys hold hashes, never the email or the address.
 */
import { loadConfig } from '@tfbench/core/config';
import { type DatabaseHandle, IN_MEMORY_PGLITE, migrate, openDatabase } from '@tfbench/core/db';
import { closeRedis, openRedis, silentLogger } from '@tfbench/core/queue';
import { deleteRedisKeys, requireRedis, TEST_REDIS_URL, uniqueRedisPrefix } from '@tfbench/core/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { Browser, listenOnLoopback } from './auth-client.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
const redisReady = await requireRedis();

describe.skipIf(!redisReady)('login throttle shared through Redis', () => {
  const prefix = uniqueRedisPrefix('login');
  const redis = openRedis({ url: TEST_REDIS_URL, role: 'command', name: 'login-test', logger: silentLogger });
  let db: DatabaseHandle;
  const apps: FastifyInstance[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY_PGLITE });
    await migrate(db);
    const config = loadConfig({ TINYFISH_MOCK_MODE: 'true', LOG_LEVEL: 'silent', REDIS_PREFIX: prefix });
    for (let i = 0; i < 2; i++) {
      const app = await buildApp({
        config,
        db,
        redis,
        logger: false,
        loginThrottle: { freePerAccount: 3, freePerAddress: 100, baseDelayMs: 60_000 },
      });
      apps.push(app);
      bases.push(await listenOnLoopback(app));
    }
    const setup = await new Browser(bases[0] as string).post('/api/v1/auth/setup', ADMIN);
    expect(setup.status).toBe(201);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await deleteRedisKeys(prefix);
    await closeRedis(redis);
    await db?.close();
  });

  it('holds an account back on both API processes after failures spread over them', async () => {
    const [one, two] = bases.map((base) => new Browser(base)) as [Browser, Browser];
    for (const [i, browser] of [one, two, one, two].entries()) {
      const failed = await browser.post('/api/v1/auth/login', { ...ADMIN, password: `wrong ${i}` });
      expect(failed.status).toBe(401);
    }
    for (const browser of [one, two]) {
      const held = await browser.post('/api/v1/auth/login', ADMIN);
      expect([held.status, held.json.error?.code]).toEqual([429, 'LOGIN_THROTTLED']);
      expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(50);
    }
    const keys = await redis.keys(`${prefix}:login-throttle:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toMatch(/admin|example|127\.0\.0\.1/);
  });
});
