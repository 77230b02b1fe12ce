/**
 * The API and worker as real processes on PostgreSQL and Redis: an event produced in a worker
 * process reaches an SSE client of an API process, and a client resuming with Last-Event-ID
 * on ANOTHER API process gets what it missed; a Redis outage makes run creation answer 503
 * within a second while reads keep working, and work resumes when Redis is back; and the
 * original README example on a fresh embedded system (one process, mock mode) completes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as testing from '@tfbench/core/testing';
import { type EntryProcess, killEntry, spawnEntry } from '@tfbench/testbed/entry-process';
import { freePort } from '@tfbench/testbed/processes';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAST_MOCK,
  getJson,
  type Json,
  openSse,
  postJson,
  type SseClient,
  sleep,
  startRedisProxy,
} from './engine-helpers.js';
import { README_EXAMPLES } from './helpers.js';

const postgresReady = await testing.requirePostgres();
const redisReady = await testing.requireRedis();

const API = 'apps/api/src/main.ts';
const WORKER = 'apps/worker/src/main.ts';

const cleanups: Array<() => Promise<void>> = [];
const children: EntryProcess[] = [];
const clients: SseClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const child of children.splice(0)) await killEntry(child);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function spawned(entry: string, env: Record<string, string>): EntryProcess {
  const child = spawnEntry(entry, env);
  children.push(child);
  return child;
}

/** An API process on an ephemeral port; resolves with its base URL once it listens. */
async function startApi(env: Record<string, string>): Promise<{ child: EntryProcess; base: string }> {
  const port = await freePort();
  // Auth off: allowed on loopback, and these tests are about processes, not access.
  const child = spawned(API, { ...env, API_HOST: '127.0.0.1', API_PORT: String(port), TFBENCH_AUTH: 'off' });
  await child.waitForOutput('Health:');
  return { child, base: `http://127.0.0.1:${port}` };
}

async function waitForRun(base: string, id: number, timeoutMs = 20_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await getJson(base, `/api/v1/runs/${id}`);
    if (!['pending', 'running'].includes(json.status as string)) return json;
    if (Date.now() > deadline) throw new Error(`run ${id} is still ${json.status}`);
    await sleep(50);
  }
}

async function sharedServices(label: string): Promise<Record<string, string>> {
  const database = await testing.createTestDatabaseUrl();
  const prefix = testing.uniqueRedisPrefix(label);
  cleanups.push(async () => {
    await database.drop();
    await testing.deleteRedisKeys(prefix);
  });
  return {
    DATABASE_URL: database.url,
    REDIS_URL: testing.TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    TINYFISH_MOCK_MODE: 'true',
    RUN_LOCK_DURATION_MS: '1000',
    RUN_STALLED_INTERVAL_MS: '500',
    LOG_LEVEL: 'warn',
  };
}

