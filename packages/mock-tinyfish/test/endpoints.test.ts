import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { FAST_MODEL, framesJson, http, openSse, VALID_BODY, waitFor } from './helpers.js';

let mock: MockTinyFish;
beforeAll(async () => {
  mock = await startMockTinyFish({ seed: 3, strict: true, model: FAST_MODEL });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

/** The fields of a synchronous run's answer; a run record carries these and more. */
const SYNC_KEYS = [
  'run_id',
  'status',
  'started_at',
  'finished_at',
  'num_of_steps',
  'result',
  'schema_validation',
  'error',
].sort();
const RUN_KEYS = [
  ...SYNC_KEYS,
  'goal',
  'created_at',
  'streaming_url',
  'browser_config',
  'video_url',
  'steps',
].sort();

type Json = Record<string, unknown>;

async function createAsync(extra: Json = {}): Promise<string> {
  const res = await http(mock.url, 'POST', '/v1/automation/run-async', { body: { ...VALID_BODY, ...extra } });
  expect(res.status).toBe(200);
  return (res.json as Json).run_id as string;
}

describe('POST /v1/automation/run (blocking)', () => {
  it('answers 200 with the 8-key body once the run completed', async () => {
    const res = await http(mock.url, 'POST', '/v1/automation/run', { body: VALID_BODY });
    expect(res.status).toBe(200);
    const body = res.json as Json;
    expect(Object.keys(body).sort()).toEqual(SYNC_KEYS);
    expect(body).toMatchObject({
      status: 'COMPLETED',
      num_of_steps: 3,
      error: null,
      schema_validation: null,
    });
    expect(body.result).toBeTypeOf('object');
  });

  it('answers a FAILED run with 500 by default and with 200 when sync_failure_status is 200, same body', async () => {
    const failure = {
      message: 'Browser crashed during execution',
      category: 'SYSTEM_FAILURE',
      retry_after: 60,
    };
    const r500 = await http(mock.url, 'POST', '/v1/automation/run', {
      body: { ...VALID_BODY, mock: { outcome: 'FAILED', failure } },
    });
    expect(r500.status).toBe(500);
    expect(Object.keys(r500.json as Json).sort()).toEqual(SYNC_KEYS);
    expect(r500.json).toMatchObject({
      status: 'FAILED',
      result: null,
      error: {
        code: 'task_failed',
        message: 'Browser crashed during execution',
        category: 'SYSTEM_FAILURE',
        retry_after: 60,
      },
    });
    const r200 = await http(mock.url, 'POST', '/v1/automation/run', {
      body: { ...VALID_BODY, mock: { outcome: 'FAILED', failure, sync_failure_status: 200 } },
    });
    expect(r200.status).toBe(200);
    expect((r200.json as Json).status).toBe('FAILED');
  });

  it('serves a CANCELLED outcome as FAILED with code "cancelled" (the blocking status enum has no CANCELLED)', async () => {
    const res = await http(mock.url, 'POST', '/v1/automation/run', {
      body: { ...VALID_BODY, mock: { outcome: 'CANCELLED', sync_failure_status: 200 } },
    });
    expect(res.json).toMatchObject({ status: 'FAILED', error: { code: 'cancelled' } });
  });

  it('fails with max_steps_exceeded when agent_config.max_steps is below the planned steps', async () => {
    const res = await http(mock.url, 'POST', '/v1/automation/run', {
      body: { ...VALID_BODY, agent_config: { max_steps: 2 }, mock: { sync_failure_status: 200 } },
    });
    expect(res.json).toMatchObject({
      status: 'FAILED',
      num_of_steps: 2,
      error: { code: 'max_steps_exceeded' },
    });
  });

  it('generates the result from an output_schema and reports schema_validation', async () => {
    const output_schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        price: { type: 'number', minimum: 1, maximum: 9 },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    const res = await http(mock.url, 'POST', '/v1/automation/run', {
      body: { ...VALID_BODY, output_schema },
    });
    const body = res.json as Json;
    const result = body.result as Json;
    expect(typeof result.title).toBe('string');
    expect(result.price).toBeGreaterThanOrEqual(1);
    expect(result.price).toBeLessThanOrEqual(9);
    expect(Array.isArray(result.tags)).toBe(true);
    expect(body.schema_validation).toEqual({ valid: true, re_prompt_attempts: 0, errors: [] });
  });
});

describe('run-async and GET /v1/runs/{id}', () => {
  it('returns {run_id, error:null} at once, and the run goes PENDING -> RUNNING -> COMPLETED over time', async () => {
    const id = await createAsync({ mock: { started_delay_ms: 60, step_delay_ms: 60 } });
    const first = (await http(mock.url, 'GET', `/v1/runs/${id}`)).json as Json;
    expect(Object.keys(first).sort()).toEqual(RUN_KEYS);
    expect(first).toMatchObject({
      status: 'PENDING',
      started_at: null,
      finished_at: null,
      num_of_steps: null,
      result: null,
      error: null,
    });
    const running = await waitFor(async () => {
      const run = (await http(mock.url, 'GET', `/v1/runs/${id}`)).json as Json;
      return run.status === 'RUNNING' ? run : undefined;
    });
    expect(running.started_at).not.toBeNull();
    expect(running.num_of_steps).toBeNull();
    const done = await waitFor(async () => {
      const run = (await http(mock.url, 'GET', `/v1/runs/${id}`)).json as Json;
      return run.status === 'COMPLETED' ? run : undefined;
    });
    expect(done).toMatchObject({ num_of_steps: 3, error: null, goal: VALID_BODY.goal });
    expect(done.finished_at).not.toBeNull();
    expect(done.streaming_url).toBe(`${mock.url}/stream/${id}`);
    expect(done.browser_config).toEqual({ proxy_enabled: null, proxy_country_code: null });
    const steps = done.steps as Json[];
    expect(steps).toHaveLength(3);
    expect(Object.keys(steps[0]!).sort()).toEqual([
      'action',
      'duration',
      'id',
      'screenshot',
      'status',
      'timestamp',
    ]);
    expect(steps[0]!.screenshot).toBeNull();
  });

  it('fills screenshots with ?screenshots=base64, proxy settings in browser_config and video_url with recording', async () => {
    const id = await createAsync({
      proxy_config: { enabled: true, country_code: 'DE' },
      capture_config: { recording: true },
    });
    const run = await waitFor(async () => {
      const r = (await http(mock.url, 'GET', `/v1/runs/${id}?screenshots=base64`)).json as Json;
      return r.status === 'COMPLETED' ? r : undefined;
    });
    expect((run.steps as Json[])[0]!.screenshot).toMatch(/^data:image\/jpeg;base64,/);
    expect(run.browser_config).toEqual({ proxy_enabled: true, proxy_country_code: 'DE' });
    expect(run.video_url).toMatch(/^https:\/\//);
  });

  it('answers 404 NOT_FOUND for unknown or malformed ids and 400 for a bad screenshots value', async () => {
    const unknown = await http(mock.url, 'GET', '/v1/runs/does-not-exist');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      error: { code: 'NOT_FOUND', message: 'Run not found or not owned by this API key' },
    });
    expect((await http(mock.url, 'GET', '/v1/runs/bad%20id')).status).toBe(404);
    const id = await createAsync();
    const bad = await http(mock.url, 'GET', `/v1/runs/${id}?screenshots=png`);
    expect(bad.status).toBe(400);
    expect((bad.json as { error: Json }).error.code).toBe('INVALID_INPUT');
  });
});

describe('GET /v1/runs', () => {
  it('lists summaries (no video_url, no steps) newest first with total and keyset pagination', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createAsync({ goal: `Find item ${i}` }));
    const page1 = (await http(mock.url, 'GET', '/v1/runs?limit=2')).json as {
      data: Json[];
      pagination: Json;
    };
    expect(page1.pagination).toMatchObject({ total: 5, has_more: true });
    expect(page1.data).toHaveLength(2);
    expect(Object.keys(page1.data[0]!).sort()).toEqual(
      RUN_KEYS.filter((k) => k !== 'video_url' && k !== 'steps'),
    );
    const seen: string[] = page1.data.map((r) => r.run_id as string);
    let cursor = page1.pagination.next_cursor as string | null;
    while (cursor) {
      const page = (await http(mock.url, 'GET', `/v1/runs?limit=2&cursor=${encodeURIComponent(cursor)}`))
        .json as {
        data: Json[];
        pagination: Json;
      };
      seen.push(...page.data.map((r) => r.run_id as string));
      cursor = page.pagination.next_cursor as string | null;
      if (!cursor) expect(page.pagination.has_more).toBe(false);
    }
    expect([...seen].sort()).toEqual([...ids].sort());
    const createdAt = await Promise.all(
      seen.map(async (id) => ((await http(mock.url, 'GET', `/v1/runs/${id}`)).json as Json).created_at),
    );
    expect(createdAt).toEqual([...createdAt].sort().reverse());
  });

  it('filters by status, goal substring (case-insensitive), time window and sorts ascending', async () => {
    await createAsync({ goal: 'Read the NEWS headlines' });
    const failedId = await createAsync({ goal: 'Other task', mock: { outcome: 'FAILED' } });
    await waitFor(async () =>
      ((await http(mock.url, 'GET', `/v1/runs/${failedId}`)).json as Json).status === 'FAILED'
        ? true
        : undefined,
    );
    const byGoal = (await http(mock.url, 'GET', '/v1/runs?goal=news')).json as {
      data: Json[];
      pagination: Json;
    };
    expect(byGoal.data.map((r) => r.goal)).toEqual(['Read the NEWS headlines']);
    const byStatus = (await http(mock.url, 'GET', '/v1/runs?status=FAILED')).json as { data: Json[] };
    expect(byStatus.data.map((r) => r.run_id)).toEqual([failedId]);
    const future = new Date(Date.now() + 60_000).toISOString();
    const none = (await http(mock.url, 'GET', `/v1/runs?created_after=${future}`)).json as {
      data: Json[];
      pagination: Json;
    };
    expect(none.pagination.total).toBe(0);
    const asc = (await http(mock.url, 'GET', '/v1/runs?sort_direction=asc')).json as { data: Json[] };
    expect(asc.data[0]!.goal).toBe('Read the NEWS headlines');
  });

  it('rejects bad filters with 400 INVALID_INPUT naming the parameter', async () => {
    for (const [query, field] of [
      ['status=DONE', 'status'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['sort_direction=up', 'sort_direction'],
      ['created_after=yesterday', 'created_after'],
      ['cursor=%25%25', 'cursor'],
      [`goal=${'x'.repeat(501)}`, 'goal'],
    ] as const) {
      const res = await http(mock.url, 'GET', `/v1/runs?${query}`);
      expect(res.status, query).toBe(400);
      const error = (res.json as { error: Json }).error;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(`"${field}"`);
    }
  });
});

