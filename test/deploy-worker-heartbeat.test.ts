/**
 * The worker's container health signal: the heartbeat file (apps/worker/src/heartbeat-file.ts)
 * on its own, then a real worker process with WORKER_HEARTBEAT_FILE judged by the very probe
 * the Docker image runs (docker/healthcheck.mjs --file ... --max-age-s 60).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type CreatedDatabase,
  createTestDatabaseUrl,
  requirePostgres,
  requireRedis,
  TEST_REDIS_URL,
} from '@tfbench/core/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHeartbeatFile } from '../apps/worker/src/heartbeat-file.js';
import { startChild, stopChild } from '../scripts/prod-smoke/child.js';
import { repoRoot, run } from './deploy-support.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tfbench-heartbeat-'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startHeartbeatFile', () => {
  const file = path.join(dir, 'unit.heartbeat');
  afterEach(() => rmSync(file, { force: true }));

  it('writes at once and then every interval while healthy, and removes the file on stop', async () => {
    const heartbeat = startHeartbeatFile({ path: file, intervalMs: 50, isHealthy: () => true });
    expect(Date.parse(readFileSync(file, 'utf8').trim())).toBeGreaterThan(Date.now() - 5_000);
    const first = statSync(file).mtimeMs;
    await sleep(200);
    expect(statSync(file).mtimeMs).toBeGreaterThan(first);
    heartbeat.stop();
    heartbeat.stop();
    expect(existsSync(file)).toBe(false);
  });

  it('lets the file age while unhealthy', async () => {
    let healthy = true;
    const heartbeat = startHeartbeatFile({ path: file, intervalMs: 50, isHealthy: () => healthy });
    healthy = false;
    const before = statSync(file).mtimeMs;
    await sleep(200);
    expect(statSync(file).mtimeMs).toBe(before);
    healthy = true;
    await sleep(200);
    expect(statSync(file).mtimeMs).toBeGreaterThan(before);
    heartbeat.stop();
  });

  it('reports a write that fails and keeps going', async () => {
    const errors: unknown[] = [];
    const heartbeat = startHeartbeatFile({
      path: path.join(dir, 'missing-folder', 'x'),
      intervalMs: 50,
      isHealthy: () => true,
      onError: (error) => errors.push(error),
    });
    await sleep(120);
    heartbeat.stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});

const servicesUp = (await requirePostgres()) && (await requireRedis());

describe.skipIf(!servicesUp)('a worker process with WORKER_HEARTBEAT_FILE', () => {
  let database: CreatedDatabase;
  const prefix = `tfbench-test-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabaseUrl();
  });

  afterAll(async () => {
    await database?.drop();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('is healthy by the image probe while it runs, and removes its heartbeat when it stops', async () => {
    const file = path.join(dir, 'worker.heartbeat');
    const probe = () =>
      run(process.execPath, [
        path.join(repoRoot, 'docker/healthcheck.mjs'),
        '--file',
        file,
        '--max-age-s',
        '60',
      ]);
    expect((await probe()).code).toBe(1);
    const worker = startChild(
      'worker',
      path.join(repoRoot, 'node_modules/.bin/tsx'),
      ['apps/worker/src/main.ts'],
      {
        cwd: repoRoot,
        echo: false,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DATABASE_URL: database.url,
          REDIS_URL: TEST_REDIS_URL,
          REDIS_PREFIX: prefix,
          WORKER_HEARTBEAT_FILE: file,
          LOG_LEVEL: 'warn',
        },
      },
    );
    try {
      await worker.waitForLine(/tfbench worker .* ready/, 60_000);
      // The first beat comes once the queue connection is ready, within an interval (5 s).
      let healthy = await probe();
      for (let i = 0; i < 30 && healthy.code !== 0; i++) {
        await sleep(500);
        healthy = await probe();
      }
      expect(healthy.stdout).toMatch(/^healthy: .* s old/);
      expect(healthy.code).toBe(0);
      const { code } = await stopChild(worker, 35_000);
      expect(code).toBe(0);
      expect(existsSync(file)).toBe(false);
    } finally {
      await stopChild(worker, 5_000);
    }
  }, 90_000);
});
