import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAI, startMockOpenAI } from '../src/index.js';
import { CHAT, FAST, openSse, parseFrames, streamedText } from './helpers.js';

/** Each quirk, switched per request (header or `mock` body field) and per server. */
let mock: MockOpenAI;
beforeAll(async () => {
  mock = await startMockOpenAI({ seed: 11, behaviour: FAST });
});
afterAll(() => mock.close());

const USAGE_BODY = { ...CHAT, stream: true, max_tokens: 4, stream_options: { include_usage: true } };

async function stream(body: unknown, quirks?: string, base = mock.url) {
  const capture = await openSse(base, '/v1/chat/completions', body, {
    headers: quirks ? { 'x-mock-quirks': quirks } : {},
  }).done;
  return { capture, ...parseFrames(capture) };
}

describe('usage chunk shapes', () => {
  it('sends usage with choices: [] by default, usage: null on the chunks before', async () => {
    const { chunks } = await stream(USAGE_BODY);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 4 } });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('sends choices: null with usage_chunk=null_choices', async () => {
    const { chunks } = await stream(USAGE_BODY, 'usage_chunk=null_choices');
    expect(chunks.at(-1)).toMatchObject({ choices: null, usage: { completion_tokens: 4 } });
  });

  it('omits the choices key with usage_chunk=no_choices', async () => {
    const { chunks } = await stream(USAGE_BODY, 'usage_chunk=no_choices');
    const last = chunks.at(-1)!;
    expect(last).not.toHaveProperty('choices');
    expect(last.usage!.completion_tokens).toBe(4);
  });

  it('sends no usage at all with usage_chunk=never, as servers that ignore stream_options do', async () => {
    const { chunks, done } = await stream(USAGE_BODY, 'usage_chunk=never');
    expect(done).toBe(true);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
  });

  it('puts cumulative usage on every chunk with continuous_usage, or when the request asks vLLM-style', async () => {
    for (const [body, quirks] of [
      [USAGE_BODY, 'continuous_usage'],
      [{ ...USAGE_BODY, stream_options: { include_usage: true, continuous_usage_stats: true } }, undefined],
    ] as const) {
      const { chunks } = await stream(body, quirks);
      const counts = chunks.map((c) => c.usage!.completion_tokens);
      expect(counts).toEqual([0, 1, 2, 3, 4, 4, 4]);
      expect(chunks.every((c) => c.usage!.prompt_tokens === chunks[0]!.usage!.prompt_tokens)).toBe(true);
    }
  });
});

describe('stream shape quirks', () => {
  it('starts with the first token when role_chunk is off', async () => {
    const { chunks } = await stream({ ...CHAT, stream: true, max_tokens: 3 }, 'role_chunk=false');
    expect(chunks[0]!.choices![0]!.delta).not.toHaveProperty('role');
    expect(chunks[0]!.choices![0]!.delta!.content!.length).toBeGreaterThan(0);
  });

  it('puts finish_reason on the last token chunk with finish_chunk=with_last_token', async () => {
    const { chunks } = await stream({ ...CHAT, stream: true, max_tokens: 3 }, 'finish_chunk=with_last_token');
    expect(chunks).toHaveLength(4);
    expect(chunks[3]!.choices![0]).toMatchObject({ finish_reason: 'length' });
    expect(chunks[3]!.choices![0]!.delta!.content!.length).toBeGreaterThan(0);
  });

  it('sends : ping comments while the stream is open', async () => {
    const { comments, chunks, capture } = await stream(
      { ...CHAT, stream: true, max_tokens: 2, mock: { ttft_ms: 130 } },
      'ping_interval_ms=40',
    );
    expect(comments.length).toBeGreaterThanOrEqual(2);
    expect(comments.every((c) => c === ': ping')).toBe(true);
    expect(chunks.length).toBe(4);
    const truth = mock.groundTruth(capture.headers['x-request-id'] as string)!;
    expect(truth.frames.filter((f) => f.kind === 'ping')).toHaveLength(comments.length);
  });

  it('names the reasoning delta `reasoning` with reasoning_field=reasoning', async () => {
    const { chunks } = await stream(
      { ...CHAT, model: 'mock-reasoner', stream: true, max_tokens: 70 },
      'reasoning_field=reasoning',
    );
    expect(streamedText(chunks, 'reasoning').length).toBeGreaterThan(0);
    expect(streamedText(chunks, 'reasoning_content')).toBe('');
  });

  it('takes quirks from the mock body field, and the header wins over it', async () => {
    const body = { ...USAGE_BODY, mock: { quirks: { usage_chunk: 'null_choices', role_chunk: false } } };
    const fromBody = await stream(body);
    expect(fromBody.chunks.at(-1)!.choices).toBeNull();
    expect(fromBody.chunks[0]!.choices![0]!.delta).not.toHaveProperty('role');
    const both = await stream(body, 'usage_chunk=empty_choices');
    expect(both.chunks.at(-1)!.choices).toEqual([]);
    // The header set one quirk; the body's other quirk still holds.
    expect(both.chunks[0]!.choices![0]!.delta).not.toHaveProperty('role');
  });

  it('applies server-wide quirks, including vLLM-shaped error bodies', async () => {
    const vllm = await startMockOpenAI({
      behaviour: { ...FAST, quirks: { usage_chunk: 'null_choices', error_shape: 'vllm' } },
    });
    try {
      const { chunks } = await stream(USAGE_BODY, undefined, vllm.url);
      expect(chunks.at(-1)!.choices).toBeNull();
      const res = await fetch(`${vllm.baseURL}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ ...CHAT, model: 'unknown' }),
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        object: 'error',
        code: 'model_not_found',
        type: 'invalid_request_error',
      });
    } finally {
      await vllm.close();
    }
  });
});
