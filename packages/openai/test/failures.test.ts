/**
 * Every failure maps to the taxonomy: HTTP statuses before the stream, 429 retried with
 * retry-after, an error object inside a 200 stream, a stream that ends or drops without
 * [DONE], timeouts, aborts, and a bad config or bad inputs that never reach the wire. No
 * secret appears in what the run reports.
 */
import type { TimedEvent } from '@tfbench/domain/provider';
import { describe, expect, it } from 'vitest';
import { createOpenAIProvider } from '../src/index.js';
import { chatChunk, DONE, frame, jsonScript, type Script, useScriptedServer } from './scripted-server.js';

const KEY = 'sk-secret-0123456789abcdef';
const scripts = new Map<string, (attempt: number) => Script>();
const attempts = new Map<string, number>();
const scripted = useScriptedServer((request) => {
  const model = String(request.body.model);
  const attempt = (attempts.get(model) ?? 0) + 1;
  attempts.set(model, attempt);
  const script = scripts.get(model);
  if (script === undefined) throw new Error(`no script for ${model}`);
  return script(attempt);
});

async function run(
  model: string,
  script: (attempt: number) => Script,
  options: {
    settings?: Record<string, unknown>;
    signal?: AbortSignal;
    onEvent?: (e: TimedEvent) => void;
  } = {},
) {
  scripts.set(model, script);
  return scripted.provider().execute({
    inputs: { model, prompt: 'p' },
    settings: { retry: { base_delay_ms: 10, max_delay_ms: 20 }, ...options.settings },
    config: { base_url: scripted.server().baseUrl },
    credentials: { api_key: KEY },
    signal: options.signal,
    onEvent: options.onEvent,
  });
}

const openaiError = (message: string, type: string, code: string | null = null) => ({
  error: { message, type, param: null, code },
});

describe('HTTP errors before the stream', () => {
  it.each([
    [
      401,
      openaiError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'),
      'INVALID_API_KEY',
    ],
    [403, openaiError('Project does not have access', 'invalid_request_error'), 'FORBIDDEN'],
    [
      404,
      openaiError('The model `nope` does not exist', 'invalid_request_error', 'model_not_found'),
      'NOT_FOUND',
    ],
    [
      400,
      { object: 'error', message: 'The model `nope` does not exist.', type: 'NotFoundError', code: 404 },
      'NOT_FOUND',
    ],
    [
      400,
      openaiError("This model's maximum context length is 4096 tokens", 'invalid_request_error'),
      'INVALID_INPUT',
    ],
    [
      500,
      { object: 'error', message: 'CUDA out of memory', type: 'InternalServerError', code: 500 },
      'INTERNAL_ERROR',
    ],
  ])('HTTP %i → its code, the upstream message kept', async (status, body, code) => {
    const outcome = await run(`http-${status}-${code}`, () => jsonScript(status, body));
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe(code);
    expect(outcome.error?.http_status).toBe(status);
    const message =
      (body as { error?: { message: string }; message?: string }).error?.message ??
      (body as { message: string }).message;
    expect(outcome.error?.upstream_message).toBe(message);
    expect(outcome.error?.message).toContain(message);
    expect(outcome.attempts).toHaveLength(1);
  });

  it('a 502 page in plain text keeps its text', async () => {
    const outcome = await run('bad-gateway', () => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      steps: [{ at: 0, write: 'Bad Gateway', end: true }],
    }));
    expect(outcome.error).toMatchObject({
      code: 'INTERNAL_ERROR',
      http_status: 502,
      upstream_message: 'Bad Gateway',
    });
  });

  it('429 is retried after the retry-after the server asked for, before the stream starts', async () => {
    const outcome = await run('rate-limited', (attempt) =>
      attempt === 1
        ? jsonScript(429, openaiError('Rate limit reached', 'requests', 'rate_limit_exceeded'), {
            'retry-after': '1',
          })
        : {
            steps: [
              { at: 10, write: chatChunk({ content: 'ok' }) },
              { at: 20, write: DONE, end: true },
            ],
          },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.attempts).toHaveLength(2);
    expect(outcome.attempts[0]).toMatchObject({
      http_status: 429,
      error_code: 'RATE_LIMIT_EXCEEDED',
      retry_after_ms: 1000,
    });
    expect(outcome.attempts[0]?.wait_ms).toBeGreaterThanOrEqual(1000);
    expect(outcome.metrics.retry_wait_ms).toBeGreaterThanOrEqual(1000);
    // Figures count from the first attempt: TTFT includes the wait.
    expect(outcome.metrics.ttft_ms as number).toBeGreaterThan(1000);
  });

  it('429 on every attempt fails with RATE_LIMIT_EXCEEDED after max_attempts', async () => {
    const outcome = await run(
      'always-429',
      () => jsonScript(429, openaiError('Rate limit reached', 'requests'), { 'retry-after-ms': '5' }),
      { settings: { retry: { max_attempts: 2, base_delay_ms: 1, max_delay_ms: 2 } } },
    );
    expect(outcome.error?.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(outcome.attempts).toHaveLength(2);
  });
});

