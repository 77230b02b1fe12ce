/**
 * The worker tests' world: a PostgreSQL database and a Redis key prefix per test, a mock
 * TinyFish server in this process, worker processes spawned from apps/worker/src/main.ts,
 * and a runtime in this process to create, dispatch and watch runs.
 */
import http from 'node:http';
import { loadConfig } from '@tfbench/core/config';
import type { Run } from '@tfbench/core/db';
import { selectRunById, selectRunEvents } from '@tfbench/core/repositories';
import { createAutomation, createScenario, triggerRun } from '@tfbench/core/services';
import {
  type CreatedDatabase,
  createTestDatabaseUrl,
  deleteRedisKeys,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
} from '@tfbench/core/testing';
import {
  type MockTinyFish,
  type MockTinyFishOptions,
  runCreatingPosts,
  startMockTinyFish,
} from '@tfbench/mock-tinyfish';
import { createRuntime, type Runtime } from '@tfbench/runtime';
import { type EntryProcess, killEntry, spawnEntry } from '@tfbench/testbed/entry-process';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The upstream API key: it must never appear in any output. */
export const SECRET_KEY = 'tf_secret_key_do_not_log_4f2a9c';

/** One test's isolated services and the environment a worker process gets. */
export interface World {
  database: CreatedDatabase;
  prefix: string;
  env(overrides?: Record<string, string>): Record<string, string>;
  /** A runtime in this process: `api` to create and dispatch runs, `worker` to execute them. */
  runtime(role: 'api' | 'worker', overrides?: Record<string, string>): Promise<Runtime>;
  dispose(): Promise<void>;
}

export async function createWorld(mock: MockTinyFish): Promise<World> {
  const database = await createTestDatabaseUrl();
  const prefix = uniqueRedisPrefix('worker');
  const runtimes: Runtime[] = [];
  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    TINYFISH_API_KEY: SECRET_KEY,
    TINYFISH_MOCK_MODE: 'false',
    TINYFISH_BASE_URL: mock.url,
    RUN_LOCK_DURATION_MS: '1000',
    RUN_STALLED_INTERVAL_MS: '500',
    RUN_RECONCILE_INTERVAL_MS: '1000',
    WORKER_CONCURRENCY: '4',
    WORKER_SHUTDOWN_GRACE_S: '2',
    LOG_LEVEL: 'info',
    ...overrides,
  });
  return {
    database,
    prefix,
    env,
    runtime: async (role, overrides = {}) => {
      const config = loadConfig({ ...env(overrides), LOG_LEVEL: 'silent' });
      const runtime = await createRuntime(config, { role, logger: pino({ level: 'silent' }) });
      runtimes.push(runtime);
      return runtime;
    },
    dispose: async () => {
      for (const runtime of runtimes.splice(0).reverse()) await runtime.close();
      await database.drop();
      await deleteRedisKeys(prefix);
    },
  };
}

/** An automation and scenario the live client accepts (url and goal present). */
export async function seedScenario(
  runtime: Runtime,
  runSettings: Record<string, unknown> = {},
): Promise<number> {
  const db = runtime.db;
  const automation = await createAutomation({ db }, { name: 'example' });
  const scenario = await createScenario(
    { db },
    {
      name: 'find the title',
      automation_id: automation.id,
      inputs_template: { url: 'https://example.com', goal: 'Find the page title' },
      run_settings: { poll_interval_ms: 100, ...runSettings },
    },
  );
  return scenario.id;
}

/** Store a pending run and hand it to the queue, as POST /api/v1/runs/trigger does. */
export async function trigger(runtime: Runtime, scenarioId: number): Promise<Run> {
  const run = await triggerRun({ db: runtime.db }, { scenario_id: scenarioId });
  await runtime.engine.dispatchRun(run.id);
  return run;
}

export async function runOf(runtime: Runtime, id: number): Promise<Run> {
  const run = await selectRunById(runtime.db.db, id);
  if (!run) throw new Error(`run ${id} not found`);
  return run;
}

export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export async function hasProgress(runtime: Runtime, id: number): Promise<boolean> {
  return (await selectRunEvents(runtime.db.db, id)).some((e) => e.type === 'PROGRESS');
}

const TERMINAL = ['completed', 'failed', 'cancelled', 'timeout'];

/** The run once it has ended, whatever its outcome. */
export function runEnded(runtime: Runtime, id: number, timeoutMs: number, what: string): Promise<Run> {
  return waitUntil(
    () => runOf(runtime, id),
    (r) => TERMINAL.includes(r.status),
    timeoutMs,
    what,
  );
}

/** A mock run that completes after `steps` steps `stepDelayMs` apart, without heartbeats. */
export function completingRun(steps: number, stepDelayMs: number) {
  return {
    started_delay_ms: 20,
    streaming_url_delay_ms: 10,
    steps,
    step_delay_ms: stepDelayMs,
    heartbeat_interval_ms: 0,
    outcome: 'COMPLETED',
  } as const;
}

/** Run-creating POSTs the mock received. */
export function upstreamPosts(mock: MockTinyFish): number {
  return runCreatingPosts(mock.stats());
}

/** A worker process: `ready()` resolves once it says it is ready to take jobs. */
export interface WorkerProcess extends EntryProcess {
  ready(): Promise<void>;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const worker = spawnEntry('apps/worker/src/main.ts', env);
  return {
    ...worker,
    ready: () =>
      worker.waitForOutput((output) => output.includes('tfbench worker') && output.includes('ready')),
  };
}

/**
 * The hooks of a suite of worker processes: one mock TinyFish for the file and, after each
 * test, its workers killed, its world disposed and the mock back to `model`, so that no test
 * sees what the one before it left behind.
 */
export function workerProcessSuite(seed: number, model: NonNullable<MockTinyFishOptions['model']>) {
  const workers: WorkerProcess[] = [];
  let world: World | undefined;
  const suite = {
    mock: undefined as unknown as MockTinyFish,
    /** A fresh world for this test, disposed after it. */
    async createWorld(): Promise<World> {
      world = await createWorld(suite.mock);
      return world;
    },
    /** A fresh world, its in-process API runtime, and a scenario of the mock stored there. */
    async createWorldWithScenario(): Promise<{ world: World; api: Runtime; scenarioId: number }> {
      const created = await suite.createWorld();
      const api = await created.runtime('api');
      return { world: created, api, scenarioId: await seedScenario(api) };
    },
    /** A worker process, killed after the test. */
    spawn(env: Record<string, string>): WorkerProcess {
      const worker = spawnWorker(env);
      workers.push(worker);
      return worker;
    },
    /** A worker process that is ready, killed after the test. */
    async start(env: Record<string, string>): Promise<WorkerProcess> {
      const worker = suite.spawn(env);
      await worker.ready();
      return worker;
    },
  };
  beforeAll(async () => {
    suite.mock = await startMockTinyFish({ seed, apiKey: SECRET_KEY, model });
  });
  afterAll(async () => {
    await suite.mock?.close();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await killEntry(worker);
    await world?.dispose();
    world = undefined;
    suite.mock.reset();
    suite.mock.configure(model);
  });
  return suite;
}

/**
 * An upstream that accepts run requests and never answers: a request sent to it never
 * reaches TinyFish (no run id ever comes back).
 */
export async function startBlackHole(): Promise<{
  url: string;
  requests: () => number;
  close(): Promise<void>;
}> {
  let requests = 0;
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    held.add(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests: () => requests,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
