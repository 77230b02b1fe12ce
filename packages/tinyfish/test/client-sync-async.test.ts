import type { RunOutcome } from '@tfbench/domain/provider';
import { describe, expect, it } from 'vitest';
import { collector, fixed, inputs, quickModel, requestsTo, useMock } from './helpers.js';

const { mock, provider, run } = useMock();

/** A timeout of `code` that left the upstream run uncancelled, and a warning that says so. */
function expectUncancelledTimeout(outcome: RunOutcome, code: string, warning: string): void {
  expect(outcome).toMatchObject({ status: 'timeout', error: { code }, upstream_cancel: null });
  expect(outcome.warnings.join(' ')).toContain(warning);
}

describe('sync mode against the mock', () => {
  it('reads a completed /run body', async () => {
    const c = collector();
    const outcome = await run(
      { result: { title: 'Example Domain' } },
      { settings: { mode: 'sync' }, onEvent: c.onEvent },
    );
    expect(outcome).toMatchObject({
      status: 'completed',
      mode: 'sync',
      upstream_status: 'COMPLETED',
      result: { title: 'Example Domain' },
      response_json: { status: 'COMPLETED', num_of_steps: 3 },
    });
    expect(c.types()).toEqual(['RESPONSE']);
    const m = outcome.metrics;
    expect(m.num_of_steps).toBe(3);
    expect(m.total_duration_ms).toBe(c.events[0]?.at_ms);
    // Streaming figures do not exist in this mode: null, not 0.
    expect([m.ttft_ms, m.inter_token_stats, m.steps, m.heartbeats, m.time_to_started_ms]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(m.server_duration_ms).toBeGreaterThanOrEqual(125);
    // The blocking call sends its headers only with the result.
    expect(m.time_to_headers_ms).toBeGreaterThanOrEqual(150);
  });

  it('reads a FAILED run the same whether it comes as HTTP 500 or 200', async () => {
    for (const sync_failure_status of [500, 200] as const) {
      const outcome = await provider().execute({
        inputs: inputs(
          quickModel({
            outcome: 'FAILED',
            sync_failure_status,
            failure: {
              code: 'task_failed',
              message: 'Nothing found',
              category: 'AGENT_FAILURE',
              retry_after: null,
            },
          }),
        ),
        settings: { mode: 'sync' },
      });
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatchObject({
        code: 'TASK_FAILED',
        http_status: sync_failure_status,
        upstream_message: 'Nothing found',
      });
      expect(outcome.metrics.num_of_steps).toBe(3);
      expect(outcome.attempts).toHaveLength(1);
    }
  });

  it('is not bounded by the headers timeout, only by the total one', async () => {
    const slow = await run(
      { step_delay_ms: fixed(100) },
      { settings: { mode: 'sync', headers_timeout_ms: 50 } },
    );
    expect(slow.status).toBe('completed');
    const late = await run(
      { steps: 10, step_delay_ms: fixed(100) },
      { settings: { mode: 'sync', timeout_s: 0.2 } },
    );
    expectUncancelledTimeout(late, 'TOTAL_TIMEOUT', 'cannot be cancelled');
  });
});

describe('sync and async faults', () => {
  it('sync: a connection dropped before the answer is a NETWORK_ERROR, never retried', async () => {
    const outcome = await run({ fault: 'drop_mid_stream' }, { settings: { mode: 'sync' } });
    expect(outcome).toMatchObject({
      status: 'failed',
      error: { code: 'NETWORK_ERROR' },
      upstream_run_id: null,
    });
    expect(outcome.attempts).toHaveLength(1);
    expect(requestsTo(mock(), 'POST /v1/automation/run')).toHaveLength(1);
  });

  it('sync: headers without a body run into the total budget', async () => {
    const outcome = await run(
      { fault: 'hang_after_headers' },
      { settings: { mode: 'sync', timeout_s: 0.3, headers_timeout_ms: 50 } },
    );
    expect(outcome).toMatchObject({ status: 'timeout', error: { code: 'TOTAL_TIMEOUT' } });
  });

  it('async: an answer that goes silent after its headers is an IDLE_TIMEOUT', async () => {
    const outcome = await run(
      { fault: 'hang_after_headers' },
      { settings: { mode: 'async', headers_timeout_ms: 150 } },
    );
    // The run exists upstream, but its id never arrived: it cannot be cancelled, and is not re-POSTed.
    expectUncancelledTimeout(outcome, 'IDLE_TIMEOUT', 'could not be cancelled upstream');
    expect(requestsTo(mock(), 'POST /v1/automation/run-async')).toHaveLength(1);
  });

  it('async: a dropped answer is a NETWORK_ERROR, never retried', async () => {
    const outcome = await run({ fault: 'drop_mid_stream' }, { settings: { mode: 'async' } });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'NETWORK_ERROR' } });
    expect(requestsTo(mock(), 'POST /v1/automation/run-async')).toHaveLength(1);
  });
});

