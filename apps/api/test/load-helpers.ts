/**
 * A live API (embedded worker, in-process mock) on each database, for the load-profile,
 * early-stop and repeat suites: one scenario per test, and a wait for a benchmark to finish.
 */
import { randomBytes } from 'node:crypto';
import { runs } from '@tfbench/core/db';
import type { TestBackend } from '@tfbench/core/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { getJson, type Json, type LiveApi, postJson, startFreshLiveApi } from './engine-helpers.js';
import { eventually } from './helpers.js';

export { TEST_BACKENDS as BACKENDS } from '@tfbench/core/testing';

/** Runs of 4 steps, 40-200 ms apart: durations differ, so runs end one by one, not in waves. */
export const VARIED_RUN = {
  started_delay_ms: 20,
  streaming_url_delay_ms: 10,
  steps: 4,
  step_delay_ms: { dist: 'uniform', min: 40, max: 200 },
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
} as const;

/**
 * `startFreshLiveApi` before the suite's tests and its close after them. Call inside a `describe`
 * body; the returned function gives the API inside hooks and tests.
 */
export function useLoadApi(backend: TestBackend): () => LiveApi {
  let api: LiveApi | undefined;
  beforeAll(async () => {
    api = await startFreshLiveApi(backend);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });
  return () => {
    if (!api) throw new Error('the API is not started yet');
    return api;
  };
}

/** POST that must answer 201; the body. */
export async function created(api: LiveApi, url: string, body: unknown): Promise<Json> {
  const response = await postJson(api.base, url, body);
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return response.json;
}

/**
 * An automation and a scenario whose runs the mock plays with `mock`. The per-request `mock`
 * object reaches only the in-process mock of mock mode (the live client does not send it).
 */
export async function seedMockScenario(
  api: LiveApi,
  mock: object,
  runSettings: object = {},
): Promise<number> {
  const tag = randomBytes(3).toString('hex');
  const automation = await created(api, '/api/v1/automations', { name: `load-${tag}` });
  const scenario = await created(api, '/api/v1/scenarios', {
    name: `load-${tag}`,
    automation_id: automation.id,
    inputs_template: { url: 'https://example.com', goal: 'Find the title', mock },
    run_settings: runSettings,
  });
  return scenario.id as number;
}

/** The benchmark once it has finished; on a timeout, its last state and its unfinished runs. */
export async function finishedBenchmark(api: LiveApi, id: number, timeoutMs = 60_000): Promise<Json> {
  let last: Json = {};
  try {
    return await eventually(
      async () => {
        last = (await getJson(api.base, `/api/v1/benchmarks/${id}`)).json;
        return last.finished_at ? last : undefined;
      },
      `benchmark ${id} to finish`,
      timeoutMs,
    );
  } catch (error) {
    const state = JSON.stringify({ status: last.status, counts: last.counts });
    throw new Error(`${(error as Error).message}; last state ${state}; runs ${await notCompleted(api, id)}`);
  }
}

/** The runs of a benchmark that did not complete, for assertion messages. */
export async function notCompleted(api: LiveApi, id: number): Promise<string> {
  const rows = await api.runtime.db.db
    .select({ id: runs.id, status: runs.status, error_code: runs.error_code, error: runs.error })
    .from(runs)
    .where(eq(runs.benchmark_id, id));
  return JSON.stringify(rows.filter((r) => r.status !== 'completed'));
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

/** A run's upstream request as its client timed it: from the send to the end of its stream. */
export interface TimedRequest {
  actual_start_at: Date | null;
  total_duration_ms: number | null;
}

/**
 * How many of `requests` (sent ones) were upstream at `at` (epoch ms): sent at or before it, their
 * stream not yet ended; `except` is left out. This, not the stored finished_at, is what a closed
 * benchmark's concurrency bounds: a run is replaced once its request has ended, before its
 * outcome is stored. The end is read 1 ms early: the send instant is stored in whole milliseconds.
 */
export function upstreamAt(requests: readonly TimedRequest[], at: number, except?: TimedRequest): number {
  return requests.filter((other) => {
    if (other === except) return false;
    const sent = other.actual_start_at!.getTime();
    return sent <= at && sent + other.total_duration_ms! - 1 > at;
  }).length;
}