describe('cancel', () => {
  it('cancels a running run, then answers "Run already cancelled" with the same cancelled_at', async () => {
    const id = await createAsync({ mock: { step_delay_ms: 5000 } });
    const first = await http(mock.url, 'POST', `/v1/runs/${id}/cancel`);
    expect(first.status).toBe(200);
    const r1 = first.json as Json;
    expect(r1).toMatchObject({ run_id: id, status: 'CANCELLED', message: null });
    expect(r1.cancelled_at).toBeTypeOf('string');
    const again = (await http(mock.url, 'POST', `/v1/runs/${id}/cancel`)).json as Json;
    expect(again).toEqual({
      run_id: id,
      status: 'CANCELLED',
      cancelled_at: r1.cancelled_at,
      message: 'Run already cancelled',
    });
    const run = (await http(mock.url, 'GET', `/v1/runs/${id}`)).json as Json;
    expect(run).toMatchObject({ status: 'CANCELLED', result: null });
    expect(run.finished_at).not.toBeNull();
  });

  it('answers "Run already finished" with the real status for a finished run, 404 for an unknown one', async () => {
    const id = await createAsync();
    await waitFor(async () =>
      ((await http(mock.url, 'GET', `/v1/runs/${id}`)).json as Json).status === 'COMPLETED'
        ? true
        : undefined,
    );
    const res = (await http(mock.url, 'POST', `/v1/runs/${id}/cancel`)).json as Json;
    expect(res).toEqual({
      run_id: id,
      status: 'COMPLETED',
      cancelled_at: null,
      message: 'Run already finished',
    });
    expect((await http(mock.url, 'POST', '/v1/runs/nope/cancel')).status).toBe(404);
  });

  it('cancels a PENDING run before it starts: the stream gets only COMPLETE CANCELLED', async () => {
    const stream = openSse(mock.url, { ...VALID_BODY, mock: { started_delay_ms: 5000 } });
    await stream.firstByte;
    const id = await waitFor(() => mock.allGroundTruth()[0]?.run_id);
    await http(mock.url, 'POST', `/v1/runs/${id}/cancel`);
    const events = framesJson(await stream.done);
    expect(events.map((e) => e.type)).toEqual(['COMPLETE']);
    expect(events[0]).toMatchObject({ run_id: id, status: 'CANCELLED' });
  });

  it('cancel mid-stream ends the SSE stream with COMPLETE status CANCELLED', async () => {
    const stream = openSse(mock.url, { ...VALID_BODY, mock: { step_delay_ms: 5000 } });
    await stream.firstByte;
    const id = await waitFor(() => {
      const truth = mock.allGroundTruth()[0];
      return truth?.events.some((e) => e.type === 'STREAMING_URL') ? truth.run_id : undefined;
    });
    const cancelled = (await http(mock.url, 'POST', `/v1/runs/${id}/cancel`)).json as Json;
    const cap = await stream.done;
    expect(cap.ending).toBe('end');
    const events = framesJson(cap);
    expect(events.map((e) => e.type)).toEqual(['STARTED', 'STREAMING_URL', 'COMPLETE']);
    expect(events.at(-1)).toMatchObject({
      status: 'CANCELLED',
      result: null,
      timestamp: cancelled.cancelled_at,
    });
    expect(mock.groundTruth(id)?.response.end_reason).toBe('complete');
  });
});