describe('async mode against the mock', () => {
  it('creates the run, polls it to the end and reads the run object', async () => {
    const c = collector();
    const outcome = await run(
      { started_delay_ms: fixed(60) },
      { settings: { mode: 'async', poll_interval_ms: 25 }, onEvent: c.onEvent },
    );
    expect(outcome).toMatchObject({ status: 'completed', mode: 'async', upstream_status: 'COMPLETED' });
    expect(c.types()[0]).toBe('RUN_CREATED');
    const statuses = c.of('STATUS').map((e) => e.payload.status);
    expect(statuses.at(-1)).toBe('COMPLETED');
    expect(statuses).toContain('RUNNING');
    const m = outcome.metrics;
    expect(m.num_of_steps).toBe(3);
    // Landmarks at poll resolution: after the planned instant, within a few poll intervals.
    expect(m.time_to_started_ms).toBeGreaterThanOrEqual(60);
    expect(m.time_to_started_ms).toBeLessThan(60 + 2000);
    expect(m.time_to_streaming_url_ms).toBeGreaterThanOrEqual(m.time_to_started_ms as number);
    expect(m.ttft_ms).toBeNull();
    expect(outcome.streaming_url).not.toBeNull();
    // One STATUS event per change; polls that saw no change add none.
    expect(requestsTo(mock(), 'GET /v1/runs/{id}').length).toBeGreaterThanOrEqual(c.of('STATUS').length);
    expect(requestsTo(mock(), 'POST /v1/automation/run-async')).toHaveLength(1);
  });

  it('reports a failed run from the run object', async () => {
    const outcome = await provider().execute({
      inputs: inputs(
        quickModel({
          outcome: 'FAILED',
          failure: {
            code: 'max_steps_exceeded',
            message: 'Reached max_steps',
            category: 'AGENT_FAILURE',
            retry_after: null,
          },
        }),
      ),
      settings: { mode: 'async', poll_interval_ms: 25 },
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      error: { code: 'MAX_STEPS_EXCEEDED', http_status: 200 },
    });
  });

  it('cancels the run upstream on abort and on total timeout', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const aborted = await run(
      { steps: 10, step_delay_ms: fixed(100) },
      { settings: { mode: 'async', poll_interval_ms: 25 }, signal: controller.signal },
    );
    expect(aborted).toMatchObject({
      status: 'cancelled',
      upstream_cancel: { state: 'cancelled', reason: 'abort' },
    });
    expect(mock().groundTruth(aborted.upstream_run_id as string)?.status).toBe('CANCELLED');

    const late = await run(
      { steps: 10, step_delay_ms: fixed(100) },
      { settings: { mode: 'async', poll_interval_ms: 25, timeout_s: 0.2 } },
    );
    expect(late).toMatchObject({
      status: 'timeout',
      error: { code: 'TOTAL_TIMEOUT' },
      upstream_cancel: { state: 'cancelled', reason: 'timeout' },
    });
  });

  it('reconcile and cancel answer for runs they do not know, and for finished runs', async () => {
    expect(await provider().reconcile('no-such-run')).toMatchObject({
      state: 'not_found',
      error: { code: 'NOT_FOUND' },
    });
    expect(await provider().cancel('no-such-run')).toMatchObject({ state: 'not_found' });
    const done = await provider().execute({
      inputs: inputs(),
      settings: { mode: 'async', poll_interval_ms: 25 },
    });
    expect(await provider().cancel(done.upstream_run_id as string)).toMatchObject({
      state: 'already_finished',
      upstream_status: 'COMPLETED',
    });
  });

  it('reconcile sees a run in progress', async () => {
    const controller = new AbortController();
    const running = run(
      { steps: 5, step_delay_ms: fixed(100) },
      {
        settings: { mode: 'async', poll_interval_ms: 25 },
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'STATUS' && event.payload.status === 'RUNNING') {
            void provider()
              .reconcile(String(event.payload.run_id))
              .then((answer) => {
                expect(answer).toMatchObject({ state: 'in_progress', upstream_status: 'RUNNING' });
                controller.abort();
              });
          }
        },
      },
    );
    expect((await running).status).toBe('cancelled');
  });
});
