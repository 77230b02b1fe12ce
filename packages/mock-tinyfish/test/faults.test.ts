import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { FAST_MODEL, FAST_MODEL_EVENTS, framesJson, http, openSse, VALID_BODY, waitFor } from './helpers.js';

let mock: MockTinyFish;
beforeAll(async () => {
  mock = await startMockTinyFish({ seed: 11, strict: true, model: FAST_MODEL });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

type Json = Record<string, unknown>;
const CREATE_PATHS = ['/v1/automation/run-sse', '/v1/automation/run', '/v1/automation/run-async'];

/** An SSE run of the valid body with these per-request `mock` settings, read to its end. */
const streamWith = (settings: Record<string, unknown>) =>
  openSse(mock.url, { ...VALID_BODY, mock: settings }).done;

describe('HTTP-level faults (no run is created)', () => {
  it('rate_limit: 429 RATE_LIMIT_EXCEEDED with Retry-After seconds and error.retry_after, on every creation endpoint', async () => {
    for (const path of CREATE_PATHS) {
      const res = await http(mock.url, 'POST', path, {
        body: { ...VALID_BODY, mock: { fault: 'rate_limit', retry_after_s: 3 } },
      });
      expect(res.status, path).toBe(429);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.json).toEqual({
        error: {
          code: 'RATE_LIMIT_EXCEEDED',
          message: 'Rate limit exceeded. Retry after 3 seconds.',
          retry_after: 3,
        },
      });
    }
    expect(mock.stats().runs_created).toBe(0);
    expect(mock.stats().faults).toEqual({ rate_limit: 3 });
  });

  it('service_busy: 503 SERVICE_BUSY with Retry-After', async () => {
    const res = await http(mock.url, 'POST', '/v1/automation/run-sse', {
      body: { ...VALID_BODY, mock: { fault: 'service_busy', retry_after_s: 2 } },
    });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect((res.json as { error: Json }).error).toMatchObject({ code: 'SERVICE_BUSY', retry_after: 2 });
  });

  it('insufficient_credits: 403 INSUFFICIENT_CREDITS', async () => {
    const res = await http(mock.url, 'POST', '/v1/automation/run-async', {
      body: { ...VALID_BODY, mock: { fault: 'insufficient_credits' } },
    });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: { code: 'INSUFFICIENT_CREDITS', message: 'Insufficient credits or no active subscription' },
    });
  });

  it('internal_error: 500 envelope on sse/async, 500 run-shaped body with run_id null on /run', async () => {
    const sse = await http(mock.url, 'POST', '/v1/automation/run-sse', {
      body: { ...VALID_BODY, mock: { fault: 'internal_error' } },
    });
    expect(sse.status).toBe(500);
    expect(sse.json).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } });
    const sync = await http(mock.url, 'POST', '/v1/automation/run', {
      body: { ...VALID_BODY, mock: { fault: 'internal_error' } },
    });
    expect(sync.status).toBe(500);
    expect(sync.json).toMatchObject({
      run_id: null,
      status: 'FAILED',
      started_at: null,
      num_of_steps: 0,
      result: null,
    });
  });

  it('fault_limit applies a forced fault to the first N requests of its key only (a retry then succeeds)', async () => {
    const body = { ...VALID_BODY, mock: { fault: 'rate_limit', fault_limit: 2, fault_key: 'retry-test' } };
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await http(mock.url, 'POST', '/v1/automation/run-async', { body })).status);
    expect(statuses).toEqual([429, 429, 200]);
    // Without fault_key the whole mock object is the key.
    const anon = { ...VALID_BODY, mock: { fault: 'service_busy', fault_limit: 1 } };
    expect((await http(mock.url, 'POST', '/v1/automation/run-async', { body: anon })).status).toBe(503);
    expect((await http(mock.url, 'POST', '/v1/automation/run-async', { body: anon })).status).toBe(200);
  });

  it('fault_probabilities draws faults at roughly the configured rate', async () => {
    const body = { ...VALID_BODY, mock: { fault_probabilities: { rate_limit: 0.3 }, step_delay_ms: 0 } };
    let limited = 0;
    for (let i = 0; i < 200; i++) {
      if ((await http(mock.url, 'POST', '/v1/automation/run-async', { body })).status === 429) limited++;
    }
    // Binomial(200, 0.3): mean 60, sd ~6.5.
    expect(limited).toBeGreaterThan(35);
    expect(limited).toBeLessThan(85);
  });
});

