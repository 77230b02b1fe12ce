import { readFileSync } from 'node:fs';
import { type SseItem, SseParser } from '@tfbench/provider-kit/sse';
import { describe, expect, it } from 'vitest';
import { parseTinyFishEvent, type TinyFishEvent } from '../src/sse/index.js';

/** The reference sample streams, keyed by name (the wire bytes between BEGIN and END). */
function samples(): Map<string, string> {
  const text = readFileSync(new URL('./fixtures/tinyfish-sse-samples.txt', import.meta.url), 'utf8');
  const out = new Map<string, string>();
  const pattern = /----- BEGIN STREAM (\S+) -----\n([\s\S]*?)----- END STREAM \1 -----/g;
  for (const match of text.matchAll(pattern)) out.set(match[1] as string, match[2] as string);
  return out;
}

function events(wire: string): TinyFishEvent[] {
  const parser = new SseParser();
  const items: SseItem[] = [...parser.push(Buffer.from(wire)), ...parser.end()];
  return items.flatMap((item) => {
    if (item.kind !== 'event') return [];
    const parsed = parseTinyFishEvent(item.data, item.type);
    if (!parsed.ok) throw new Error(parsed.failure.message);
    return [parsed.event];
  });
}

describe('TinyFish event normalisation on the reference samples', () => {
  const streams = samples();

  it('finds the four sample streams', () => {
    expect([...streams.keys()]).toEqual([
      'completed_snake',
      'failed_snake',
      'cancelled_snake',
      'completed_camel',
    ]);
  });

  it('reads a completed snake_case run', () => {
    const list = events(streams.get('completed_snake') as string);
    expect(list.map((e) => e.type)).toEqual([
      'STARTED',
      'STREAMING_URL',
      'PROGRESS',
      'PROGRESS',
      'HEARTBEAT',
      'PROGRESS',
      'PROGRESS',
      'HEARTBEAT',
      'COMPLETE',
    ]);
    const complete = list.at(-1) as TinyFishEvent;
    expect(complete).toMatchObject({
      run_id: '4562765d-156e-4c47-b217-55b3ec4a9720',
      status: 'COMPLETED',
      error: null,
      timestamp: '2026-03-25T10:30:41.208Z',
    });
    expect((complete.result as { products: unknown[] }).products).toHaveLength(3);
    expect(list[1]?.streaming_url).toBe('https://tf-4562765d.fra0-tinyfish.unikraft.app/stream/0');
    expect(list[4]).toMatchObject({ type: 'HEARTBEAT', run_id: null, timestamp: '2026-03-25T10:30:18.000Z' });
  });

  it('reads the older camelCase spelling the same way', () => {
    const list = events(streams.get('completed_camel') as string);
    expect(list[0]?.run_id).toBe('a1b2c3d4-e5f6-7890-abcd-ef1234567890');
    expect(list[1]?.streaming_url).toBe('https://stream.mino.ai/session/a1b2c3d4');
    const complete = list.at(-1) as TinyFishEvent;
    expect(complete.status).toBe('COMPLETED');
    expect(complete.result).toEqual({
      plans: [
        { name: 'Starter', price: '$15/mo' },
        { name: 'Pro', price: '$49/mo' },
      ],
    });
    // The original spelling stays in the payload for the record.
    expect(complete.payload.resultJson).toBeDefined();
  });

  it('reads COMPLETE.error as a string with top-level help fields', () => {
    const complete = events(streams.get('failed_snake') as string).at(-1) as TinyFishEvent;
    expect(complete.status).toBe('FAILED');
    expect(complete.error).toEqual({
      code: null,
      message: 'Browser crashed during execution',
      category: null,
      retry_after: null,
      help_url: 'https://docs.tinyfish.ai/prompting-guide',
      help_message: 'Need help? Check out our goal prompting guide for tips and examples.',
    });
  });

  it('reads a cancelled run', () => {
    const complete = events(streams.get('cancelled_snake') as string).at(-1) as TinyFishEvent;
    expect(complete).toMatchObject({ status: 'CANCELLED', result: null, error: null });
  });
});

describe('parseTinyFishEvent', () => {
  it('reads COMPLETE.error as an object', () => {
    const parsed = parseTinyFishEvent(
      JSON.stringify({
        type: 'COMPLETE',
        run_id: 'r',
        status: 'FAILED',
        error: {
          code: 'max_steps_exceeded',
          message: 'Too many steps',
          category: 'AGENT_FAILURE',
          retry_after: null,
        },
        timestamp: 't',
      }),
      null,
    );
    expect(parsed.ok && parsed.event.error).toEqual({
      code: 'max_steps_exceeded',
      message: 'Too many steps',
      category: 'AGENT_FAILURE',
      retry_after: null,
      help_url: null,
      help_message: null,
    });
  });

  it('keeps unknown event types and fields', () => {
    const parsed = parseTinyFishEvent('{"type":"BROWSER_RESIZED","width":800}', null);
    expect(parsed).toMatchObject({ ok: true, event: { type: 'BROWSER_RESIZED', payload: { width: 800 } } });
  });

  it('falls back to the SSE event field when the JSON has no type', () => {
    expect(parseTinyFishEvent('{"run_id":"r"}', 'STARTED')).toMatchObject({
      ok: true,
      event: { type: 'STARTED' },
    });
  });

  it('reports malformed data without throwing', () => {
    expect(parseTinyFishEvent('{"type":"PROGRESS","purpose":"Reading the pa', null)).toMatchObject({
      ok: false,
      failure: { reason: 'invalid_json' },
    });
    expect(parseTinyFishEvent('[1,2]', null)).toMatchObject({
      ok: false,
      failure: { reason: 'not_an_object' },
    });
    expect(parseTinyFishEvent('{"purpose":"x"}', null)).toMatchObject({
      ok: false,
      failure: { reason: 'missing_type' },
    });
  });

  it('only reads status, result and error on COMPLETE', () => {
    const parsed = parseTinyFishEvent(
      '{"type":"TF_API_RESULT","run_id":"r","result":[1],"status":"x"}',
      null,
    );
    expect(parsed).toMatchObject({ ok: true, event: { status: null, result: null, error: null } });
  });
});
