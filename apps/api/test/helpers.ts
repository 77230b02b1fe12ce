/**
 * Shared pieces of the API tests: a config built from plain values, an app per suite on the
 * harness's database, and a fingerprint of everything stored (to prove a request wrote nothing).
 */
import { loadConfig } from '@tfbench/core/config';
import type { DatabaseHandle } from '@tfbench/core/db';
import { waitFor } from '@tfbench/mock-tinyfish/testing';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { buildApp } from '../src/index.js';
import { Browser, listenOnLoopback, withKey } from './auth-client.js';

/** The configuration of a fresh checkout: mock mode, no services. */
export const testConfig = loadConfig({
  TINYFISH_MOCK_MODE: 'true',
  LOG_LEVEL: 'silent',
  TFBENCH_AUTH: 'off',
});

/**
 * Build an app on the suite's database before its tests and close it after them. Call inside
 * a `describeEachDatabase` body; the returned function gives the app inside tests. With
 * `eachTest`, a fresh app for every test: what the app stores when it boots (the bootstrap
 * admin and key) goes when the tables are emptied before the next test.
 */
export function useApp(
  getDb: () => DatabaseHandle,
  config = testConfig,
  { eachTest = false } = {},
): () => FastifyInstance {
  let app: FastifyInstance | undefined;
  (eachTest ? beforeEach : beforeAll)(async () => {
    app = await buildApp({ config, db: getDb(), logger: false });
    await app.ready();
  });
  (eachTest ? afterEach : afterAll)(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the app is not built yet');
    return app;
  };
}

/** `useApp` with the README's automation, scenario and run stored again before each test. */
export function useSeededApp(getDb: () => DatabaseHandle): () => FastifyInstance {
  const app = useApp(getDb);
  beforeEach(async () => {
    await seedReadmeExamples(app());
  });
  return app;
}

/**
 * An app with authentication on and a bootstrap admin API key, on loopback, closed after the
 * suite. Started inside a test: the key is stored at start, after the suite's tables were emptied.
 */
export function useAdminApp(
  getDb: () => DatabaseHandle,
  adminKey: string,
): () => Promise<{ base: string; admin: Browser }> {
  let app: FastifyInstance | undefined;
  afterAll(async () => {
    await app?.close();
  });
  return async () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      TINYFISH_MOCK_MODE: 'true',
      TFBENCH_BOOTSTRAP_API_KEY: adminKey,
    });
    app = await buildApp({ config, db: getDb(), logger: false });
    const base = await listenOnLoopback(app);
    return { base, admin: new Browser(base, { headers: withKey(adminKey) }) };
  };
}

/**
 * `useApp` listening on an ephemeral loopback port, for tests that need a real socket (fetch,
 * streamed bodies). The returned functions give the app and its base URL inside tests.
 */
export function useListeningApp(getDb: () => DatabaseHandle): {
  app(): FastifyInstance;
  base(): string;
} {
  let app: FastifyInstance | undefined;
  let base: string | undefined;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig, db: getDb(), logger: false });
    base = await listenOnLoopback(app);
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    app: () => {
      if (!app) throw new Error('the app is not built yet');
      return app;
    },
    base: () => {
      if (base === undefined) throw new Error('the app is not listening yet');
      return base;
    },
  };
}

/** The tables whose contents a request may change. */
const TABLES = [
  'automations',
  'scenarios',
  'runs',
  'run_events',
  'benchmarks',
  'benchmark_definitions',
  'datasets',
] as const;

/**
 * Row counts and newest `updated_at`/`created_at` of every table: equal fingerprints before
 * and after a request mean it inserted, deleted and updated nothing.
 */
export async function storedFingerprint(handle: DatabaseHandle): Promise<Record<string, unknown>> {
  const parts = TABLES.map((table) => {
    const changed = table === 'run_events' ? 'created_at' : 'updated_at';
    return `(select json_build_array(count(*), max(${changed})) from ${table}) as ${table}`;
  });
  const result = (await handle.db.execute(sql.raw(`select ${parts.join(', ')}`))) as unknown as {
    rows: Record<string, unknown>[];
  };
  return result.rows[0] ?? {};
}

