/**
 * A live API (embedded worker, in-process mock) on each database, for the load-profile,
 * early-stop and repeat suites: one scenario per test, and a wait for a benchmark to finish.
 */
import { randomBytes } from 'node:crypto';
import type { TestBackend } from '@tfbench/core/testing';
import { expect } from 'vitest';
import { databaseEnv, getJson, type Json, type LiveApi, postJson, startLiveApi } from './engine-helpers.js';
import { eventually } from './helpers.js';

export { TEST_BACKENDS as BACKENDS } from '@tfbench/core/testing';

/** The live API on `backend`, with a drop of its database in `close`. */
export async function startLoadApi(backend: TestBackend): Promise<LiveApi> {
  const database = await databaseEnv(backend);
  const api = await startLiveApi(database.env);
  return {
    ...api,
    close: async () => {
      await api.close();
      await database.drop();
    },
  };
}

/** POST that must answer 201; the body. */
export async function created(api: LiveApi, url: string, body: unknown): Promise<Json> {
  const response = await postJson(api.base, url, body);
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return response.json;
}

/** An automation and a scenario whose runs the in-process mock plays with `mock`. */
export async function seedMockScenario(api: LiveApi, mock: object): Promise<number> {
  const tag = randomBytes(3).toString('hex');
  const automation = await created(api, '/api/v1/automations', { name: `load-${tag}` });
  const scenario = await created(api, '/api/v1/scenarios', {
    name: `load-${tag}`,
    automation_id: automation.id,
    inputs_template: { url: 'https://example.com', goal: 'Find the title', mock },
  });
  return scenario.id as number;
}

/** The benchmark once it has finished. */
export function finishedBenchmark(api: LiveApi, id: number, timeoutMs = 60_000): Promise<Json> {
  return eventually(
    async () => {
      const { json } = await getJson(api.base, `/api/v1/benchmarks/${id}`);
      return json.finished_at ? json : undefined;
    },
    `benchmark ${id} to finish`,
    timeoutMs,
  );
}

/** Creates a benchmark with these settings and waits for it to finish: as created, and as it ended. */
export async function benchmarkToEnd(api: LiveApi, settings: Json): Promise<{ benchmark: Json; done: Json }> {
  const benchmark = await created(api, '/api/v1/benchmarks', settings);
  return { benchmark, done: await finishedBenchmark(api, benchmark.id as number) };
}

/**
 * Each body (merged over `base`) must answer 400 with `field` among the named fields. The
 * wire's schema writes stages[0].target, core's rules stages.0.target: both are read as the latter.
 */
export async function expectBenchmarkRefusals(
  api: LiveApi,
  base: object,
  cases: ReadonlyArray<readonly [object, string]>,
): Promise<void> {
  for (const [body, field] of cases) {
    const response = await postJson(api.base, '/api/v1/benchmarks', { ...base, ...body });
    expect(response.status, JSON.stringify(body)).toBe(400);
    const details = (response.json.error as Json).details as Array<{ field: string }>;
    expect(
      details.map((detail) => detail.field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1')),
      JSON.stringify(body),
    ).toContain(field);
  }
}