describe('batch endpoints', () => {
  it('run-batch creates every run atomically; runs/batch fetches them; runs/batch/cancel cancels them', async () => {
    const created = await http(mock.url, 'POST', '/v1/automation/run-batch', {
      body: { runs: [VALID_BODY, { ...VALID_BODY, goal: 'Second' }], mock: { step_delay_ms: 5000 } },
    });
    expect(created.status).toBe(200);
    const { run_ids, error } = created.json as { run_ids: string[]; error: null };
    expect(error).toBeNull();
    expect(run_ids).toHaveLength(2);

    const fetched = (
      await http(mock.url, 'POST', '/v1/runs/batch', { body: { run_ids: [...run_ids, 'missing'] } })
    ).json as {
      data: Json[];
      not_found: string[] | null;
    };
    expect(fetched.data.map((r) => r.run_id)).toEqual(run_ids);
    expect(Object.keys(fetched.data[0]!).sort()).toEqual(RUN_KEYS);
    expect(fetched.not_found).toEqual(['missing']);

    const cancel = (await http(mock.url, 'POST', '/v1/runs/batch/cancel', { body: { run_ids } })).json as {
      results: Json[];
      not_found: string[] | null;
    };
    expect(cancel.not_found).toBeNull();
    expect(cancel.results.map((r) => [r.run_id, r.status, r.message])).toEqual(
      run_ids.map((id) => [id, 'CANCELLED', null]),
    );
    const again = (await http(mock.url, 'POST', '/v1/runs/batch/cancel', { body: { run_ids } })).json as {
      results: Json[];
    };
    expect(again.results.map((r) => r.message)).toEqual(['Run already cancelled', 'Run already cancelled']);
  });

  it('rejects an invalid item of run-batch without creating any run, and bad run_ids lists', async () => {
    const res = await http(mock.url, 'POST', '/v1/automation/run-batch', {
      body: { runs: [VALID_BODY, { goal: 'no url' }] },
    });
    expect(res.status).toBe(400);
    expect((res.json as { error: Json }).error.message).toContain('"runs.1.url"');
    expect(mock.stats().runs_created).toBe(0);
    expect((await http(mock.url, 'POST', '/v1/runs/batch', { body: { run_ids: [] } })).status).toBe(400);
    expect((await http(mock.url, 'POST', '/v1/runs/batch/cancel', { body: {} })).status).toBe(400);
    expect(
      (await http(mock.url, 'POST', '/v1/runs/batch', { body: { run_ids: Array(101).fill('a') } })).status,
    ).toBe(400);
  });
});

