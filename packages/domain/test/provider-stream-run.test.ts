import { describe, expect, it } from 'vitest';
import {
  type ExecuteRequest,
  isCompleted,
  METRIC_DEFINITIONS_VERSION,
  type Provider,
  type RunOutcome,
  streamRun,
  type TimedEvent,
} from '../src/provider/index.js';

/** A provider that plays a fixed script of events, one per macrotask, then ends. */
function scriptedProvider(script: string[], end: 'completed' | 'failed' | 'reject'): Provider {
  return {
    id: 'scripted',
    modes: ['only'],
    async execute(request: ExecuteRequest): Promise<RunOutcome> {
      for (const [i, type] of script.entries()) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        request.onEvent?.({
          seq: i + 1,
          type,
          at_ms: i,
          server_timestamp: null,
          source: 'upstream',
          payload: {},
        });
      }
      if (end === 'reject') throw new Error('provider bug');
      return outcome(end, script.length);
    },
    reconcile: async () => ({ state: 'not_found', error: error('NOT_FOUND') }),
    cancel: async () => ({ state: 'unsupported', error: error('UNSUPPORTED') }),
    close: async () => undefined,
  };
}

function error(code: string) {
  return {
    code,
    message: code,
    http_status: null,
    upstream_code: null,
    upstream_message: null,
    category: null,
    retry_after_s: null,
    details: null,
  };
}

function outcome(status: 'completed' | 'failed', events: number): RunOutcome {
  const common = {
    provider: 'scripted',
    mode: 'only',
    metric_definitions: METRIC_DEFINITIONS_VERSION,
    metrics: {
      total_duration_ms: events,
      time_to_headers_ms: null,
      time_to_started_ms: null,
      time_to_streaming_url_ms: null,
      ttft_ms: null,
      inter_token_stats: null,
      steps: null,
      heartbeats: null,
      server_duration_ms: null,
      num_of_steps: null,
      retry_wait_ms: 0,
      event_loop_delay_ms: null,
      provider_metrics: {},
    },
    t0_epoch_ms: null,
    upstream_run_id: null,
    cost_usd: null,
    upstream_status: null,
    streaming_url: null,
    result: null,
    response_json: null,
    attempts: [],
    event_count: events,
    upstream_cancel: null,
    reconciled: false,
    warnings: [],
  };
  return status === 'completed'
    ? { ...common, status, error: null }
    : { ...common, status, error: error('RUN_FAILED') };
}

async function drain(events: AsyncIterable<TimedEvent>): Promise<string[]> {
  const types: string[] = [];
  for await (const event of events) types.push(event.type);
  return types;
}

describe('streamRun', () => {
  it('yields every event in order, then ends with the outcome', async () => {
    const { events, outcome: final } = streamRun(scriptedProvider(['A', 'B', 'C'], 'completed'), {
      inputs: {},
    });
    expect(await drain(events)).toEqual(['A', 'B', 'C']);
    const result = await final;
    expect(isCompleted(result)).toBe(true);
    expect(result.event_count).toBe(3);
  });

  it('buffers events that arrive before anyone reads', async () => {
    const { events, outcome: final } = streamRun(scriptedProvider(['A', 'B'], 'failed'), { inputs: {} });
    const result = await final;
    expect(result.status).toBe('failed');
    expect(await drain(events)).toEqual(['A', 'B']);
  });

  it('ends the iteration when the provider rejects, and rejects the outcome', async () => {
    const { events, outcome: final } = streamRun(scriptedProvider(['A'], 'reject'), { inputs: {} });
    expect(await drain(events)).toEqual(['A']);
    await expect(final).rejects.toThrow('provider bug');
  });
});
