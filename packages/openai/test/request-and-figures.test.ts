/** The request a run sends, built from config, credentials and inputs; and the pure figures. */
import { describe, expect, it } from 'vitest';
import { endpointUrl, openaiConfigSchema, prepareRequest, sampleTimeline } from '../src/index.js';
import { tokenCostUsd } from '../src/stream/token-figures.js';

const base = { base_url: 'http://127.0.0.1:8000/v1' };

function prepared(
  config: Record<string, unknown>,
  inputs: Record<string, unknown>,
  mode: 'stream' | 'non_stream' = 'stream',
  credentials?: { api_key?: string; headers?: Record<string, string> },
) {
  const result = prepareRequest({
    automation: { config, credentials },
    inputs,
    mode,
    env: { MY_KEY: 'sk-from-env-123' },
    userAgent: 'tfbench',
  });
  if (!result.ok) throw new Error(result.error.message);
  return {
    ...result.request,
    json: JSON.parse(result.request.body.toString('utf8')) as Record<string, unknown>,
  };
}

describe('prepareRequest', () => {
  it('merges extra_body under the inputs, passes unknown keys through, and owns stream fields', () => {
    const r = prepared(
      {
        ...base,
        extra_body: { top_p: 0.5, temperature: 1, stream_options: { continuous_usage_stats: true } },
      },
      {
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 0,
        seed: 7,
        ignore_eos: true,
        max_tokens: 256,
        min_tokens: 256,
        stream: false,
      },
    );
    expect(r.json).toEqual({
      top_p: 0.5,
      temperature: 0,
      model: 'm',
      seed: 7,
      ignore_eos: true,
      max_tokens: 256,
      min_tokens: 256,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { continuous_usage_stats: true, include_usage: true },
    });
  });

  it('adds the bearer key and extra headers; credentials win over the config', () => {
    const r = prepared(
      { ...base, api_key: 'sk-config-000000', headers: { 'X-Org': 'plain' } },
      { model: 'm', prompt: 'p' },
      'stream',
      {
        api_key: 'sk-credential-111111',
        headers: { 'X-Gateway': 'g-secret-222222' },
      },
    );
    expect(r.headers).toMatchObject({
      authorization: 'Bearer sk-credential-111111',
      'x-gateway': 'g-secret-222222',
      accept: 'text/event-stream',
    });
    expect(r.headers['x-org']).toBeUndefined();
    expect(r.secrets).toEqual(['sk-credential-111111', 'g-secret-222222']);
  });

  it('reads api_key_env from the environment, and a header may replace Authorization', () => {
    expect(
      prepared({ ...base, api_key_env: 'MY_KEY' }, { model: 'm', prompt: 'p' }).headers.authorization,
    ).toBe('Bearer sk-from-env-123');
    const azure = prepared(
      { ...base, headers: { Authorization: 'custom', 'api-key': 'k' } },
      { model: 'm', prompt: 'p' },
    );
    expect(azure.headers.authorization).toBe('custom');
  });

  it('prompt becomes one user message on chat and stays a prompt on completions', () => {
    expect(prepared(base, { model: 'm', prompt: 'Hi' }).json.messages).toEqual([
      { role: 'user', content: 'Hi' },
    ]);
    const completions = prepared(
      { ...base, endpoint: 'completions' },
      { model: 'm', prompt: 'Hi' },
      'non_stream',
    );
    expect(completions.url.pathname).toBe('/v1/completions');
    expect(completions.json).toEqual({ model: 'm', prompt: 'Hi', stream: false });
  });

  it('builds endpoint URLs whatever the trailing slash, keeping a query', () => {
    expect(endpointUrl('http://h:1/v1/', 'chat').href).toBe('http://h:1/v1/chat/completions');
    expect(endpointUrl('https://h/openai?api-version=1', 'completions').href).toBe(
      'https://h/openai/completions?api-version=1',
    );
  });
});

describe('openaiConfigSchema', () => {
  it('accepts the issue’s example and names the field of a bad one', () => {
    expect(
      openaiConfigSchema.safeParse({ base_url: 'http://127.0.0.1:8000/v1', api_key: 'sk-...' }).success,
    ).toBe(true);
    const bad = openaiConfigSchema.safeParse({ base_url: 'ftp://x', endpoint: 'embeddings' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['base_url', 'endpoint']);
    expect(openaiConfigSchema.safeParse({ ...base, api_key: 'a', api_key_env: 'B' }).success).toBe(false);
    expect(openaiConfigSchema.safeParse({ ...base, headers: { 'X-A': 'a\r\nInjected: 1' } }).success).toBe(
      false,
    );
  });
});

describe('figures', () => {
  it('cost = input × input price + output × output price, per million', () => {
    expect(
      tokenCostUsd(
        { input_tokens: 1_000_000, output_tokens: 500_000 },
        { input_per_mtok_usd: 3, output_per_mtok_usd: 15 },
      ),
    ).toBe(10.5);
    expect(
      tokenCostUsd(
        { input_tokens: null, output_tokens: null },
        { input_per_mtok_usd: 3, output_per_mtok_usd: 15 },
      ),
    ).toBeNull();
  });

  it('samples at most 512 stamps: the first and last 64 whole, every n-th between', () => {
    const offsets = Array.from({ length: 5000 }, (_, i) => i * 2);
    const sample = sampleTimeline(offsets);
    expect(sample.at_ms.length).toBeLessThanOrEqual(512);
    expect(sample.index.slice(0, 64)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(sample.index.at(-1)).toBe(4999);
    expect(sample.at_ms.every((at, k) => at === (sample.index[k] as number) * 2)).toBe(true);
    expect(sampleTimeline([1, 2, 3])).toEqual({
      total_chunks: 3,
      stride: 1,
      at_ms: [1, 2, 3],
      index: [0, 1, 2],
    });
  });
});
