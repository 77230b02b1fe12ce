import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAI, startMockOpenAI } from '../src/index.js';
import { CHAT, FAST, http, openSse, parseFrames, streamedText } from './helpers.js';

/** The bytes on the wire, read by a strict minimal reader, and the HTTP errors. */
let mock: MockOpenAI;
beforeAll(async () => {
  mock = await startMockOpenAI({ seed: 3, apiKey: ['sk-one', 'sk-two'], behaviour: FAST });
});
afterAll(() => mock.close());

const AUTH = { Authorization: 'Bearer sk-one' };

describe('streaming frames', () => {
  it('writes single-line data events, a role chunk first, and data: [DONE] last', async () => {
    const capture = await openSse(
      mock.url,
      '/v1/chat/completions',
      { ...CHAT, stream: true, max_tokens: 5 },
      { headers: AUTH },
    ).done;
    expect(capture.status).toBe(200);
    expect(capture.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(capture.headers['x-request-id']).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(capture.ending).toBe('end');
    expect(capture.raw).toMatch(/^(data: \{[^\n]*\}\n\n)+data: \[DONE\]\n\n$/);
    const { chunks, done } = parseFrames(capture);
    expect(done).toBe(true);
    // Without include_usage no chunk carries a usage key at all.
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks[0]!.choices![0]).toEqual({
      index: 0,
      delta: { role: 'assistant', content: '' },
      logprobs: null,
      finish_reason: null,
    });
    const tokenChunks = chunks.filter((c) => c.choices![0]!.delta!.content);
    expect(tokenChunks).toHaveLength(5);
    // The finish reason comes in a chunk of its own with an empty delta, as OpenAI sends it.
    expect(chunks.at(-1)!.choices![0]).toEqual({
      index: 0,
      delta: {},
      logprobs: null,
      finish_reason: 'length',
    });
    expect(streamedText(chunks)).toBe(streamedText(tokenChunks));
    expect(chunks.every((c) => c.id === capture.headers['x-request-id'])).toBe(true);
  });

  it('streams completions as text_completion chunks with choices[0].text and no role chunk', async () => {
    const capture = await openSse(
      mock.url,
      '/v1/completions',
      {
        model: 'mock-llm',
        prompt: 'abc',
        stream: true,
        max_tokens: 3,
        stream_options: { include_usage: true },
      },
      { headers: AUTH },
    ).done;
    const { chunks, done } = parseFrames(capture);
    expect(done).toBe(true);
    expect(chunks.every((c) => c.object === 'text_completion' && c.id.startsWith('cmpl-'))).toBe(true);
    expect(chunks.slice(0, 3).map((c) => typeof c.choices![0]!.text)).toEqual(['string', 'string', 'string']);
    expect(chunks[3]!.choices![0]).toMatchObject({ text: '', finish_reason: 'length' });
    expect(chunks[4]).toMatchObject({
      choices: [],
      usage: { completion_tokens: 3, prompt_tokens: 1, total_tokens: 4 },
    });
    expect(chunks[4]!.usage).not.toHaveProperty('completion_tokens_details');
  });

  it('ends with finish_reason "stop" when the natural length fits under max_tokens', async () => {
    const capture = await openSse(
      mock.url,
      '/v1/chat/completions',
      { ...CHAT, stream: true, max_tokens: 100, mock: { output_tokens: 4 } },
      { headers: AUTH },
    ).done;
    const { chunks } = parseFrames(capture);
    expect(chunks.at(-1)!.choices![0]!.finish_reason).toBe('stop');
    expect(streamedText(chunks).split(' ')).toHaveLength(4);
  });
});

describe('whole responses', () => {
  it('answers a non-streaming chat request with a sized JSON body', async () => {
    const res = await http(mock.url, 'POST', '/v1/chat/completions', {
      body: { ...CHAT, max_completion_tokens: 3, max_tokens: 50 },
      headers: AUTH,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    const body = res.json as {
      id: string;
      usage: { completion_tokens: number };
      choices: { message: Record<string, unknown> }[];
    };
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'mock-llm',
      system_fingerprint: 'fp_mock',
    });
    // max_completion_tokens wins over the older max_tokens, as on OpenAI.
    expect(body.usage.completion_tokens).toBe(3);
    expect(body.choices[0]!.message).toMatchObject({ role: 'assistant', refusal: null });
    expect(res.headers['x-request-id']).toBe(body.id);
  });

  it('lists models', async () => {
    const res = await http(mock.url, 'GET', '/v1/models', { headers: { 'api-key': 'sk-two' } });
    expect(res.json).toEqual({
      object: 'list',
      data: [
        { id: 'mock-llm', object: 'model', created: 1_700_000_000, owned_by: 'tfbench-mock' },
        { id: 'mock-reasoner', object: 'model', created: 1_700_000_000, owned_by: 'tfbench-mock' },
      ],
    });
  });
});