describe.skipIf(!postgresReady || !redisReady)('API and worker processes on PostgreSQL and Redis', () => {
  it('delivers a worker process’s events to an SSE client of an API process, and resumes on another API process', async () => {
    const env = await sharedServices('sse');
    const [a, b] = await Promise.all([startApi(env), startApi(env)]);
    const worker = spawned(WORKER, env);
    await worker.waitForOutput('ready');
    const health = await getJson(a.base, '/health');
    expect(health.json.queue).toEqual({
      kind: 'bullmq',
      healthy: true,
      events: 'redis',
      embedded_worker: false,
    });

    expect((await postJson(a.base, '/api/v1/automations', README_EXAMPLES.automation)).status).toBe(201);
    expect((await postJson(a.base, '/api/v1/scenarios', README_EXAMPLES.scenario)).status).toBe(201);
    const live = await openSse(`${a.base}/api/v1/events?scenario_id=1`);
    clients.push(live);
    const trigger = await postJson(a.base, '/api/v1/runs/trigger', {
      scenario_id: 1,
      inputs_override: { mock: FAST_MOCK },
    });
    expect(trigger.status).toBe(201);
    const runId = trigger.json.id as number;
    const done = (m: { event: string; data: string }) =>
      m.event === 'run.status' &&
      JSON.parse(m.data).run_id === runId &&
      JSON.parse(m.data).status === 'completed';
    await live.waitFor(done, 20_000);
    const seen = live.messages.filter((m) => JSON.parse(m.data).run_id === runId);
    expect(seen.map((m) => m.event)).toContain('run.event');
    expect(
      seen.filter((m) => m.event === 'run.event' && JSON.parse(m.data).type === 'PROGRESS'),
    ).toHaveLength(3);
    expect((await waitForRun(a.base, runId)).worker_id).toMatch(/:\d+:/);

    // The client lost its connection after the second event and comes back through API B.
    const resumed = await openSse(`${b.base}/api/v1/events?scenario_id=1`, { 'last-event-id': seen[1]!.id! });
    clients.push(resumed);
    await resumed.waitFor(done, 10_000);
    expect(resumed.messages.filter((m) => JSON.parse(m.data).run_id === runId).map((m) => m.id)).toEqual(
      seen.slice(2).map((m) => m.id),
    );
  }, 120_000);

  it('a Redis outage: run creation answers 503 within a second, reads work, and work resumes when Redis is back', async () => {
    const proxy = await startRedisProxy();
    cleanups.push(() => proxy.close());
    const env = {
      ...(await sharedServices('outage')),
      REDIS_URL: proxy.url,
      RUN_RECONCILE_INTERVAL_MS: '1000',
    };
    const api = await startApi(env);
    const worker = spawned(WORKER, env);
    await worker.waitForOutput('ready');
    expect((await postJson(api.base, '/api/v1/automations', README_EXAMPLES.automation)).status).toBe(201);
    expect((await postJson(api.base, '/api/v1/scenarios', README_EXAMPLES.scenario)).status).toBe(201);
    const body = { scenario_id: 1, inputs_override: { mock: FAST_MOCK } };
    const before = await postJson(api.base, '/api/v1/runs/trigger', body);
    expect((await waitForRun(api.base, before.json.id as number)).status).toBe('completed');

    await proxy.cut();
    const deadline = Date.now() + 10_000;
    while (((await getJson(api.base, '/health')).json.queue as Json).healthy !== false) {
      if (Date.now() > deadline) throw new Error('the API never noticed the outage');
      await sleep(50);
    }
    const started = performance.now();
    const refused = await postJson(api.base, '/api/v1/runs/trigger', body);
    const took = performance.now() - started;
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({
      error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/Redis/) },
    });
    expect(took).toBeLessThan(1_000);
    const list = await fetch(`${api.base}/api/v1/runs`);
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('1'); // the refused request stored nothing
    expect((await getJson(api.base, '/health')).status).toBe(200);

    await proxy.restore();
    const back = Date.now() + 15_000;
    let after = await postJson(api.base, '/api/v1/runs/trigger', body);
    while (after.status === 503 && Date.now() < back) {
      await sleep(100);
      after = await postJson(api.base, '/api/v1/runs/trigger', body);
    }
    expect(after.status).toBe(201);
    expect((await waitForRun(api.base, after.json.id as number)).status).toBe('completed');
  }, 120_000);

  it('with Redis unreachable from the start, the API still starts, serves reads and refuses run creation with 503 fast', async () => {
    const env = { ...(await sharedServices('dead')), REDIS_URL: 'redis://127.0.0.1:1' };
    const api = await startApi(env);
    expect((await postJson(api.base, '/api/v1/automations', README_EXAMPLES.automation)).status).toBe(201);
    expect((await postJson(api.base, '/api/v1/scenarios', README_EXAMPLES.scenario)).status).toBe(201);
    const started = performance.now();
    const refused = await postJson(api.base, '/api/v1/runs/trigger', README_EXAMPLES.trigger);
    expect(refused.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((await getJson(api.base, '/api/v1/scenarios/1')).status).toBe(200);
    expect((await getJson(api.base, '/health')).json.queue).toMatchObject({ kind: 'bullmq', healthy: false });
  }, 120_000);
});

describe('the embedded default as a process', () => {
  it('runs the original README trigger example to a completed run with ttft_ms and inter_token_stats', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'tfbench-readme-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const api = await startApi({ TFBENCH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect(api.child.output()).toContain('in-process queue, embedded worker, mock mode');
    expect((await postJson(api.base, '/api/v1/automations', README_EXAMPLES.automation)).status).toBe(201);
    expect((await postJson(api.base, '/api/v1/scenarios', README_EXAMPLES.scenario)).status).toBe(201);
    const started = performance.now();
    const trigger = await postJson(api.base, '/api/v1/runs/trigger', README_EXAMPLES.trigger);
    expect(trigger.status).toBe(201);
    const run = await waitForRun(api.base, trigger.json.id as number);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(run).toMatchObject({ status: 'completed', queue_wait_ms: expect.any(Number) });
    expect(run.ttft_ms).toEqual(expect.any(Number));
    expect(run.inter_token_stats).toMatchObject({ count: expect.any(Number), mean: expect.any(Number) });

    // SIGTERM: the process exits 0 and, started again, finds everything it stored.
    api.child.child.kill('SIGTERM');
    expect((await api.child.exited).code).toBe(0);
    const again = await startApi({ TFBENCH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect((await getJson(again.base, `/api/v1/runs/${run.id}`)).json.status).toBe('completed');
  }, 120_000);
});
