/** Cancelling, the batch endpoints, protocol errors and the admin endpoints (stats, log, config). */
import { describe, expect, it } from 'vitest';
import {
  createAsync,
  framesJson,
  http,
  type Json,
  openSse,
  RUN_KEYS,
  useStrictMock,
  VALID_BODY,
  waitFor,
} from './helpers.js';

const mock = useStrictMock();

describe('cancel', () => {
  it('cancels a running run, then answers "Run already cancelled" with the same cancelled_at', async () => {
    const id = await createAsync(mock().url, { mock: { step_delay_ms: 5000 } });
    const first = await http(mock().url, 'POST', `/v1/runs/${id}/cancel`);
    expect(first.status).toBe(200);
    const r1 = first.json as Json;
    expect(r1).toMatchObject({ run_id: id, status: 'CANCELLED', message: null });
    expect(r1.cancelled_at).toBeTypeOf('string');
    const again = (await http(mock().url, 'POST', `/v1/runs/${id}/cancel`)).json as Json;
    expect(again).toEqual({
      run_id: id,
      status: 'CANCELLED',
      cancelled_at: r1.cancelled_at,
      message: 'Run already cancelled',
    });
    const run = (await http(mock().url, 'GET', `/v1/runs/${id}`)).json as Json;
    expect(run).toMatchObject({ status: 'CANCELLED', result: null });
    expect(run.finished_at).not.toBeNull();
  });

  it('answers "Run already finished" with the real status for a finished run, 404 for an unknown one', async () => {
    const id = await createAsync(mock().url);
    await waitFor(async () =>
      ((await http(mock().url, 'GET', `/v1/runs/${id}`)).json as Json).status === 'COMPLETED'
        ? true
        : undefined,
    );
    const res = (await http(mock().url, 'POST', `/v1/runs/${id}/cancel`)).json as Json;
    expect(res).toEqual({
      run_id: id,
      status: 'COMPLETED',
      cancelled_at: null,
      message: 'Run already finished',
    });
    expect((await http(mock().url, 'POST', '/v1/runs/nope/cancel')).status).toBe(404);
  });

  it('cancels a PENDING run before it starts: the stream gets only COMPLETE CANCELLED', async () => {
    const stream = openSse(mock().url, { ...VALID_BODY, mock: { started_delay_ms: 5000 } });
    await stream.firstByte;
    const id = await waitFor(() => mock().allGroundTruth()[0]?.run_id);
    await http(mock().url, 'POST', `/v1/runs/${id}/cancel`);
    const events = framesJson(await stream.done);
    expect(events.map((e) => e.type)).toEqual(['COMPLETE']);
    expect(events[0]).toMatchObject({ run_id: id, status: 'CANCELLED' });
  });

  it('cancel mid-stream ends the SSE stream with COMPLETE status CANCELLED', async () => {
    const stream = openSse(mock().url, { ...VALID_BODY, mock: { step_delay_ms: 5000 } });
    await stream.firstByte;
    const id = await waitFor(() => {
      const truth = mock().allGroundTruth()[0];
      return truth?.events.some((e) => e.type === 'STREAMING_URL') ? truth.run_id : undefined;
    });
    const cancelled = (await http(mock().url, 'POST', `/v1/runs/${id}/cancel`)).json as Json;
    const cap = await stream.done;
    expect(cap.ending).toBe('end');
    const events = framesJson(cap);
    expect(events.map((e) => e.type)).toEqual(['STARTED', 'STREAMING_URL', 'COMPLETE']);
    expect(events.at(-1)).toMatchObject({
      status: 'CANCELLED',
      result: null,
      timestamp: cancelled.cancelled_at,
    });
    expect(mock().groundTruth(id)?.response.end_reason).toBe('complete');
  });
});

