import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { FAST_MODEL, framesJson, openSse, VALID_BODY } from './helpers.js';

let mock: MockTinyFish;
beforeAll(async () => {
  mock = await startMockTinyFish({ seed: 7, strict: true, model: FAST_MODEL });
});
afterAll(() => mock.close());

/** Exactly one `data: <single-line JSON>` per event, each followed by one blank line, and nothing else. */
const LF_STREAM = /^(data: \{[^\r\n]*\}\n\n)+$/;
const CRLF_STREAM = /^(data: \{[^\r\n]*\}\r\n\r\n)+$/;

describe('run-sse framing', () => {
  it('sends the SSE headers and one data line plus a blank line per event, with no event:/id:/retry:', async () => {
    const cap = await openSse(mock.url, {
      ...VALID_BODY,
      mock: { heartbeat_interval_ms: 15, tf_api_results: 1 },
    }).done;
    expect(cap.status).toBe(200);
    expect(cap.headers['content-type']).toBe('text/event-stream');
    expect(cap.headers['cache-control']).toBe('no-cache');
    expect(cap.ending).toBe('end');
    expect(cap.raw).toMatch(LF_STREAM);
    expect(cap.raw).not.toMatch(/^(event|id|retry):/m);
    // Compact JSON: re-serialising each payload gives back the exact bytes on the wire.
    for (const frame of cap.frames) {
      const json = frame.text.slice('data: '.length);
      expect(JSON.stringify(JSON.parse(json))).toBe(json);
    }
  });

  it('orders STARTED, STREAMING_URL, PROGRESS*, COMPLETE, with heartbeats interleaved and last event COMPLETE', async () => {
    const cap = await openSse(mock.url, { ...VALID_BODY, mock: { heartbeat_interval_ms: 15 } }).done;
    const events = framesJson(cap);
    const types = events.map((e) => e.type).filter((t) => t !== 'HEARTBEAT');
    expect(types).toEqual(['STARTED', 'STREAMING_URL', 'PROGRESS', 'PROGRESS', 'PROGRESS', 'COMPLETE']);
    expect(events.filter((e) => e.type === 'HEARTBEAT').length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)?.type).toBe('COMPLETE');
    const runId = events[0]!.run_id as string;
    for (const e of events) {
      expect(typeof e.timestamp).toBe('string');
      expect(Number.isNaN(Date.parse(e.timestamp as string))).toBe(false);
      if (e.type === 'HEARTBEAT') expect(Object.keys(e).sort()).toEqual(['timestamp', 'type']);
      else expect(e.run_id).toBe(runId);
    }
  });

  it('matches the key layout of the spec sample for a COMPLETED snake_case stream', async () => {
    const cap = await openSse(mock.url, VALID_BODY).done;
    const events = framesJson(cap);
    expect(Object.keys(events[0]!)).toEqual(['type', 'run_id', 'timestamp']);
    expect(Object.keys(events[1]!)).toEqual(['type', 'run_id', 'streaming_url', 'timestamp']);
    expect(Object.keys(events[2]!)).toEqual(['type', 'run_id', 'purpose', 'timestamp']);
    const complete = events.at(-1)!;
    expect(Object.keys(complete)).toEqual(['type', 'run_id', 'status', 'result', 'timestamp']);
    expect(complete.status).toBe('COMPLETED');
    expect(complete.result).toBeTypeOf('object');
  });

  it('writes CRLF line endings when asked', async () => {
    const cap = await openSse(
      mock.url,
      { ...VALID_BODY, mock: { line_ending: 'crlf' } },
      { separator: '\r\n\r\n' },
    ).done;
    expect(cap.raw).toMatch(CRLF_STREAM);
    expect(framesJson(cap, '\r\n').at(-1)?.type).toBe('COMPLETE');
  });

  it('uses the older camelCase spelling (runId, streamingUrl, resultJson) when asked', async () => {
    const cap = await openSse(mock.url, { ...VALID_BODY, mock: { spelling: 'camel' } }).done;
    const events = framesJson(cap);
    expect(cap.raw).not.toContain('"run_id"');
    expect(Object.keys(events[0]!)).toEqual(['type', 'runId', 'timestamp']);
    expect(Object.keys(events[1]!)).toEqual(['type', 'runId', 'streamingUrl', 'timestamp']);
    expect(Object.keys(events.at(-1)!)).toEqual(['type', 'runId', 'status', 'resultJson', 'timestamp']);
  });

  it('carries TF_API_RESULT with an array result after a PROGRESS naming the API', async () => {
    const cap = await openSse(mock.url, { ...VALID_BODY, mock: { tf_api_results: 2 } }).done;
    const events = framesJson(cap);
    const results = events.filter((e) => e.type === 'TF_API_RESULT');
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(Array.isArray(r.result)).toBe(true);
      expect(['search', 'fetch']).toContain(r.tinyfish_api);
      const before = events[events.indexOf(r) - 1]!;
      expect(before.type).toBe('PROGRESS');
      expect(before.tinyfish_api).toBe(r.tinyfish_api);
    }
  });

  it('sends COMPLETE.error as a RunError object by default and as a string with help_* siblings on request', async () => {
    const failure = {
      code: 'site_blocked',
      message: 'Blocked',
      category: 'AGENT_FAILURE',
      help_url: 'https://h',
    };
    const asObject = framesJson(
      await openSse(mock.url, { ...VALID_BODY, mock: { outcome: 'FAILED', failure } }).done,
    );
    const c1 = asObject.at(-1)!;
    expect(c1.status).toBe('FAILED');
    expect(c1.result).toBeNull();
    expect(c1.error).toEqual({
      code: 'site_blocked',
      message: 'Blocked',
      category: 'AGENT_FAILURE',
      retry_after: null,
      help_url: 'https://h',
    });

    const asString = framesJson(
      await openSse(mock.url, {
        ...VALID_BODY,
        mock: { outcome: 'FAILED', failure, complete_error_format: 'string' },
      }).done,
    );
    const c2 = asString.at(-1)!;
    expect(Object.keys(c2)).toEqual(['type', 'run_id', 'status', 'error', 'help_url', 'result', 'timestamp']);
    expect(c2.error).toBe('Blocked');
    expect(c2.help_url).toBe('https://h');
  });

  it('ends a model-CANCELLED run with COMPLETE{status:"CANCELLED", result:null}', async () => {
    const events = framesJson(
      await openSse(mock.url, { ...VALID_BODY, mock: { outcome: 'CANCELLED' } }).done,
    );
    expect(events.at(-1)).toMatchObject({ type: 'COMPLETE', status: 'CANCELLED', result: null });
    expect(events.at(-1)).not.toHaveProperty('error');
  });

  it('leaves out STREAMING_URL when streaming_url is off', async () => {
    const events = framesJson(
      await openSse(mock.url, { ...VALID_BODY, mock: { streaming_url: false } }).done,
    );
    expect(events.map((e) => e.type)).not.toContain('STREAMING_URL');
    expect(events[1]?.type).toBe('PROGRESS');
  });
});