describe('HTTP errors', () => {
  const post = (body: unknown, headers: Record<string, string> = AUTH) =>
    http(mock.url, 'POST', '/v1/chat/completions', { body, headers });

  it('401 without a key and with a wrong one, never echoing the key', async () => {
    const missing = await post(CHAT, {});
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { type: 'invalid_request_error', code: null, param: null } });
    const wrong = await post(CHAT, { Authorization: 'Bearer sk-secret-guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({
      error: { code: 'invalid_api_key', message: 'Incorrect API key provided.' },
    });
    expect(wrong.body).not.toContain('sk-secret-guess');
    expect((await http(mock.url, 'GET', '/v1/models')).status).toBe(401);
    // The mock's own endpoints need no key.
    expect((await http(mock.url, 'GET', '/__mock/stats')).status).toBe(200);
  });

  it('404 model_not_found for an unknown model and Invalid URL for an unknown path', async () => {
    const res = await post({ ...CHAT, model: 'gpt-nope' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      error: {
        message: 'The model `gpt-nope` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    });
    const path = await http(mock.url, 'POST', '/v1/embeddings', { body: {}, headers: AUTH });
    expect(path.status).toBe(404);
    expect(path.json).toMatchObject({ error: { message: 'Invalid URL (POST /v1/embeddings)' } });
  });

  it.each([
    [{ messages: CHAT.messages }, 'model', "Missing required parameter: 'model'."],
    [{ model: 'mock-llm' }, 'messages', "Missing required parameter: 'messages'."],
    [{ ...CHAT, max_tokens: 'ten' }, 'max_tokens', "Invalid 'max_tokens'"],
    [{ ...CHAT, max_tokens: 0 }, 'max_tokens', "Invalid 'max_tokens'"],
    [
      { ...CHAT, messages: [{ content: 'x' }] },
      'messages[0].role',
      "Missing required parameter: 'messages[0].role'.",
    ],
    [{ ...CHAT, temperature: 3 }, 'temperature', "Invalid 'temperature'"],
    [{ ...CHAT, n: 2 }, 'n', 'n = 1 only'],
    [
      { ...CHAT, stream_options: { include_usage: true } },
      'stream_options',
      "only allowed when 'stream' is enabled",
    ],
    [{ ...CHAT, mock: { ttft_msec: 5 } }, 'mock', "Invalid 'mock'"],
    [{ ...CHAT, mock: { fault_rates: { drop: 0.7, hang: 0.7 } } }, 'mock.fault_rates', 'add up to at most 1'],
  ])('400 for %j naming %s', async (body, param, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const error = (res.json as { error: { param: string; message: string; type: string } }).error;
    expect(error.param).toBe(param);
    expect(error.message).toContain(message);
    expect(error.type).toBe('invalid_request_error');
  });

  it('400 for a body that is not JSON or not an object, and for bad mock headers', async () => {
    const notJson = await http(mock.url, 'POST', '/v1/chat/completions', {
      rawBody: '{"model":',
      headers: AUTH,
    });
    expect(notJson.status).toBe(400);
    expect((await post([1, 2])).status).toBe(400);
    const quirk = await post(CHAT, { ...AUTH, 'x-mock-quirks': 'usage_chunk=sideways' });
    expect(quirk.status).toBe(400);
    expect(quirk.json).toMatchObject({ error: { param: 'x-mock-quirks' } });
    const fault = await post(CHAT, { ...AUTH, 'x-mock-fault': 'meteor' });
    expect(fault.json).toMatchObject({ error: { param: 'x-mock-fault' } });
  });

  it('413 for a body over the limit', async () => {
    const small = await startMockOpenAI({ maxBodyBytes: 1000 });
    try {
      const res = await http(small.url, 'POST', '/v1/chat/completions', {
        body: { ...CHAT, messages: [{ role: 'user', content: 'x'.repeat(2000) }] },
      });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});
