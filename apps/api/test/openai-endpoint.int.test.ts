/**
 * An OpenAI-compatible endpoint benchmarked through the HTTP API, as a user would: auth on
 * with a bootstrap key, the API on loopback (so a loopback base URL is allowed unlisted), the
 * engine in-process, and a real mock OpenAI-compatible server that requires its own key.
 * The key never leaves: not in responses, the audit log, exports, logs or the event bus.
 */
import { Writable } from 'node:stream';
import { type Config, loadConfig } from '@tfbench/core/config';
import { describeEachDatabase, type TestBackend } from '@tfbench/core/testing';
import { type MockOpenAI, startMockOpenAI } from '@tfbench/mock-openai';
import { createRuntime, type Runtime } from '@tfbench/runtime';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/index.js';
import { databaseEnv, openSse, type SseClient } from './engine-helpers.js';

const ADMIN_KEY = `tfb_${'o'.repeat(40)}`;
const UPSTREAM_KEY = 'sk-upstream-secret-4b1d2c9e7f';
/** How far the client's and the mock's measures of one stream may differ on loopback. */
const TIMING_TOLERANCE_MS = 15;
/** Most a request may take to reach the mock on loopback, a busy shared machine included. */
const MAX_REQUEST_LEAD_MS = 100;

type Json = Record<string, unknown>;

interface Live {
  base: string;
  logs: string[];
  close(): Promise<void>;
}

