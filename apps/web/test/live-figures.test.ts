import type { RunEvent } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { liveFigures } from '@/lib/live-figures';

const unset = {
  time_to_started_ms: null,
  time_to_streaming_url_ms: null,
  ttft_ms: null,
  steps: null,
  heartbeats: null,
  streaming_url: null,
};

function event(seq: number, type: string, at_ms: number, payload: unknown = {}): RunEvent {
  return { run_id: 1, seq, type, at_ms, server_timestamp: null, payload, created_at: '2025-01-01T00:00:00Z' };
}

describe('liveFigures', () => {
  it('fills the figures of an in-flight run from the events that have arrived', () => {
    const events = [
      event(1, 'STARTED', 212.5, { type: 'STARTED', run_id: 'r1' }),
      event(2, 'STREAMING_URL', 640.25, { streaming_url: 'http://127.0.0.1:4000/stream/r1' }),
      event(3, 'PROGRESS', 1010, { purpose: 'open the page' }),
      event(4, 'HEARTBEAT', 1500),
      event(5, 'PROGRESS', 1800, { purpose: 'read the grid' }),
    ];
    expect(liveFigures({ ...unset, events })).toEqual({
      time_to_started_ms: 212.5,
      time_to_streaming_url_ms: 640.25,
      ttft_ms: 1010,
      steps: 2,
      heartbeats: 1,
      streaming_url: 'http://127.0.0.1:4000/stream/r1',
    });
  });

  it('leaves what has not happened yet unset', () => {
    expect(liveFigures({ ...unset, events: [] })).toEqual(unset);
    const started = liveFigures({ ...unset, events: [event(1, 'STARTED', 90)] });
    expect(started.time_to_started_ms).toBe(90);
    expect(started.time_to_streaming_url_ms).toBeNull();
    expect(started.ttft_ms).toBeNull();
    expect(started.steps).toBe(0);
  });

  it('keeps the measured figures the run already has', () => {
    const run = {
      ...unset,
      time_to_started_ms: 200,
      ttft_ms: 999,
      steps: 7,
      streaming_url: 'https://stream.example/r1',
      events: [event(1, 'STARTED', 1), event(2, 'PROGRESS', 2)],
    };
    const figures = liveFigures(run);
    expect(figures.time_to_started_ms).toBe(200);
    expect(figures.ttft_ms).toBe(999);
    expect(figures.steps).toBe(7);
    expect(figures.streaming_url).toBe('https://stream.example/r1');
  });

  it('accepts the older camelCase spelling and refuses a non-http address', () => {
    const camel = liveFigures({
      ...unset,
      events: [event(1, 'STREAMING_URL', 5, { streamingUrl: 'https://s/1' })],
    });
    expect(camel.streaming_url).toBe('https://s/1');
    const hostile = liveFigures({
      ...unset,
      events: [event(1, 'STREAMING_URL', 5, { streaming_url: 'javascript:alert(1)' })],
    });
    expect(hostile.streaming_url).toBeNull();
    expect(hostile.time_to_streaming_url_ms).toBe(5);
  });
});