describe('failures inside the stream', () => {
  it('an error object in a 200 stream fails the run with its message', async () => {
    const events: TimedEvent[] = [];
    const outcome = await run(
      'in-stream-error',
      () => ({
        steps: [
          { at: 5, write: chatChunk({ content: 'partial' }) },
          {
            at: 10,
            write: frame({ error: { message: 'engine died', type: 'InternalServerError', code: 500 } }),
          },
          { at: 15, end: true },
        ],
      }),
      { onEvent: (e) => events.push(e) },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({
      code: 'UPSTREAM_STREAM_ERROR',
      upstream_message: 'engine died',
      http_status: 200,
    });
    expect(outcome.metrics.token_metrics?.chunks).toBe(1);
    expect(events.map((e) => e.type)).toContain('STREAM_ERROR');
  });

  it('a stream that ends without [DONE] is STREAM_BROKEN, with the figures up to the end', async () => {
    const outcome = await run('no-done', () => ({
      steps: [
        { at: 5, write: chatChunk({ content: 'a' }) },
        { at: 10, write: chatChunk({ content: 'b' }), end: true },
      ],
    }));
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('STREAM_BROKEN');
    expect(outcome.metrics.token_metrics).toMatchObject({
      chunks: 2,
      output_tokens: 2,
      output_tokens_source: 'chunks',
    });
  });

  it('a dropped connection mid-stream is STREAM_BROKEN', async () => {
    const outcome = await run('dropped', () => ({
      steps: [
        { at: 5, write: chatChunk({ content: 'a' }) },
        { at: 10, destroy: true },
      ],
    }));
    expect(outcome.error?.code).toBe('STREAM_BROKEN');
  });

  it('a stream that goes silent ends with IDLE_TIMEOUT, status timeout', async () => {
    const outcome = await run(
      'silent',
      () => ({
        steps: [
          { at: 5, write: chatChunk({ content: 'a' }) },
          { at: 5_000, write: DONE, end: true },
        ],
      }),
      { settings: { idle_timeout_ms: 150 } },
    );
    expect(outcome.status).toBe('timeout');
    expect(outcome.error?.code).toBe('IDLE_TIMEOUT');
    expect(outcome.metrics.total_duration_ms).toBeGreaterThanOrEqual(150);
    expect(outcome.metrics.total_duration_ms).toBeLessThan(1_000);
  });

  it('the total budget ends the run with TOTAL_TIMEOUT', async () => {
    const steps = Array.from({ length: 40 }, (_, i) => ({ at: i * 20, write: chatChunk({ content: 'x' }) }));
    const outcome = await run('too-long', () => ({ steps }), { settings: { timeout_s: 0.2 } });
    expect(outcome.status).toBe('timeout');
    expect(outcome.error?.code).toBe('TOTAL_TIMEOUT');
  });

  it('an abort closes the stream and ends the run cancelled', async () => {
    const controller = new AbortController();
    const steps = Array.from({ length: 100 }, (_, i) => ({ at: i * 10, write: chatChunk({ content: 'x' }) }));
    setTimeout(() => controller.abort(), 100);
    const outcome = await run('aborted', () => ({ steps }), { signal: controller.signal });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error?.code).toBe('CANCELLED');
    expect(outcome.metrics.token_metrics?.chunks).toBeGreaterThan(0);
    expect(outcome.metrics.total_duration_ms).toBeLessThan(500);
  });
});

describe('before any request', () => {
  it('a missing model is INVALID_INPUT naming the field, and nothing is sent', async () => {
    const before = scripted.server().requests.length;
    const outcome = await scripted.provider().execute({
      inputs: { prompt: 'p' },
      config: { base_url: scripted.server().baseUrl },
    });
    expect(outcome.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(outcome.error?.details?.field).toBe('inputs.model');
    expect(scripted.server().requests.length).toBe(before);
  });

  it('a config without base_url is INVALID_CONFIG', async () => {
    const outcome = await scripted.provider().execute({
      inputs: { model: 'm', prompt: 'p' },
      config: {},
    });
    expect(outcome.error).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(outcome.error?.details?.field).toBe('config.base_url');
  });

  it('an api_key_env that is not set is MISSING_API_KEY', async () => {
    const local = createOpenAIProvider({ env: {}, eventLoopSampler: null });
    const outcome = await local.execute({
      inputs: { model: 'm', prompt: 'p' },
      config: { base_url: scripted.server().baseUrl, api_key_env: 'NO_SUCH_KEY' },
    });
    await local.close();
    expect(outcome.error?.code).toBe('MISSING_API_KEY');
  });

  it('an unknown mode is INVALID_SETTINGS', async () => {
    const outcome = await scripted.provider().execute({
      inputs: { model: 'm', prompt: 'p' },
      settings: { mode: 'sse' },
      config: { base_url: scripted.server().baseUrl },
    });
    expect(outcome.error?.code).toBe('INVALID_SETTINGS');
  });
});

describe('secrets', () => {
  it('a server echoing the key and a secret header gets both redacted from the outcome', async () => {
    const header = 'gateway-secret-value-42';
    scripts.set('echo', () =>
      jsonScript(401, openaiError(`Incorrect API key provided: ${KEY} (${header})`, 'invalid_request_error')),
    );
    const outcome = await scripted.provider().execute({
      inputs: { model: 'echo', prompt: 'p' },
      config: { base_url: scripted.server().baseUrl },
      credentials: { api_key: KEY, headers: { 'x-gateway-key': header } },
    });
    expect(scripted.server().requests.at(-1)?.headers['x-gateway-key']).toBe(header);
    const text = JSON.stringify(outcome);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(header);
    expect(outcome.error?.code).toBe('INVALID_API_KEY');
  });
});