describe('protocol errors', () => {
  it('answers unknown routes with 404 and the envelope', async () => {
    const res = await http(mock.url, 'GET', '/v2/nothing');
    expect(res.status).toBe(404);
    expect((res.json as { error: Json }).error.code).toBe('NOT_FOUND');
  });

  it('answers a body that is not JSON with 400 and a body over the limit with 413', async () => {
    const bad = await http(mock.url, 'POST', '/v1/automation/run-sse', { rawBody: '{"url":' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: { code: 'INVALID_INPUT', message: 'Request body is not valid JSON' } });
    const big = await http(mock.url, 'POST', '/v1/automation/run-sse', {
      body: { ...VALID_BODY, pad: 'x'.repeat(1_100_000) },
    });
    expect(big.status).toBe(413);
    expect((big.json as { error: Json }).error.code).toBe('INVALID_INPUT');
  });

  it('counts requests by endpoint and responses by status in /__mock/stats', async () => {
    await http(mock.url, 'GET', '/v1/runs');
    await http(mock.url, 'GET', '/v1/runs/x');
    const stats = (await http(mock.url, 'GET', '/__mock/stats')).json as Json;
    expect(stats.requests_by_endpoint).toMatchObject({
      'GET /v1/runs': 1,
      'GET /v1/runs/{id}': 1,
      'GET /__mock/stats': 1,
    });
    expect(stats.responses_by_status).toMatchObject({ '200': 1, '404': 1 });
  });

  it('serves the request log and the config over HTTP', async () => {
    await createAsync();
    const log = (await http(mock.url, 'GET', '/__mock/requests')).json as { data: Json[] };
    expect(log.data[0]).toMatchObject({
      seq: 1,
      method: 'POST',
      route: 'POST /v1/automation/run-async',
      status: 200,
    });
    expect(log.data[0]!.run_id).toBeTypeOf('string');
    const config = (await http(mock.url, 'GET', '/__mock/config')).json as Json;
    expect(config).toMatchObject({ seed: 3, strict: true, auth_required: false, concurrency_limit: null });
    expect((config.behaviour as Json).steps).toBe(3);
  });
});

describe('runtime model', () => {
  it('POST /__mock/config replaces the server model (start model + given keys); reset restores it', async () => {
    const set = await http(mock.url, 'POST', '/__mock/config', { body: { model: { steps: 1 } } });
    expect(set.status).toBe(200);
    const events = framesJson(await openSse(mock.url, VALID_BODY).done);
    expect(events.filter((e) => e.type === 'PROGRESS')).toHaveLength(1);
    const bad = await http(mock.url, 'POST', '/__mock/config', { body: { model: { steps: -1 } } });
    expect(bad.status).toBe(400);
    mock.reset();
    const after = framesJson(await openSse(mock.url, VALID_BODY).done);
    expect(after.filter((e) => e.type === 'PROGRESS')).toHaveLength(3);
  });
});
