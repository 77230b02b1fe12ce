/** The run endpoints: blocking runs, async runs and GET /v1/runs/{id}, and the run list. */
import { describe, expect, it } from 'vitest';
import {
  createAsync,
  http,
  type Json,
  RUN_KEYS,
  SYNC_KEYS,
  useStrictMock,
  VALID_BODY,
  waitFor,
} from './helpers.js';

const mock = useStrictMock();

describe('POST /v1/automation/run (blocking)', () => {
  it('answers 200 with the 8-key body once the run completed', async () => {
    const res = await http(mock().url, 'POST', '/v1/automation/run', { body: VALID_BODY });
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
    const r500 = await http(mock().url, 'POST', '/v1/automation/run', {
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
    const r200 = await http(mock().url, 'POST', '/v1/automation/run', {
      body: { ...VALID_BODY, mock: { outcome: 'FAILED', failure, sync_failure_status: 200 } },
    });
    expect(r200.status).toBe(200);
    expect((r200.json as Json).status).toBe('FAILED');
  });

  it('serves a CANCELLED outcome as FAILED with code "cancelled" (the blocking status enum has no CANCELLED)', async () => {
    const res = await http(mock().url, 'POST', '/v1/automation/run', {
      body: { ...VALID_BODY, mock: { outcome: 'CANCELLED', sync_failure_status: 200 } },
    });
    expect(res.json).toMatchObject({ status: 'FAILED', error: { code: 'cancelled' } });
  });

  it('fails with max_steps_exceeded when agent_config.max_steps is below the planned steps', async () => {
    const res = await http(mock().url, 'POST', '/v1/automation/run', {
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
    const res = await http(mock().url, 'POST', '/v1/automation/run', {
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
    const id = await createAsync(mock().url, { mock: { started_delay_ms: 60, step_delay_ms: 60 } });
    const first = (await http(mock().url, 'GET', `/v1/runs/${id}`)).json as Json;
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
      const run = (await http(mock().url, 'GET', `/v1/runs/${id}`)).json as Json;
      return run.status === 'RUNNING' ? run : undefined;
    });
    expect(running.started_at).not.toBeNull();
    expect(running.num_of_steps).toBeNull();
    const done = await waitFor(async () => {
      const run = (await http(mock().url, 'GET', `/v1/runs/${id}`)).json as Json;
      return run.status === 'COMPLETED' ? run : undefined;
    });
    expect(done).toMatchObject({ num_of_steps: 3, error: null, goal: VALID_BODY.goal });
    expect(done.finished_at).not.toBeNull();
    expect(done.streaming_url).toBe(`${mock().url}/stream/${id}`);
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
    const id = await createAsync(mock().url, {
      proxy_config: { enabled: true, country_code: 'DE' },
      capture_config: { recording: true },
    });
    const run = await waitFor(async () => {
      const r = (await http(mock().url, 'GET', `/v1/runs/${id}?screenshots=base64`)).json as Json;
      return r.status === 'COMPLETED' ? r : undefined;
    });
    expect((run.steps as Json[])[0]!.screenshot).toMatch(/^data:image\/jpeg;base64,/);
    expect(run.browser_config).toEqual({ proxy_enabled: true, proxy_country_code: 'DE' });
    expect(run.video_url).toMatch(/^https:\/\//);
  });

  it('answers 404 NOT_FOUND for unknown or malformed ids and 400 for a bad screenshots value', async () => {
    const unknown = await http(mock().url, 'GET', '/v1/runs/does-not-exist');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      error: { code: 'NOT_FOUND', message: 'Run not found or not owned by this API key' },
    });
    expect((await http(mock().url, 'GET', '/v1/runs/bad%20id')).status).toBe(404);
    const id = await createAsync(mock().url);
    const bad = await http(mock().url, 'GET', `/v1/runs/${id}?screenshots=png`);
    expect(bad.status).toBe(400);
    expect((bad.json as { error: Json }).error.code).toBe('INVALID_INPUT');
  });
});

describe('GET /v1/runs', () => {
  it('lists summaries (no video_url, no steps) newest first with total and keyset pagination', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createAsync(mock().url, { goal: `Find item ${i}` }));
    const page1 = (await http(mock().url, 'GET', '/v1/runs?limit=2')).json as {
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
      const page = (await http(mock().url, 'GET', `/v1/runs?limit=2&cursor=${encodeURIComponent(cursor)}`))
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
      seen.map(async (id) => ((await http(mock().url, 'GET', `/v1/runs/${id}`)).json as Json).created_at),
    );
    expect(createdAt).toEqual([...createdAt].sort().reverse());
  });

  it('filters by status, goal substring (case-insensitive), time window and sorts ascending', async () => {
    await createAsync(mock().url, { goal: 'Read the NEWS headlines' });
    const failedId = await createAsync(mock().url, { goal: 'Other task', mock: { outcome: 'FAILED' } });
    await waitFor(async () =>
      ((await http(mock().url, 'GET', `/v1/runs/${failedId}`)).json as Json).status === 'FAILED'
        ? true
        : undefined,
    );
    const byGoal = (await http(mock().url, 'GET', '/v1/runs?goal=news')).json as {
      data: Json[];
      pagination: Json;
    };
    expect(byGoal.data.map((r) => r.goal)).toEqual(['Read the NEWS headlines']);
    const byStatus = (await http(mock().url, 'GET', '/v1/runs?status=FAILED')).json as { data: Json[] };
    expect(byStatus.data.map((r) => r.run_id)).toEqual([failedId]);
    const future = new Date(Date.now() + 60_000).toISOString();
    const none = (await http(mock().url, 'GET', `/v1/runs?created_after=${future}`)).json as {
      data: Json[];
      pagination: Json;
    };
    expect(none.pagination.total).toBe(0);
    const asc = (await http(mock().url, 'GET', '/v1/runs?sort_direction=asc')).json as { data: Json[] };
    expect(asc.data[0]!.goal).toBe('Read the NEWS headlines');
  });

  it.each([
    ['status', 'status=DONE'],
    ['limit', 'limit=0'],
    ['limit', 'limit=101'],
    ['sort_direction', 'sort_direction=up'],
    ['created_after', 'created_after=yesterday'],
    ['cursor', 'cursor=%25%25'],
    ['goal', `goal=${'x'.repeat(501)}`],
  ])(
    'rejects bad filters with 400 INVALID_INPUT naming the parameter: %s (case %#)',
    async (field, query) => {
      const res = await http(mock().url, 'GET', `/v1/runs?${query}`);
      expect(res.status).toBe(400);
      const error = (res.json as { error: Json }).error;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(`"${field}"`);
    },
  );
});