/** The API as main.ts builds it (auth on, loopback bind), logging at trace level into `logs`. */
async function startApi(env: Record<string, string>): Promise<Live> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const config: Config = loadConfig({
    LOG_LEVEL: 'trace',
    // Runs must go to the automation's own base URL, not the in-process mock of mock mode.
    TINYFISH_MOCK_MODE: 'false',
    TFBENCH_RATE_LIMIT_PER_MIN: '0',
    TFBENCH_RATE_LIMIT_IP_PER_MIN: '0',
    API_HOST: '127.0.0.1',
    TFBENCH_BOOTSTRAP_API_KEY: ADMIN_KEY,
    // PostgreSQL has no key file: credentials are sealed with this key.
    TFBENCH_SECRET_KEY: 'ab'.repeat(32),
    ...env,
  });
  const runtime: Runtime = await createRuntime(config, {
    role: 'all',
    logger: pino({ level: 'trace' }, stream),
  });
  const app: FastifyInstance = await buildApp({
    config,
    db: runtime.db,
    engine: runtime.engine,
    secretBox: runtime.secretBox,
    logger: { level: 'trace', stream },
    liveEvents: { heartbeatMs: 15_000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    base: `http://127.0.0.1:${address.port}`,
    logs,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}

describeEachDatabase('an OpenAI-compatible endpoint through the API', (_getDb, backend: TestBackend) => {
  let api: Live;
  let mock: MockOpenAI;
  let dropDb: () => Promise<void>;
  let events: SseClient | undefined;
  const bodies: string[] = [];

  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${api.base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    bodies.push(text);
    const isJson = response.headers.get('content-type')?.includes('application/json') === true;
    return { status: response.status, text, json: (isJson && text ? JSON.parse(text) : null) as Json };
  };
  const post = (url: string, body: unknown) => call('POST', url, body);
  const get = (url: string) => call('GET', url);

  async function settledRun(id: unknown): Promise<Json> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { json } = await get(`/api/v1/runs/${id}`);
      if (!['pending', 'running', 'queued'].includes(String(json.status))) return json;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${id} did not settle`);
  }

  async function finishedBenchmark(id: unknown): Promise<Json> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { json } = await get(`/api/v1/benchmarks/${id}`);
      if (['completed', 'failed', 'cancelled'].includes(String(json.status))) return json;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`benchmark ${id} did not finish`);
  }

  /** Create an OpenAI-compatible automation and a scenario on it; the scenario's id. */
  async function scenarioOn(name: string, config: Json, inputs: Json = {}): Promise<number> {
    const automation = await post('/api/v1/automations', {
      name,
      provider: 'openai',
      config,
      default_inputs: { model: 'my-model' },
    });
    expect(automation.status, automation.text).toBe(201);
    const scenario = await post('/api/v1/scenarios', {
      name: `${name} scenario`,
      automation_id: automation.json.id,
      inputs_template: { prompt: 'Write a story.', max_tokens: 24, ...inputs },
    });
    expect(scenario.status, scenario.text).toBe(201);
    return Number(scenario.json.id);
  }

  beforeAll(async () => {
    mock = await startMockOpenAI({
      apiKey: UPSTREAM_KEY,
      models: ['my-model'],
      seed: 7,
      behaviour: { ttft_ms: 40, tokens_per_s: { dist: 'fixed', value: 400 } },
    });
    const database = await databaseEnv(backend);
    dropDb = database.drop;
    api = await startApi(database.env);
    events = await openSse(`${api.base}/api/v1/events`, { authorization: `Bearer ${ADMIN_KEY}` });
  });
  afterAll(async () => {
    events?.close();
    await api?.close();
    await mock?.close();
    await dropDb?.();
  });

  it('runs and benchmarks the exact local automation, matching the mock within tolerance', async () => {
    const exact = `{"name": "local vLLM", "provider": "openai", "config": {"base_url": "${mock.baseURL}", "api_key": "${UPSTREAM_KEY}"}, "default_inputs": {"model": "my-model"}}`;
    const automation = await post('/api/v1/automations', exact);
    expect(automation.status, automation.text).toBe(201);
    expect(automation.json.config).toMatchObject({ base_url: mock.baseURL, api_key_set: true });
    const listed = await get('/api/v1/automations');
    expect(listed.text).toContain('"api_key_set":true');

    const scenario = await post('/api/v1/scenarios', {
      name: 'story',
      automation_id: automation.json.id,
      inputs_template: { prompt: 'Write a story.', max_tokens: 32, ignore_eos: true },
      thresholds: ['p95(ttft_ms) < 5000', 'mean(output_tokens_per_s) > 1'],
    });
    expect(scenario.status, scenario.text).toBe(201);

    // The process's first run pays one-off warm-up (module loading, the first connection, an
    // embedded database's first writes) inside its request lead; the second is the measured one.
    let run: Json = {};
    for (let i = 0; i < 2; i++) {
      const triggered = await post('/api/v1/runs/trigger', { scenario_id: scenario.json.id });
      expect(triggered.status, triggered.text).toBe(201);
      run = await settledRun(triggered.json.id);
      expect(run.status, JSON.stringify(run)).toBe('completed');
    }
    const truth = mock.groundTruth(String(run.upstream_run_id));
    expect(truth).toBeDefined();
    const tokens = run.token_metrics as Json;
    expect(tokens).toMatchObject({ output_tokens: truth?.output_tokens, output_tokens_source: 'usage' });
    // The client's clock starts when it sends; the mock's when the request arrives. That lead
    // (connecting, writing, a first request's warm-up) is the same for both instants, so each
    // instant is the mock's plus one small lead, and the stream between them matches exactly.
    const lead = Number(run.ttft_ms) - Number(truth?.summary.first_token_offset_ms);
    expect(lead).toBeGreaterThanOrEqual(-1);
    expect(lead).toBeLessThan(MAX_REQUEST_LEAD_MS);
    const totalLead = Number(run.total_duration_ms) - Number(truth?.summary.done_offset_ms);
    expect(Math.abs(totalLead - lead)).toBeLessThanOrEqual(TIMING_TOLERANCE_MS);

    const thresholds = ['p95(ttft_ms) < 5000', 'mean(output_tokens_per_s) > 1'];
    const benchmarkIds: unknown[] = [];
    for (const name of ['first', 'second']) {
      const started = await post('/api/v1/benchmarks', {
        scenario_id: scenario.json.id,
        name,
        iterations: 6,
        concurrency: 2,
        thresholds,
      });
      expect(started.status, started.text).toBe(201);
      const benchmark = await finishedBenchmark(started.json.id);
      expect(benchmark.status).toBe('completed');
      expect(benchmark.verdict).toBe('passed');
      expect((benchmark.summary as Json).tokens).toBeTruthy();
      benchmarkIds.push(started.json.id);
    }
    const compared = await get(
      `/api/v1/analytics/compare?a=benchmark:${benchmarkIds[0]}&b=benchmark:${benchmarkIds[1]}`,
    );
    expect(compared.status, compared.text).toBe(200);
    expect(compared.text).toContain('tpot_ms');
  });

  it('maps upstream failures: wrong key, unknown model, an in-stream error, a dropped stream', async () => {
    const cases: Array<[string, Json, Json, string, RegExp | null]> = [
      ['wrong key', { base_url: mock.baseURL, api_key: 'sk-wrong-key-000' }, {}, 'INVALID_API_KEY', null],
      [
        'unknown model',
        { base_url: mock.baseURL, api_key: UPSTREAM_KEY },
        { model: 'nope' },
        'NOT_FOUND',
        null,
      ],
      [
        'stream error',
        { base_url: mock.baseURL, api_key: UPSTREAM_KEY },
        { mock: { fault: 'stream_error', error_message: 'the model fell over' } },
        '',
        /the model fell over/,
      ],
      [
        'dropped',
        { base_url: mock.baseURL, api_key: UPSTREAM_KEY, headers: { 'x-mock-fault': 'drop' } },
        {},
        'STREAM_BROKEN',
        null,
      ],
    ];
    for (const [name, config, inputs, code, message] of cases) {
      const scenarioId = await scenarioOn(name, config, inputs);
      const triggered = await post('/api/v1/runs/trigger', { scenario_id: scenarioId });
      expect(triggered.status, triggered.text).toBe(201);
      const run = await settledRun(triggered.json.id);
      expect(run.status, `${name}: ${JSON.stringify(run)}`).toBe('failed');
      if (code) expect(run.error_code, name).toBe(code);
      if (message) expect(String(run.error), name).toMatch(message);
    }
  });

  it('fires an alert on the scenario when a token threshold fails', async () => {
    const automation = await post('/api/v1/automations', {
      name: 'alerting',
      provider: 'openai',
      config: { base_url: mock.baseURL, api_key: UPSTREAM_KEY },
      default_inputs: { model: 'my-model' },
    });
    const scenario = await post('/api/v1/scenarios', {
      name: 'too slow for the rule',
      automation_id: automation.json.id,
      inputs_template: { prompt: 'Hi', max_tokens: 8 },
      // A daily schedule: its first tick is a day away; the run below is triggered by hand.
      run_settings: { interval_seconds: 86_400, alert_window_runs: 1, regression: false },
      thresholds: ['mean(output_tokens_per_s) > 1000000'],
    });
    expect(scenario.status, scenario.text).toBe(201);
    const id = scenario.json.id;
    expect((await post(`/api/v1/scenarios/${id}/schedule`, { enabled: true })).status).toBe(200);
    const triggered = await post('/api/v1/runs/trigger', { scenario_id: id });
    expect((await settledRun(triggered.json.id)).status).toBe('completed');
    const deadline = Date.now() + 10_000;
    let firing: Json[] = [];
    while (Date.now() < deadline && firing.length === 0) {
      const listed = await get('/api/v1/alerts?state=firing');
      firing = (listed.json as unknown as Json[]).filter((a) => a.scenario_id === id);
      if (firing.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(firing).toHaveLength(1);
    expect(String(firing[0]?.rule)).toContain('output_tokens_per_s');
  });

  it('never lets the upstream key out: responses, audit, exports, logs, live events', async () => {
    const audit = await get('/api/v1/audit');
    expect(audit.status).toBe(200);
    for (const format of ['json', 'csv', 'ndjson']) {
      const exported = await get(`/api/v1/runs/export?format=${format}`);
      expect(exported.status).toBe(200);
    }
    expect(bodies.join('\n')).not.toContain(UPSTREAM_KEY);
    expect(bodies.join('\n')).not.toContain('sk-wrong-key-000');
    expect(api.logs.filter((line) => line.includes('may target loopback upstreams'))).toHaveLength(1);
    expect(api.logs.join('')).not.toContain(UPSTREAM_KEY);
    const live = JSON.stringify(events?.messages ?? []);
    expect(live.length).toBeGreaterThan(2);
    expect(live).not.toContain(UPSTREAM_KEY);
  });
});