describe('batch endpoints', () => {
  it('run-batch creates every run atomically; runs/batch fetches them; runs/batch/cancel cancels them', async () => {
    const created = await http(mock().url, 'POST', '/v1/automation/run-batch', {
      body: { runs: [VALID_BODY, { ...VALID_BODY, goal: 'Second' }], mock: { step_delay_ms: 5000 } },
    });
    expect(created.status).toBe(200);
    const { run_ids, error } = created.json as { run_ids: string[]; error: null };
    expect(error).toBeNull();
    expect(run_ids).toHaveLength(2);

    const fetched = (
      await http(mock().url, 'POST', '/v1/runs/batch', { body: { run_ids: [...run_ids, 'missing'] } })
    ).json as {
      data: Json[];
      not_found: string[] | null;
    };
    expect(fetched.data.map((r) => r.run_id)).toEqual(run_ids);
    expect(Object.keys(fetched.data[0]!).sort()).toEqual(RUN_KEYS);
    expect(fetched.not_found).toEqual(['missing']);

    const cancel = (await http(mock().url, 'POST', '/v1/runs/batch/cancel', { body: { run_ids } })).json as {
      results: Json[];
      not_found: string[] | null;
    };
    expect(cancel.not_found).toBeNull();
    expect(cancel.results.map((r) => [r.run_id, r.status, r.message])).toEqual(
      run_ids.map((id) => [id, 'CANCELLED', null]),
    );
    const again = (await http(mock().url, 'POST', '/v1/runs/batch/cancel', { body: { run_ids } })).json as {
      results: Json[];
    };
    expect(again.results.map((r) => r.message)).toEqual(['Run already cancelled', 'Run already cancelled']);
  });

  it('rejects an invalid item of run-batch without creating any run, and bad run_ids lists', async () => {
    const res = await http(mock().url, 'POST', '/v1/automation/run-batch', {
      body: { runs: [VALID_BODY, { goal: 'no url' }] },
    });
    expect(res.status).toBe(400);
    expect((res.json as { error: Json }).error.message).toContain('"runs.1.url"');
    expect(mock().stats().runs_created).toBe(0);
    expect((await http(mock().url, 'POST', '/v1/runs/batch', { body: { run_ids: [] } })).status).toBe(400);
    expect((await http(mock().url, 'POST', '/v1/runs/batch/cancel', { body: {} })).status).toBe(400);
    expect(
      (await http(mock().url, 'POST', '/v1/runs/batch', { body: { run_ids: Array(101).fill('a') } })).status,
    ).toBe(400);
  });
});

describe('protocol errors', () => {
  it('answers unknown routes with 404 and the envelope', async () => {
    const res = await http(mock().url, 'GET', '/v2/nothing');
    expect(res.status).toBe(404);
    expect((res.json as { error: Json }).error.code).toBe('NOT_FOUND');
  });

  it('answers a body that is not JSON with 400 and a body over the limit with 413', async () => {
    const bad = await http(mock().url, 'POST', '/v1/automation/run-sse', { rawBody: '{"url":' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: { code: 'INVALID_INPUT', message: 'Request body is not valid JSON' } });
    const big = await http(mock().url, 'POST', '/v1/automation/run-sse', {
      body: { ...VALID_BODY, pad: 'x'.repeat(1_100_000) },
    });
    expect(big.status).toBe(413);
    expect((big.json as { error: Json }).error.code).toBe('INVALID_INPUT');
  });

  it('counts requests by endpoint and responses by status in /__mock/stats', async () => {
    await http(mock().url, 'GET', '/v1/runs');
    await http(mock().url, 'GET', '/v1/runs/x');
    const stats = (await http(mock().url, 'GET', '/__mock/stats')).json as Json;
    expect(stats.requests_by_endpoint).toMatchObject({
      'GET /v1/runs': 1,
      'GET /v1/runs/{id}': 1,
      'GET /__mock/stats': 1,
    });
    expect(stats.responses_by_status).toMatchObject({ '200': 1, '404': 1 });
  });

  it('serves the request log and the config over HTTP', async () => {
    await createAsync(mock().url);
    const log = (await http(mock().url, 'GET', '/__mock/requests')).json as { data: Json[] };
    expect(log.data[0]).toMatchObject({
      seq: 1,
      method: 'POST',
      route: 'POST /v1/automation/run-async',
      status: 200,
    });
    expect(log.data[0]!.run_id).toBeTypeOf('string');
    const config = (await http(mock().url, 'GET', '/__mock/config')).json as Json;
    expect(config).toMatchObject({ seed: 3, strict: true, auth_required: false, concurrency_limit: null });
    expect((config.behaviour as Json).steps).toBe(3);
  });
});

describe('runtime model', () => {
  it('POST /__mock/config replaces the server model (start model + given keys); reset restores it', async () => {
    const set = await http(mock().url, 'POST', '/__mock/config', { body: { model: { steps: 1 } } });
    expect(set.status).toBe(200);
    const events = framesJson(await openSse(mock().url, VALID_BODY).done);
    expect(events.filter((e) => e.type === 'PROGRESS')).toHaveLength(1);
    const bad = await http(mock().url, 'POST', '/__mock/config', { body: { model: { steps: -1 } } });
    expect(bad.status).toBe(400);
    mock().reset();
    const after = framesJson(await openSse(mock().url, VALID_BODY).done);
    expect(after.filter((e) => e.type === 'PROGRESS')).toHaveLength(3);
  });
});
