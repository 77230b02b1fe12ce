/**
 * Every definition of docs/metrics.md §10 against a server whose send times are known: TTFT
 * stops at the first content or reasoning chunk (never the role-only prelude), the first
 * answer token at the first content chunk, the gaps are those between token-bearing chunks,
 * TPOT and output speed follow from the last token and the usage, total ends at [DONE].
 */
import type { TimedEvent } from '@tfbench/domain/provider';
import { describe, expect, it } from 'vitest';
import { chatChunk, DONE, usage, usageChunk, useScriptedServer } from './scripted-server.js';

/** Loopback plus timer jitter under a loaded machine; the figures are compared with send times. */
const TOLERANCE_MS = 8;

const scripted = useScriptedServer(() => ({
  steps: [
    { at: 0, write: chatChunk({ role: 'assistant', content: '' }) },
    { at: 40, write: chatChunk({ reasoning_content: 'Thinking' }) },
    { at: 80, write: chatChunk({ content: 'Hello' }) },
    { at: 100, write: chatChunk({ content: ',' }) },
    { at: 120, write: `: ping\n\n${chatChunk({ content: ' world' })}` },
    { at: 140, write: chatChunk({ content: '!' }, { finish_reason: 'stop' }) },
    { at: 150, write: usageChunk(usage(12, 5, 1)) },
    { at: 160, write: DONE, end: true },
  ],
}));

describe('a streamed chat completion against known send times', () => {
  it('measures TTFT, first answer token, gaps, TPOT, speed and total as defined', async () => {
    const events: TimedEvent[] = [];
    const outcome = await scripted.provider().execute({
      inputs: { model: 'test-model', prompt: 'Say hello', max_tokens: 5 },
      config: { base_url: scripted.server().baseUrl, api_key: 'sk-test-0123456789' },
      onEvent: (event) => events.push(event),
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.error).toBeNull();
    const t0 = outcome.t0_epoch_ms as number;
    const sent = (scripted.server().sentAt[0] as number[]).map((epoch) => epoch - t0);
    const m = outcome.metrics;
    const tm = m.token_metrics;
    // The role-only chunk (sent[0]) never ends TTFT: the reasoning chunk (sent[1]) does.
    expect(Math.abs((m.ttft_ms as number) - (sent[1] as number))).toBeLessThan(TOLERANCE_MS);
    expect(Math.abs((tm?.time_to_first_answer_token_ms as number) - (sent[2] as number))).toBeLessThan(
      TOLERANCE_MS,
    );
    expect(Math.abs(m.total_duration_ms - (sent[7] as number))).toBeLessThan(TOLERANCE_MS);
    // Five token-bearing chunks: four gaps, 40 + 20 + 20 + 20 ms as sent.
    expect(m.inter_token_stats?.count).toBe(4);
    expect(Math.abs((m.inter_token_stats?.mean as number) - 25)).toBeLessThan(TOLERANCE_MS);
    // Usage says 5 output tokens: TPOT = (last − first) / 4, speed its inverse.
    const span = (sent[5] as number) - (sent[1] as number);
    expect(Math.abs((tm?.tpot_ms as number) - span / 4)).toBeLessThan(TOLERANCE_MS / 2);
    expect(tm?.output_tokens_per_s).toBeCloseTo(1000 / (tm?.tpot_ms as number), 1);
    expect(tm).toMatchObject({
      input_tokens: 12,
      output_tokens: 5,
      reasoning_tokens: 1,
      output_tokens_source: 'usage',
      chunks: 5,
      max_tokens_per_chunk: 1,
      finish_reason: 'stop',
    });
    expect(m.token_timeline?.total_chunks).toBe(5);
    expect(m.token_timeline?.at_ms[0]).toBe(m.ttft_ms);
    expect(outcome.upstream_run_id).toBe('chatcmpl-test');
    expect(outcome.result).toMatchObject({
      content: 'Hello, world!',
      reasoning: 'Thinking',
      finish_reason: 'stop',
    });
    expect(events.map((e) => e.type)).toEqual([
      'REQUEST_SENT',
      'FIRST_TOKEN',
      'FIRST_ANSWER_TOKEN',
      'USAGE',
      'DONE',
    ]);
    expect(events.find((e) => e.type === 'FIRST_TOKEN')?.at_ms).toBe(m.ttft_ms);
  });

  it('sends the prompt as one user message, streaming with include_usage and the bearer key', async () => {
    const request = scripted.server().requests[0];
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-0123456789');
    expect(request?.body).toEqual({
      model: 'test-model',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});
