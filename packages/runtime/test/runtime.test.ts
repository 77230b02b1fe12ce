/**
 * createRuntime wires one process: mock mode starts the mock TinyFish in-process and points
 * the real client at it; live mode talks to the configured base URL with the API key, which
 * never reaches a log line; the `api` role executes nothing; close() stops everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { liveWorkerCapacity } from '@tfbench/core/benchmarks';
import { loadConfig } from '@tfbench/core/config';
import { createTestDatabaseUrl, requirePostgres } from '@tfbench/core/testing';
import { startMockTinyFish } from '@tfbench/mock-tinyfish';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../src/index.js';
import { FAST_MODEL, seedReadmeScenario, triggerAndDispatch, upstreamPosts, waitForRun } from './helpers.js';

const KEY = 'tf_live_key_never_logged_91b2';
const postgresReady = await requirePostgres();

describe('createRuntime', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function dataDir(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'tfbench-runtime-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async function open(
    env: Record<string, string>,
    role: 'api' | 'worker' | 'all',
    logs?: string[],
  ): Promise<Runtime> {
    const config = loadConfig({ TFBENCH_DATA_DIR: await dataDir(), LOG_LEVEL: 'debug', ...env });
    const logger = logs
      ? pino(
          { level: 'debug' },
          new Writable({
            write(chunk, _encoding, done) {
              logs.push(String(chunk));
              done();
            },
          }),
        )
      : pino({ level: 'silent' });
    const runtime = await createRuntime(config, { role, logger });
    cleanups.push(() => runtime.close());
    return runtime;
  }

  it('in mock mode (no API key) runs go through the real client to an in-process mock on loopback', async () => {
    const runtime = await open({}, 'all');
    expect(runtime.config.tinyfish.mockMode).toBe(true);
    expect(runtime.mock?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(runtime.providers)).toEqual(['tinyfish', 'openai']);
    expect(runtime.engine.workerStarted).toBe(true);
    const scenarioId = await seedReadmeScenario(runtime.db);
    const run = await triggerAndDispatch(runtime.db, runtime.engine, scenarioId, { mock: FAST_MODEL });
    const finished = await waitForRun(runtime.db, run.id);
    expect(finished.status).toBe('completed');
    expect(runtime.mock?.groundTruth(finished.tinyfish_run_id!)?.endpoint).toBe('run-sse');
    expect(upstreamPosts(runtime.mock!)).toBe(1);
  });

  it('in live mode talks to the configured base URL with the API key, and never logs the key', async () => {
    const upstream = await startMockTinyFish({ seed: 3, apiKey: KEY, strict: true, model: FAST_MODEL });
    cleanups.push(() => upstream.close());
    const logs: string[] = [];
    const runtime = await open({ TINYFISH_API_KEY: KEY, TINYFISH_BASE_URL: upstream.url }, 'all', logs);
    expect(runtime.config.tinyfish.mockMode).toBe(false);
    expect(runtime.mock).toBeUndefined();
    const scenarioId = await seedReadmeScenario(runtime.db, {
      inputs_template: { url: 'https://example.com', goal: 'Find the capital' },
    });
    const run = await triggerAndDispatch(runtime.db, runtime.engine, scenarioId);
    expect((await waitForRun(runtime.db, run.id)).status).toBe('completed');
    // A run without url or goal fails before any request in live mode.
    const bare = await seedReadmeScenario(runtime.db);
    const invalid = await triggerAndDispatch(runtime.db, runtime.engine, bare);
    const failed = await waitForRun(runtime.db, invalid.id);
    expect(failed).toMatchObject({ status: 'failed', error_code: 'INVALID_INPUT' });
    expect(upstreamPosts(upstream)).toBe(1);
    await runtime.close();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('')).not.toContain(KEY);
  });

  it.skipIf(!postgresReady)(
    'on PostgreSQL without TFBENCH_WEBHOOK_SECRET warns once at start that deliveries are unsigned',
    async () => {
      const database = await createTestDatabaseUrl();
      cleanups.push(() => database.drop());
      const unsignedWarnings = (logs: string[]) =>
        logs
          .map((line) => JSON.parse(line) as { level: number; msg: string })
          .filter((entry) => entry.level === 40 && /unsigned/.test(entry.msg));

      const unsigned: string[] = [];
      const runtime = await open({ DATABASE_URL: database.url }, 'api', unsigned);
      expect(runtime.alerts.delivery.secret).toBeNull();
      expect(unsignedWarnings(unsigned)).toEqual([
        expect.objectContaining({ msg: expect.stringContaining('set TFBENCH_WEBHOOK_SECRET') }),
      ]);

      const secret = 'webhook_secret_never_logged_5e1f';
      const signed: string[] = [];
      await open({ DATABASE_URL: database.url, TFBENCH_WEBHOOK_SECRET: secret }, 'api', signed);
      expect(unsignedWarnings(signed)).toEqual([]);
      expect(signed.join('')).not.toContain(secret);

      const embedded: string[] = [];
      await open({}, 'api', embedded);
      expect(unsignedWarnings(embedded)).toEqual([]);
    },
  );

  it('sends runs from the sender thread unless TFBENCH_SENDER_THREAD=off, and ends the thread with the runtime', async () => {
    const entries = (logs: string[]) =>
      logs.map((line) => JSON.parse(line) as { msg: string; thread?: string; resource?: string });
    for (const setting of ['on', 'off'] as const) {
      const logs: string[] = [];
      const runtime = await open({ TFBENCH_SENDER_THREAD: setting }, 'all', logs);
      const started = entries(logs).find((entry) => entry.msg === 'runtime started');
      expect(started).toMatchObject({ sender_thread: setting === 'on' });
      const scenarioId = await seedReadmeScenario(runtime.db);
      const run = await triggerAndDispatch(runtime.db, runtime.engine, scenarioId, { mock: FAST_MODEL });
      expect((await waitForRun(runtime.db, run.id)).status).toBe('completed');
      await runtime.close();
      // The thread's own clients closed (their lines relayed by the main logger), then the thread.
      const closed = entries(logs).filter((entry) => entry.msg === 'closed');
      const threadClients = closed
        .filter((entry) => entry.thread === 'sender')
        .map((entry) => entry.resource);
      if (setting === 'on') {
        expect(threadClients).toEqual(['openai client', 'tinyfish client']);
        expect(closed.map((entry) => entry.resource)).toContain('sender thread');
      } else {
        expect(threadClients).toEqual([]);
        expect(closed.map((entry) => entry.resource)).not.toContain('sender thread');
      }
    }
  });

  it('the api role opens no provider and no mock, and executes nothing', async () => {
    const runtime = await open({}, 'api');
    expect(runtime.mock).toBeUndefined();
    expect(runtime.providers).toEqual({});
    expect(runtime.engine.workerStarted).toBe(false);
    const scenarioId = await seedReadmeScenario(runtime.db);
    const run = await triggerAndDispatch(runtime.db, runtime.engine, scenarioId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await waitForRun(runtime.db, run.id, () => true)).status).toBe('pending');
  });

  it('closes everything it opened, once, and refuses work afterwards', async () => {
    const runtime = await open({}, 'all');
    const mockUrl = runtime.mock!.url;
    await runtime.close();
    await runtime.close();
    expect(runtime.engine.canAcceptRuns()).toBe(false);
    await expect(fetch(`${mockUrl}/__mock/stats`)).rejects.toThrow();
    await expect(runtime.db.ping()).rejects.toThrow();
  });

  it('registers its worker with the sized default capacity, and removes it when it closes', async () => {
    const dir = await dataDir();
    const config = loadConfig({ TFBENCH_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const first = await createRuntime(config, { role: 'all', logger: pino({ level: 'silent' }) });
    expect(config.engine.workerConcurrency).toBeGreaterThanOrEqual(1_000);
    expect(await liveWorkerCapacity(first.db.db)).toEqual({
      concurrency: config.engine.workerConcurrency,
      workers: 1,
    });
    await first.close();
    // The same data folder, opened again: the closed process's entry is gone, only the new one counts.
    const second = await createRuntime(
      loadConfig({ TFBENCH_DATA_DIR: dir, LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '8' }),
      {
        role: 'all',
        logger: pino({ level: 'silent' }),
      },
    );
    cleanups.push(() => second.close());
    expect(await liveWorkerCapacity(second.db.db)).toEqual({ concurrency: 8, workers: 1 });
  });
});
