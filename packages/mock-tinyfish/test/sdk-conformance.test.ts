import {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  TinyFish,
} from '@tiny-fish/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { FAST_MODEL, http, VALID_BODY } from './helpers.js';

/**
 * Conformance with a client we did not write: the official TypeScript SDK validates every
 * response with zod (runs, list pages, run bodies, each SSE event) and must accept the mock's.
 */
const API_KEY = 'sdk-conformance-key';
let mock: MockTinyFish;
let client: TinyFish;
beforeAll(async () => {
  mock = await startMockTinyFish({
    seed: 21,
    strict: true,
    apiKey: API_KEY,
    model: { ...FAST_MODEL, heartbeat_interval_ms: 15, tf_api_results: 1 },
  });
  // No retries: a retried 500 or 429 would hide what the mock answered.
  client = new TinyFish({ apiKey: API_KEY, baseURL: mock.url, maxRetries: 0, timeout: 20_000 });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

async function collect(
  stream: AsyncIterable<{ type: string }>,
): Promise<{ type: string; [k: string]: unknown }[]> {
  const out: { type: string; [k: string]: unknown }[] = [];
  for await (const event of stream) out.push(event as { type: string });
  return out;
}

describe('@tiny-fish/sdk against the mock', () => {
  it('agent.stream reads every event of a COMPLETED run, typed and validated', async () => {
    const seen: string[] = [];
    const stream = await client.agent.stream(VALID_BODY, {
      onStarted: () => seen.push('started'),
      onStreamingUrl: () => seen.push('url'),
      onProgress: () => seen.push('progress'),
      onHeartbeat: () => seen.push('heartbeat'),
      onComplete: () => seen.push('complete'),
    });
    const events = await collect(stream);
    // The SDK drops events it cannot validate; everything but TF_API_RESULT (unknown to it) must come through.
    const truth = mock.allGroundTruth()[0]!;
    const expected = truth.events.filter((e) => e.type !== 'TF_API_RESULT').map((e) => e.type);
    expect(events.map((e) => e.type)).toEqual(expected);
    expect(seen.filter((s) => s === 'progress')).toHaveLength(3);
    expect(seen).toContain('heartbeat');
    const complete = events.at(-1)!;
    expect(complete).toMatchObject({
      type: 'COMPLETE',
      status: 'COMPLETED',
      error: null,
      run_id: truth.run_id,
    });
    expect(complete.result).toBeTypeOf('object');
  });

  it('agent.stream accepts a FAILED run with COMPLETE.error as an object, and as a string (coerced to null)', async () => {
    mock.configure({ ...FAST_MODEL, outcome: 'FAILED' });
    const asObject = (await collect(await client.agent.stream(VALID_BODY))).at(-1)!;
    expect(asObject).toMatchObject({ type: 'COMPLETE', status: 'FAILED', result: null });
    expect(asObject.error).toMatchObject({ message: expect.any(String), category: expect.any(String) });
    mock.configure({ ...FAST_MODEL, outcome: 'FAILED', complete_error_format: 'string' });
    const asString = (await collect(await client.agent.stream(VALID_BODY))).at(-1)!;
    expect(asString).toMatchObject({ type: 'COMPLETE', status: 'FAILED', error: null });
  });

  it('agent.stream accepts a CANCELLED run', async () => {
    mock.configure({ ...FAST_MODEL, outcome: 'CANCELLED' });
    const complete = (await collect(await client.agent.stream(VALID_BODY))).at(-1)!;
    expect(complete).toMatchObject({ type: 'COMPLETE', status: 'CANCELLED', result: null, error: null });
  });

  it('agent.run parses the blocking response; a FAILED run on 500 is an InternalServerError with the message', async () => {
    const ok = await client.agent.run({
      ...VALID_BODY,
      output_schema: { type: 'object', properties: { title: { type: 'string' } } },
    });
    expect(ok).toMatchObject({ status: 'COMPLETED', num_of_steps: 3, error: null });
    expect(typeof (ok.result as { title: unknown }).title).toBe('string');

    mock.configure({
      ...FAST_MODEL,
      outcome: 'FAILED',
      failure: { message: 'Browser crashed during execution', category: 'SYSTEM_FAILURE', retry_after: 60 },
    });
    const failed500 = await client.agent.run(VALID_BODY).catch((e: unknown) => e);
    expect(failed500).toBeInstanceOf(InternalServerError);
    expect((failed500 as Error).message).toBe('Browser crashed during execution');

    mock.configure({ ...FAST_MODEL, outcome: 'FAILED', sync_failure_status: 200 });
    const failed200 = await client.agent.run(VALID_BODY);
    expect(failed200.status).toBe('FAILED');
    expect(failed200.error?.category).toMatch(/FAILURE$/);
  });

  it('agent.queue + runs.get follow a run from PENDING to COMPLETED', async () => {
    mock.configure({ ...FAST_MODEL, started_delay_ms: 40 });
    const queued = await client.agent.queue(VALID_BODY);
    expect(queued.error).toBeNull();
    const runId = queued.run_id!;
    const first = await client.runs.get(runId);
    expect(first.status).toBe('PENDING');
    let run = first;
    for (let i = 0; i < 100 && run.status !== 'COMPLETED'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      run = await client.runs.get(runId);
    }
    expect(run).toMatchObject({ run_id: runId, status: 'COMPLETED', num_of_steps: 3, error: null });
    expect(run.browser_config).toEqual({ proxy_enabled: null, proxy_country_code: null });
  });

  it('runs.get parses FAILED and CANCELLED runs', async () => {
    mock.configure({ ...FAST_MODEL, step_delay_ms: 5000 });
    const { run_id } = await client.agent.queue(VALID_BODY);
    await http(mock.url, 'POST', `/v1/runs/${run_id}/cancel`, { headers: { 'X-API-Key': API_KEY } });
    expect((await client.runs.get(run_id!)).status).toBe('CANCELLED');
    mock.configure({ ...FAST_MODEL, outcome: 'FAILED' });
    const failed = await client.agent.run(VALID_BODY).catch(() => undefined);
    expect(failed).toBeUndefined();
    const failedId = mock.allGroundTruth().at(-1)!.run_id;
    const run = await client.runs.get(failedId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({
      message: expect.any(String),
      category: expect.stringMatching(/FAILURE$/),
    });
    expect(run.error).toHaveProperty('retry_after');
  });

  it('runs.list parses pages, filters and cursors', async () => {
    for (let i = 0; i < 3; i++) await client.agent.run({ ...VALID_BODY, goal: `Find item ${i}` });
    const page = await client.runs.list({ limit: 2, sort_direction: 'asc' });
    expect(page.pagination).toMatchObject({ total: 3, has_more: true });
    expect(page.data.map((r) => r.goal)).toEqual(['Find item 0', 'Find item 1']);
    const next = await client.runs.list({
      limit: 2,
      sort_direction: 'asc',
      cursor: page.pagination.next_cursor!,
    });
    expect(next.data.map((r) => r.goal)).toEqual(['Find item 2']);
    expect(next.pagination.has_more).toBe(false);
    const filtered = await client.runs.list({ status: 'COMPLETED', goal: 'ITEM 1' });
    expect(filtered.data).toHaveLength(1);
  });

  it('maps the mock error envelopes to the SDK error classes with the server message', async () => {
    const notFound = await client.runs.get('no-such-run').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as Error).message).toBe('Run not found or not owned by this API key');

    const badInput = await client.agent.run({ goal: 'x', url: 'example.com' }).catch((e: unknown) => e);
    expect(badInput).toBeInstanceOf(BadRequestError);
    expect((badInput as Error).message).toMatch(/^Field "url": /);

    const wrongKey = new TinyFish({ apiKey: 'wrong', baseURL: mock.url, maxRetries: 0 });
    const unauthorised = await wrongKey.runs.list().catch((e: unknown) => e);
    expect(unauthorised).toBeInstanceOf(AuthenticationError);
    expect((unauthorised as Error).message).toBe('Invalid or expired API key');

    mock.configure({ fault: 'rate_limit' });
    const limited = await client.agent.stream(VALID_BODY).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    mock.configure({ fault: 'service_busy' });
    const busy = await client.agent.queue(VALID_BODY).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(InternalServerError);
    expect((busy as InternalServerError).statusCode).toBe(503);
  });
});