describe('stream faults', () => {
  it('hang_after_headers: 200 and SSE headers, then no bytes; the run goes on server-side', async () => {
    const stream = openSse(mock.url, {
      ...VALID_BODY,
      mock: { fault: 'hang_after_headers', heartbeat_interval_ms: 10 },
    });
    await stream.firstByte;
    const truth = await waitFor(() => {
      const t = mock.allGroundTruth()[0];
      return t?.status === 'COMPLETED' ? t : undefined;
    });
    await new Promise((r) => setTimeout(r, 50));
    stream.abort();
    const cap = await stream.done;
    expect(cap.status).toBe(200);
    expect(cap.headers['content-type']).toBe('text/event-stream');
    expect(cap.raw).toBe('');
    expect(truth.events.every((e) => !e.written)).toBe(true);
    expect(truth.events.some((e) => e.type === 'HEARTBEAT')).toBe(false);
    const run = (await http(mock.url, 'GET', `/v1/runs/${truth.run_id}`)).json as Json;
    expect(run.status).toBe('COMPLETED');
    await waitFor(() =>
      mock.groundTruth(truth.run_id)?.response.end_reason === 'client_closed' ? true : undefined,
    );
  });

  it('hang_after_headers on /run and run-async: headers, then nothing', async () => {
    for (const path of ['/v1/automation/run', '/v1/automation/run-async']) {
      mock.reset();
      const controller = new AbortController();
      const res = await fetch(`${mock.url}${path}`, {
        method: 'POST',
        body: JSON.stringify({ ...VALID_BODY, mock: { fault: 'hang_after_headers' } }),
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const read = reader.read();
      const outcome = await Promise.race([
        read.then(() => 'data'),
        new Promise((r) => setTimeout(() => r('silence'), 250)),
      ]);
      expect(outcome, path).toBe('silence');
      controller.abort();
      await read.catch(() => undefined);
    }
  });

  it('drop_mid_stream: N events, then the connection breaks without COMPLETE; GET gives the real outcome', async () => {
    const cap = await streamWith({ fault: 'drop_mid_stream', drop_after_events: 3 });
    expect(cap.ending).toBe('error');
    const events = framesJson(cap);
    expect(events.map((e) => e.type)).toEqual(['STARTED', 'STREAMING_URL', 'PROGRESS']);
    const id = events[0]!.run_id as string;
    expect(mock.groundTruth(id)?.response.end_reason).toBe('dropped');
    const run = await waitFor(async () => {
      const r = (await http(mock.url, 'GET', `/v1/runs/${id}`)).json as Json;
      return r.status === 'COMPLETED' ? r : undefined;
    });
    expect(run.num_of_steps).toBe(3);
    const truth = mock.groundTruth(id)!;
    expect(truth.events.filter((e) => e.written).map((e) => e.type)).toEqual([
      'STARTED',
      'STREAMING_URL',
      'PROGRESS',
    ]);
    expect(truth.events.at(-1)).toMatchObject({ type: 'COMPLETE', written: false });
  });

  it('drop_mid_stream drops before COMPLETE even when the stream is shorter than N', async () => {
    const cap = await streamWith({ fault: 'drop_mid_stream', drop_after_events: 50 });
    expect(cap.ending).toBe('error');
    expect(framesJson(cap).map((e) => e.type)).not.toContain('COMPLETE');
  });

  it('drop_mid_stream on run-async: the run exists but the response never comes', async () => {
    await expect(
      http(mock.url, 'POST', '/v1/automation/run-async', {
        body: { ...VALID_BODY, mock: { fault: 'drop_mid_stream' } },
      }),
    ).rejects.toThrow();
    expect(mock.stats().runs_created).toBe(1);
  });

  it('malformed_frame: one data line of broken JSON after N events, then the stream goes on to COMPLETE', async () => {
    const cap = await streamWith({ fault: 'malformed_frame', malformed_after_events: 2 });
    expect(cap.ending).toBe('end');
    const texts = cap.frames.map((f) => f.text);
    expect(texts).toHaveLength(7);
    expect(texts[2]).toMatch(/^data: \{"type":"PROGRESS",[^\n]*$/);
    expect(() => JSON.parse(texts[2]!.slice(6))).toThrow();
    const good = texts.filter((_, i) => i !== 2).map((t) => JSON.parse(t.slice(6)) as Json);
    expect(good.map((e) => e.type)).toEqual(FAST_MODEL_EVENTS);
    const truth = mock.groundTruth(good[0]!.run_id as string)!;
    expect(truth.events.map((e) => e.type)[2]).toBe('MALFORMED_FRAME');
    expect(truth.events[2]!.written).toBe(true);
  });

  it('runaway_line: one data line of runaway_line_bytes, then the stream goes on to COMPLETE', async () => {
    const bytes = 300_000;
    const cap = await streamWith({
      fault: 'runaway_line',
      runaway_after_events: 1,
      runaway_line_bytes: bytes,
    });
    expect(cap.ending).toBe('end');
    const long = cap.frames[1]!.text;
    expect(long.length).toBe(bytes);
    expect(long).not.toContain('\n');
    expect(JSON.parse(long.slice(6))).toMatchObject({ type: 'TF_API_RESULT', tinyfish_api: 'fetch' });
    expect(framesJson(cap).at(-1)?.type).toBe('COMPLETE');
    const truth = mock.groundTruth(framesJson(cap)[0]!.run_id as string)!;
    expect(truth.events[1]).toMatchObject({ type: 'RUNAWAY_LINE', written: true, bytes: bytes + 2 });
  });

  it('client disconnect: the run goes on and the ground truth says client_closed', async () => {
    const stream = openSse(mock.url, { ...VALID_BODY, mock: { step_delay_ms: 40 } });
    const id = await waitFor(
      () =>
        mock.allGroundTruth()[0]?.events.find((e) => e.type === 'STARTED') &&
        mock.allGroundTruth()[0]!.run_id,
    );
    stream.abort();
    await waitFor(() => (mock.groundTruth(id)?.status === 'COMPLETED' ? true : undefined));
    const truth = mock.groundTruth(id)!;
    expect(truth.response.end_reason).toBe('client_closed');
    expect(truth.events.at(-1)).toMatchObject({ type: 'COMPLETE', written: false });
  });
});
