import { describe, expect, it } from 'vitest';
import { createTinyFishProvider } from '../src/index.js';
import { API_KEY, collector, fixed, inputs, quickModel, requestsTo, useMock } from './helpers.js';

const { mock, provider, run } = useMock();

describe('SSE mode against the mock', () => {
  it('measures a completed run and derives every metric from the timeline', async () => {
    const c = collector();
    const outcome = await run({ heartbeat_interval_ms: 25 }, { onEvent: c.onEvent });
    expect(outcome.status).toBe('completed');
    expect(outcome.error).toBeNull();
    expect(c.types().filter((t) => t !== 'HEARTBEAT')).toEqual([
      'STARTED',
      'STREAMING_URL',
      'PROGRESS',
      'PROGRESS',
      'PROGRESS',
      'COMPLETE',
    ]);
    expect(c.events.map((e) => e.seq)).toEqual(c.events.map((_, i) => i + 1));
    expect(c.events.every((e) => e.source === 'upstream' && e.server_timestamp !== null)).toBe(true);
    const at = (type: string) => c.of(type).map((e) => e.at_ms);
    const m = outcome.metrics;
    expect(m.time_to_started_ms).toBe(at('STARTED')[0]);
    expect(m.time_to_streaming_url_ms).toBe(at('STREAMING_URL')[0]);
    expect(m.ttft_ms).toBe(at('PROGRESS')[0]);
    expect(m.total_duration_ms).toBe(at('COMPLETE')[0]);
    expect(m.steps).toBe(3);
    expect(m.heartbeats).toBe(c.of('HEARTBEAT').length);
    expect(m.heartbeats).toBeGreaterThanOrEqual(3);
    const [p1, p2, p3] = at('PROGRESS') as [number, number, number];
    const complete = at('COMPLETE')[0] as number;
    expect(m.inter_token_stats?.count).toBe(3);
    expect(m.inter_token_stats?.min).toBeCloseTo(Math.min(p2 - p1, p3 - p2, complete - p3), 3);
    expect(m.inter_token_stats?.max).toBeCloseTo(Math.max(p2 - p1, p3 - p2, complete - p3), 3);
    expect(m.time_to_headers_ms).toBeLessThanOrEqual(m.time_to_started_ms as number);
    expect(m.retry_wait_ms).toBe(0);
    expect(m.num_of_steps).toBeNull();
    expect(m.event_loop_delay_ms?.samples).toBeGreaterThan(0);
    // The server's own clock: STARTED -> COMPLETE, planned at 10 + 3 x 30 + 30 = 130 ms, as
    // the mock recorded it (its ISO timestamps are truncated to the millisecond).
    const truth = mock().groundTruth(outcome.upstream_run_id as string);
    const truthAt = (type: string) => truth?.events.find((e) => e.type === type)?.epoch_ms as number;
    expect(m.server_duration_ms).toBeGreaterThan(100);
    expect(
      Math.abs((m.server_duration_ms as number) - (truthAt('COMPLETE') - truthAt('STARTED'))),
    ).toBeLessThanOrEqual(1);
    expect(outcome).toMatchObject({
      provider: 'tinyfish',
      mode: 'sse',
      metric_definitions: 'tfbench-metrics/1',
      upstream_status: 'COMPLETED',
      reconciled: false,
      upstream_cancel: null,
      event_count: c.events.length,
    });
    expect(outcome.upstream_run_id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(outcome.streaming_url).toContain(outcome.upstream_run_id);
    const asked = await provider().reconcile(outcome.upstream_run_id as string);
    expect(asked).toMatchObject({ state: 'terminal', status: 'completed', upstream_status: 'COMPLETED' });
    expect(asked.state === 'terminal' && asked.result).toEqual(outcome.result);
    expect(outcome.result).not.toBeNull();
    expect(outcome.response_json).toMatchObject({ type: 'COMPLETE', status: 'COMPLETED' });
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.attempts[0]).toMatchObject({ attempt: 1, at_ms: 0, http_status: 200, error_code: null });
  });

  it('reports a FAILED run with the run-level error (object form)', async () => {
    const c = collector();
    const outcome = await provider().execute({
      inputs: inputs(
        quickModel({
          outcome: 'FAILED',
          complete_error_format: 'object',
          failure: {
            code: 'site_blocked',
            message: 'The site blocked the agent',
            category: 'AGENT_FAILURE',
            retry_after: null,
          },
        }),
      ),
      onEvent: c.onEvent,
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({
      code: 'SITE_BLOCKED',
      http_status: 200,
      upstream_code: 'site_blocked',
      upstream_message: 'The site blocked the agent',
      category: 'AGENT_FAILURE',
    });
    expect(outcome.upstream_status).toBe('FAILED');
    // The final gap (last PROGRESS -> COMPLETE) counts on failed runs too.
    expect(outcome.metrics.inter_token_stats?.count).toBe(3);
  });

  it('reports a FAILED run with the error as a string and help fields beside it', async () => {
    const outcome = await provider().execute({
      inputs: inputs(
        quickModel({
          outcome: 'FAILED',
          complete_error_format: 'string',
          failure: {
            code: 'x',
            message: 'Browser crashed during execution',
            category: 'SYSTEM_FAILURE',
            retry_after: 60,
            help_url: 'https://docs.tinyfish.ai/prompting-guide',
          },
        }),
      ),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({
      code: 'RUN_FAILED',
      upstream_message: 'Browser crashed during execution',
      details: { help_url: 'https://docs.tinyfish.ai/prompting-guide' },
    });
  });

  it('reads the camelCase spelling over CRLF line ends', async () => {
    const c = collector();
    const outcome = await run(
      { spelling: 'camel', line_ending: 'crlf', result: { plans: ['Pro'] } },
      { onEvent: c.onEvent },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.upstream_run_id).not.toBeNull();
    expect(outcome.streaming_url).not.toBeNull();
    expect(outcome.result).toEqual({ plans: ['Pro'] });
    expect(c.of('STARTED')[0]?.payload.runId).toBe(outcome.upstream_run_id);
  });

  it('keeps TF_API_RESULT events in the timeline without counting them as steps', async () => {
    const c = collector();
    const outcome = await run({ tf_api_results: 1 }, { onEvent: c.onEvent });
    expect(outcome.status).toBe('completed');
    expect(c.of('TF_API_RESULT')).toHaveLength(1);
    expect(outcome.metrics.steps).toBe(3);
  });

  it('ends with CANCELLED when the run is cancelled upstream mid-stream', async () => {
    const c = collector();
    let cancelled: Promise<unknown> | null = null;
    const outcome = await run(
      { steps: 5, step_delay_ms: fixed(100) },
      {
        onEvent: (event) => {
          c.onEvent(event);
          if (event.type === 'PROGRESS' && cancelled === null) {
            cancelled = provider().cancel(String(event.payload.run_id));
          }
        },
      },
    );
    expect(await cancelled).toMatchObject({ state: 'cancelled', upstream_status: 'CANCELLED' });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error?.code).toBe('CANCELLED');
    expect(outcome.upstream_status).toBe('CANCELLED');
    expect(outcome.metrics.steps).toBe(1);
  });

  it('turns a malformed frame into a protocol-error event and carries on', async () => {
    const c = collector();
    const outcome = await run(
      { fault: 'malformed_frame', malformed_after_events: 2 },
      { onEvent: c.onEvent },
    );
    expect(outcome.status).toBe('completed');
    const [protocolError] = c.of('STREAM_PROTOCOL_ERROR');
    expect(protocolError).toMatchObject({ source: 'client', payload: { reason: 'invalid_json' } });
    expect(String(protocolError?.payload.raw)).toContain('Reading the pa');
    expect(outcome.metrics.steps).toBe(3);
  });

  it('drops a runaway line at the cap without buffering it and carries on', async () => {
    const capped = createTinyFishProvider({
      baseUrl: mock().url,
      apiKey: API_KEY,
      mock: true,
      maxLineBytes: 64 * 1024,
    });
    try {
      const c = collector();
      const outcome = await capped.execute({
        inputs: inputs(quickModel({ fault: 'runaway_line', runaway_line_bytes: 3 * 1024 * 1024 })),
        onEvent: c.onEvent,
      });
      expect(outcome.status).toBe('completed');
      expect(c.of('STREAM_PROTOCOL_ERROR')[0]?.payload).toMatchObject({
        reason: 'line_too_long',
        limit: 64 * 1024,
      });
      expect(c.of('TF_API_RESULT')).toHaveLength(0);
    } finally {
      await capped.close();
    }
  });

  it('settles a dropped stream by asking GET /v1/runs/{id}, never by POSTing again', async () => {
    const c = collector();
    const outcome = await run(
      { fault: 'drop_mid_stream', drop_after_events: 3 },
      { settings: { poll_interval_ms: 20 }, onEvent: c.onEvent },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.reconciled).toBe(true);
    expect(outcome.result).not.toBeNull();
    expect(outcome.metrics.num_of_steps).toBe(3);
    expect(c.types().slice(0, 3)).toEqual(['STARTED', 'STREAMING_URL', 'PROGRESS']);
    expect(c.of('STREAM_BROKEN')).toHaveLength(1);
    expect(c.of('STATUS').at(-1)?.payload.status).toBe('COMPLETED');
    expect(outcome.warnings.join(' ')).toContain('GET /v1/runs/{id}');
    expect(requestsTo(mock(), 'POST /v1/automation/run-sse')).toHaveLength(1);
    expect(requestsTo(mock(), 'GET /v1/runs/{id}').length).toBeGreaterThanOrEqual(1);
    // No COMPLETE arrived, so the final gap is missing: 1 PROGRESS gives no gap at all.
    expect(outcome.metrics.inter_token_stats?.count).toBe(0);
  });

  it('times out with IDLE_TIMEOUT on a stream that hangs after its headers', async () => {
    const outcome = await run({ fault: 'hang_after_headers' }, { settings: { idle_timeout_ms: 150 } });
    expect(outcome.status).toBe('timeout');
    expect(outcome.error?.code).toBe('IDLE_TIMEOUT');
    expect(outcome.metrics.total_duration_ms).toBeGreaterThanOrEqual(150);
    expect(outcome.metrics.total_duration_ms).toBeLessThan(1000);
    // No STARTED ever came, so there is no run id to cancel.
    expect(outcome.upstream_cancel).toBeNull();
    expect(outcome.warnings.join(' ')).toContain('could not be cancelled upstream');
  });

  it('counts heartbeats as activity for the idle timer, and cancels upstream on IDLE_TIMEOUT', async () => {
    const kept = await run(
      { steps: 2, step_delay_ms: fixed(400), heartbeat_interval_ms: 50 },
      { settings: { idle_timeout_ms: 200 } },
    );
    expect(kept.status).toBe('completed');

    const idle = await run(
      { steps: 2, step_delay_ms: fixed(3000), heartbeat_interval_ms: 0 },
      { settings: { idle_timeout_ms: 200 } },
    );
    expect(idle.status).toBe('timeout');
    expect(idle.error?.code).toBe('IDLE_TIMEOUT');
    expect(idle.upstream_cancel).toMatchObject({ state: 'cancelled', reason: 'timeout' });
    expect(mock().groundTruth(idle.upstream_run_id as string)?.status).toBe('CANCELLED');
  });

  it('times out with TOTAL_TIMEOUT and cancels upstream', async () => {
    const called = performance.now();
    const outcome = await run(
      { steps: 10, step_delay_ms: fixed(100), heartbeat_interval_ms: 20 },
      { settings: { timeout_s: 0.3 } },
    );
    const elapsed = performance.now() - called;
    expect(outcome.status).toBe('timeout');
    expect(outcome.error?.code).toBe('TOTAL_TIMEOUT');
    // The budget is spent in full. It starts when the run does, and the duration at the
    // client's t0, right before the request is written: on a loaded machine t0 comes some
    // milliseconds into the budget, so the duration alone may read a little under it.
    expect(elapsed).toBeGreaterThanOrEqual(299);
    expect(outcome.metrics.total_duration_ms).toBeLessThanOrEqual(elapsed);
    expect(outcome.metrics.total_duration_ms).toBeGreaterThan(200);
    expect(outcome.metrics.total_duration_ms).toBeLessThan(1000);
    expect(outcome.upstream_cancel).toMatchObject({ state: 'cancelled', reason: 'timeout' });
    expect(mock().groundTruth(outcome.upstream_run_id as string)?.status).toBe('CANCELLED');
    // The gaps seen before the timeout are kept; there is no final gap.
    expect(outcome.metrics.inter_token_stats?.count).toBe((outcome.metrics.steps as number) - 1);
  });

  it('ends with status cancelled on abort and cancels the run upstream', async () => {
    const controller = new AbortController();
    const outcome = await run(
      { steps: 10, step_delay_ms: fixed(100) },
      {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'PROGRESS') controller.abort();
        },
      },
    );
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error).toMatchObject({
      code: 'CANCELLED',
      message: 'the run was cancelled by the caller',
    });
    expect(outcome.upstream_cancel).toMatchObject({ state: 'cancelled', reason: 'abort' });
    expect(mock().groundTruth(outcome.upstream_run_id as string)?.status).toBe('CANCELLED');
    expect(outcome.metrics.steps).toBe(1);
  });

  it('does not send anything when aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await provider().execute({ inputs: inputs(), signal: controller.signal });
    expect(outcome).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' }, attempts: [] });
    expect(mock().requests()).toHaveLength(0);
  });
});
