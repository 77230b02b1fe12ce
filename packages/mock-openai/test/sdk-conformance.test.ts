import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAI, startMockOpenAI } from '../src/index.js';
import { FAST } from './helpers.js';

/**
 * Conformance with a client no one here wrote: the official `openai` npm SDK drives the mock
 * through its public API. If the SDK parses the mock's streams, bodies and errors into its own
 * types and classes, the mock speaks the wire as OpenAI does.
 */
const KEY = 'sk-mock-conformance';
let mock: MockOpenAI;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI({ seed: 7, apiKey: KEY, behaviour: FAST });
  client = new OpenAI({ apiKey: KEY, baseURL: mock.baseURL, maxRetries: 0 });
});
afterAll(() => mock.close());

const messages = [{ role: 'user' as const, content: 'Name three rivers.' }];
/** A streamed chat completion through the SDK, with the usage chunk asked for. */
const streamChat = (model: string, maxTokens: number) =>
  client.chat.completions.create({
    model,
    messages,
    stream: true,
    max_tokens: maxTokens,
    stream_options: { include_usage: true },
  });

describe('the official openai SDK against the mock', () => {
  it('streams a chat completion with usage, ending at [DONE]', async () => {
    const stream = await streamChat('mock-llm', 12);
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    const ids = new Set(chunks.map((c) => c.id));
    expect(ids.size).toBe(1);
    const id = chunks[0]!.id;
    expect(id).toMatch(/^chatcmpl-/);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'mock-llm')).toBe(true);
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(content.split(' ')).toHaveLength(12);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0]?.finish_reason).toBe('length');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ completion_tokens: 12 });
    expect(last.usage!.total_tokens).toBe(last.usage!.prompt_tokens + 12);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);

    const truth = mock.groundTruth(id)!;
    expect(truth.output_tokens).toBe(12);
    expect(truth.response.end_reason).toBe('complete');
    expect(truth.frames.at(-1)!.kind).toBe('done');
  });

  it('streams reasoning before the answer from a reasoning model', async () => {
    const stream = await streamChat('mock-reasoner', 80);
    const kinds: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      // reasoning_content is a vLLM extension: not in the SDK's types, but passed through as sent.
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      if (delta?.reasoning_content) kinds.push('reasoning');
      else if (delta?.content) kinds.push('content');
      usage = chunk.usage ?? usage;
    }
    const firstContent = kinds.indexOf('content');
    expect(kinds.lastIndexOf('reasoning')).toBeLessThan(firstContent);
    expect(kinds.filter((k) => k === 'reasoning').length).toBe(
      usage!.completion_tokens_details!.reasoning_tokens,
    );
  });

  it('streams a legacy completion', async () => {
    const stream = await client.completions.create({
      model: 'mock-llm',
      prompt: 'Once upon a time',
      stream: true,
      max_tokens: 5,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Completions.Completion[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.object === 'text_completion')).toBe(true);
    const text = chunks.map((c) => c.choices[0]?.text ?? '').join('');
    expect(text.split(' ')).toHaveLength(5);
    expect(chunks.at(-1)!.usage).toMatchObject({ completion_tokens: 5, prompt_tokens: 4 });
  });

  it('answers without streaming, with the request id the SDK exposes', async () => {
    const { data, request_id } = await client.chat.completions
      .create({ model: 'mock-llm', messages, max_tokens: 6 })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]!.message.role).toBe('assistant');
    expect(data.choices[0]!.message.content!.split(' ')).toHaveLength(6);
    expect(data.choices[0]!.finish_reason).toBe('length');
    expect(data.usage!.completion_tokens).toBe(6);
    expect(request_id).toBe(data.id);
    expect(mock.groundTruth(data.id)!.frames.map((f) => f.kind)).toEqual(['response']);

    const completion = await client.completions.create({ model: 'mock-llm', prompt: 'Hi', max_tokens: 3 });
    expect(completion.object).toBe('text_completion');
    expect(completion.choices[0]!.text.split(' ')).toHaveLength(3);
  });

  it('lists and retrieves models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['mock-llm', 'mock-reasoner']);
    const model = await client.models.retrieve('mock-reasoner');
    expect(model).toMatchObject({ id: 'mock-reasoner', object: 'model' });
  });

  it('raises AuthenticationError for a wrong key, without echoing it', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong-key-123', baseURL: mock.baseURL, maxRetries: 0 });
    const err = await wrong.models.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as APIError).status).toBe(401);
    expect((err as APIError).code).toBe('invalid_api_key');
    expect(JSON.stringify((err as APIError).error)).not.toContain('sk-wrong-key-123');
  });

  it('raises NotFoundError for an unknown model', async () => {
    const err = await client.chat.completions
      .create({ model: 'no-such-model', messages })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as APIError).code).toBe('model_not_found');
    expect((err as APIError).message).toContain('no-such-model');
  });

  it('raises RateLimitError with retry-after when retries are off', async () => {
    const err = await client.chat.completions
      .create({ model: 'mock-llm', messages, stream: true }, { headers: { 'x-mock-fault': 'rate_limit' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as APIError).headers?.get('retry-after')).toBe('1');
    expect((err as APIError).code).toBe('rate_limit_exceeded');
  });

  it('is retried by the SDK on 429 by default, honouring retry-after', async () => {
    const retrying = new OpenAI({ apiKey: KEY, baseURL: mock.baseURL });
    const before = mock.stats().responses_by_status['429'] ?? 0;
    const err = await retrying.chat.completions
      .create({
        model: 'mock-llm',
        messages,
        max_tokens: 2,
        mock: { fault: 'rate_limit', retry_after_s: 0 },
      } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    // The SDK's default of two retries: three requests in all.
    expect((mock.stats().responses_by_status['429'] ?? 0) - before).toBe(3);
  });

  it('raises BadRequestError, InternalServerError and APIError for the other failures', async () => {
    const bad = await client.chat.completions
      .create({ model: 'mock-llm', messages: [] })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as APIError).param).toBe('messages');

    const server = await client.chat.completions
      .create({ model: 'mock-llm', messages }, { headers: { 'x-mock-fault': 'server_error' } })
      .catch((e: unknown) => e);
    expect(server).toBeInstanceOf(OpenAI.InternalServerError);

    // An error inside a 200 stream: the SDK throws it while iterating.
    const stream = await client.chat.completions.create(
      { model: 'mock-llm', messages, stream: true, max_tokens: 8 },
      { headers: { 'x-mock-fault': 'stream_error' } },
    );
    const seen: string[] = [];
    const inStream = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(inStream).toBeInstanceOf(OpenAI.APIError);
    expect((inStream as APIError).message).toContain('The server had an error');
    expect(seen.join('').split(' ')).toHaveLength(4);
  });

  it('fails the iteration when the connection drops mid-stream', async () => {
    const stream = await client.chat.completions.create(
      { model: 'mock-llm', messages, stream: true, max_tokens: 8 },
      { headers: { 'x-mock-fault': 'drop' } },
    );
    let chunks = 0;
    const err = await (async () => {
      for await (const _ of stream) chunks++;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    // The role chunk and half the tokens came before the drop.
    expect(chunks).toBe(5);
  });
});