/** The error envelope of a response, asserting its shape (details present, possibly null). */
export function expectErrorEnvelope(response: { statusCode: number; body: string }) {
  const context = `${response.statusCode} ${response.body.slice(0, 300)}`;
  const body = JSON.parse(response.body) as { error?: Record<string, unknown> };
  expect(Object.keys(body), context).toEqual(['error']);
  expect(body.error, context).toEqual({
    code: expect.stringMatching(/^[A-Z_]+$/),
    message: expect.any(String),
    details: body.error?.details === null ? null : expect.anything(),
  });
  expect(Object.keys(body.error ?? {}).sort(), context).toEqual(['code', 'details', 'message']);
  return body.error as { code: string; message: string; details: unknown };
}

/**
 * A delete refused because dependent rows exist: 409 CONFLICT in the envelope, telling the
 * client that cascade=true would delete them too.
 */
export function expectCascadeRequired(response: { statusCode: number; body: string }): void {
  expect(response.statusCode).toBe(409);
  const error = expectErrorEnvelope(response);
  expect(error.code).toBe('CONFLICT');
  expect(error.message).toMatch(/cascade=true/);
}

/** The fields named by a 400's details. */
export function fieldsOf(details: unknown): string[] {
  expect(Array.isArray(details), `details should be an array: ${JSON.stringify(details)}`).toBe(true);
  return (details as Array<{ field: string }>).map((d) => d.field);
}

/** The README's examples, verbatim (bodies as the curl commands send them). */
export const README_EXAMPLES = {
  automation:
    '{"name": "GPT-4 Chat Automation", "tinyfish_automation_id": "auto_123abc", "description": "GPT-4 chat completion automation", "default_inputs": {"model": "gpt-4", "temperature": 0.7}}',
  scenario:
    '{"name": "Simple Chat Benchmark", "automation_id": 1, "description": "Test basic chat completion", "inputs_template": {"prompt": "What is the capital of France?", "max_tokens": 100}, "run_settings": {"interval_seconds": 300, "concurrency": 1}}',
  trigger: '{"scenario_id": 1, "inputs_override": {"temperature": 0.5}}',
} as const;

/** POST a JSON text the way curl -H "Content-Type: application/json" -d does. */
export function postJson(app: FastifyInstance, url: string, payload: string | object) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

/** A 400 whose details name exactly `fields`, in any order. */
export function expectFieldErrors(
  response: { statusCode: number; body: string },
  fields: string[],
  context = response.body,
): void {
  expect(response.statusCode, context).toBe(400);
  expect(fieldsOf(expectErrorEnvelope(response).details).sort()).toEqual([...fields].sort());
}

/** Ids a path must refuse with 400 naming params.id: zero, words, negative, fractional, too large. */
export const MALFORMED_IDS = ['0', 'abc', '-1', '1.5', '99999999999'];

/**
 * A route on an item answers 404 NOT_FOUND for an unknown id and 400 naming params.id for each
 * malformed one. `url` places the id in the route's path.
 */
export async function expectIdChecks(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: (id: string) => string,
  unknownId: string,
): Promise<void> {
  const unknown = await app.inject({ method, url: url(unknownId) });
  expect(unknown.statusCode).toBe(404);
  expect(expectErrorEnvelope(unknown).code).toBe('NOT_FOUND');
  for (const id of MALFORMED_IDS) {
    const bad = await app.inject({ method, url: url(id) });
    expect(bad.statusCode, id).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(bad).details)).toContain('params.id');
  }
}

/** POST a JSON body that must create something (201); answers the created item. */
export async function postCreated(app: FastifyInstance, url: string, payload: string | object) {
  const response = await postJson(app, url, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Create the README's automation, scenario and run; the ids are 1, 1, 1 on a fresh database. */
export async function seedReadmeExamples(app: FastifyInstance): Promise<void> {
  for (const [url, body] of [
    ['/api/v1/automations', README_EXAMPLES.automation],
    ['/api/v1/scenarios', README_EXAMPLES.scenario],
    ['/api/v1/runs/trigger', README_EXAMPLES.trigger],
  ] as const) {
    const response = await postJson(app, url, body);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(201);
  }
}

/**
 * Polls `probe` until it gives a value, and returns it; fails naming `what` after `timeoutMs`.
 *
 * @example
 * const run = await eventually(async () => finishedRun(id), `run ${id} to finish`);
 */
export function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  return waitFor(probe, timeoutMs, { what, intervalMs: 50 });
}
