import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAI, startMockOpenAI } from '../src/index.js';
import { CHAT, FAST, http, openSse, parseFrames, sleep, streamedText, waitFor } from './helpers.js';

/** Every fault, forced per request, plus seeded fault rates. */
let mock: MockOpenAI;
beforeAll(async () => {
  mock = await startMockOpenAI({ seed: 5, behaviour: FAST });
});
afterAll(() => mock.close());

const STREAM = { ...CHAT, stream: true, max_tokens: 10, stream_options: { include_usage: true } };
const fault = (kind: string) => ({ headers: { 'x-mock-fault': kind } });
/** A chat stream that the fault `kind` breaks after `tokens` tokens. */
const faultAfterTokens = (kind: string, tokens: number) =>
  openSse(mock.url, '/v1/chat/completions', { ...STREAM, mock: { fault_after_tokens: tokens } }, fault(kind))
    .done;

describe('faults before the stream', () => {
  it('429 with retry-after and the rate-limit headers', async () => {
    const res = await http(mock.url, 'POST', '/v1/chat/completions', {
      body: { ...STREAM, mock: { fault: 'rate_limit', retry_after_s: 7 } },
    });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['x-ratelimit-remaining-requests']).toBe('0');
    expect(res.json).toMatchObject({ error: { code: 'rate_limit_exceeded', type: 'requests' } });
    const truth = mock.groundTruth(res.headers['x-request-id'] as string)!;
    expect(truth).toMatchObject({ fault: 'rate_limit', frames: [], response: { status_code: 429 } });
  });

  it('5xx with the configured status and message', async () => {
    const res = await http(mock.url, 'POST', '/v1/completions', {
      body: {
        model: 'mock-llm',
        prompt: 'x',
        mock: { fault: 'server_error', server_error_status: 503, error_message: 'Overloaded, try later' },
      },
    });
    expect(res.status).toBe(503);
    expect(res.json).toEqual({
      error: { message: 'Overloaded, try later', type: 'server_error', param: null, code: null },
    });
  });
});

describe('faults inside a 200 stream', () => {
  it('stream_error: tokens, then data: {"error": ...}, then the end without [DONE]', async () => {
    const capture = await faultAfterTokens('stream_error', 3);
    expect(capture.status).toBe(200);
    expect(capture.ending).toBe('end');
    const { chunks, done } = parseFrames(capture);
    expect(done).toBe(false);
    expect(streamedText(chunks).split(' ')).toHaveLength(3);
    expect(chunks.at(-1)).toEqual({
      error: {
        message: 'The server had an error while processing your request.',
        type: 'server_error',
        param: null,
        code: null,
      },
    });
    const truth = mock.groundTruth(capture.headers['x-request-id'] as string)!;
    expect(truth.frames.map((f) => f.kind)).toEqual(['role', 'content', 'content', 'content', 'error']);
  });

  it('stream_error with done_after_error sends [DONE] after the error, as vLLM does', async () => {
    const capture = await openSse(mock.url, '/v1/chat/completions', STREAM, {
      headers: { 'x-mock-fault': 'stream_error', 'x-mock-quirks': 'done_after_error' },
    }).done;
    const { chunks, done } = parseFrames(capture);
    expect(done).toBe(true);
    expect(chunks.at(-1)).toHaveProperty('error');
    expect(streamedText(chunks).split(' ')).toHaveLength(5);
  });

  it('drop: the connection is cut mid-stream, no [DONE], no usage', async () => {
    const capture = await faultAfterTokens('drop', 6);
    expect(capture.ending).toBe('error');
    const { chunks, done } = parseFrames(capture);
    expect(done).toBe(false);
    expect(streamedText(chunks).split(' ')).toHaveLength(6);
    expect(chunks.some((c) => c.usage)).toBe(false);
    const truth = mock.groundTruth(capture.headers['x-request-id'] as string)!;
    expect(truth.response.end_reason).toBe('dropped');
    expect(truth.summary.tokens_sent).toBe(6);
  });

  it('hang: headers, then nothing until the client gives up', async () => {
    const open = openSse(mock.url, '/v1/chat/completions', STREAM, fault('hang'));
    await open.firstByte;
    await sleep(300);
    open.abort();
    const capture = await open.done;
    expect(capture.status).toBe(200);
    expect(capture.raw).toBe('');
    const id = capture.headers['x-request-id'] as string;
    const truth = await waitFor(() => {
      const t = mock.groundTruth(id);
      return t?.response.end_reason ? t : undefined;
    });
    expect(truth).toMatchObject({ fault: 'hang', frames: [], response: { end_reason: 'client_closed' } });
    expect(mock.stats().in_flight).toBe(0);
  });

  it('the unary forms: stream_error is a 500, drop a reset, hang no answer', async () => {
    const body = { ...CHAT, max_tokens: 3 };
    const err = await http(mock.url, 'POST', '/v1/chat/completions', { body, ...fault('stream_error') });
    expect(err.status).toBe(500);
    await expect(
      http(mock.url, 'POST', '/v1/chat/completions', { body, ...fault('drop') }),
    ).rejects.toThrow();
    const controller = new AbortController();
    const hung = fetch(`${mock.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(CHAT),
      headers: { 'x-mock-fault': 'hang' },
      signal: controller.signal,
    });
    const outcome = await Promise.race([hung.then(() => 'answered'), sleep(300).then(() => 'waiting')]);
    expect(outcome).toBe('waiting');
    controller.abort();
    await expect(hung).rejects.toThrow();
  });
});

describe('seeded fault rates', () => {
  it('inject faults at about their rates, the same ones for the same seed', async () => {
    const rates = { rate_limit: 0.2, server_error: 0.1 };
    const run = async (seed: number) => {
      const m = await startMockOpenAI({ seed, behaviour: { ...FAST, fault_rates: rates } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 200; i++) {
          const res = await http(m.url, 'POST', '/v1/chat/completions', {
            body: { ...CHAT, mock: { ttft_ms: 0, output_tokens: 1 } },
          });
          statuses.push(res.status);
        }
        return statuses;
      } finally {
        await m.close();
      }
    };
    const a = await run(99);
    expect(await run(99)).toEqual(a);
    expect(await run(100)).not.toEqual(a);
    const share = (code: number) => a.filter((s) => s === code).length / a.length;
    // Binomial with n = 200: a band of about three standard deviations.
    expect(share(429)).toBeGreaterThan(0.11);
    expect(share(429)).toBeLessThan(0.29);
    expect(share(500)).toBeGreaterThan(0.03);
    expect(share(500)).toBeLessThan(0.17);
  });
});
