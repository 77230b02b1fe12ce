/**
 * A 5,000-token stream: the aggregates cover every chunk, while what the run stores and
 * emits stays bounded (≤ 512 stamps, a handful of lifecycle events plus TOKENS progress at
 * most every 250 ms), never one row per token.
 */
import type { TimedEvent } from '@tfbench/domain/provider';
import { expect, it } from 'vitest';
import { MAX_TIMELINE_STAMPS } from '../src/index.js';
import { chatChunk, DONE, usage, usageChunk, useScriptedServer } from './scripted-server.js';

const TOKENS = 5_000;
// 50 tokens every 10 ms, one chunk each: about a second of stream.
const bursts = Array.from({ length: TOKENS / 50 }, (_, burst) => ({
  at: burst * 10,
  write: Array.from({ length: 50 }, (_, i) => chatChunk({ content: `w${burst * 50 + i} ` })).join(''),
}));
const scripted = useScriptedServer(() => ({
  steps: [
    ...bursts,
    { at: TOKENS / 5 + 5, write: usageChunk(usage(10, TOKENS)) },
    { at: TOKENS / 5 + 10, write: DONE, end: true },
  ],
}));

it('keeps every chunk in the aggregates and a bounded sample of stamps and events', async () => {
  const events: TimedEvent[] = [];
  const outcome = await scripted.provider().execute({
    inputs: { model: 'dense', prompt: 'p', max_tokens: TOKENS, ignore_eos: true },
    config: { base_url: scripted.server().baseUrl },
    onEvent: (event) => events.push(event),
  });
  expect(outcome.status).toBe('completed');
  const m = outcome.metrics;
  expect(m.token_metrics).toMatchObject({ chunks: TOKENS, output_tokens: TOKENS, max_tokens_per_chunk: 1 });
  expect(m.inter_token_stats?.count).toBe(TOKENS - 1);
  expect(m.token_timeline?.total_chunks).toBe(TOKENS);
  expect(m.token_timeline?.at_ms.length).toBeLessThanOrEqual(MAX_TIMELINE_STAMPS);
  expect(JSON.stringify(m.token_timeline).length).toBeLessThan(12_000);
  const progress = events.filter((e) => e.type === 'TOKENS');
  const lifecycle = events.filter((e) => e.type !== 'TOKENS');
  expect(lifecycle.map((e) => e.type)).toEqual([
    'REQUEST_SENT',
    'FIRST_TOKEN',
    'FIRST_ANSWER_TOKEN',
    'USAGE',
    'DONE',
  ]);
  expect(progress.length).toBeLessThanOrEqual(Math.ceil(m.total_duration_ms / 250) + 1);
  for (let i = 1; i < progress.length; i++) {
    expect((progress[i] as TimedEvent).at_ms - (progress[i - 1] as TimedEvent).at_ms).toBeGreaterThanOrEqual(
      250,
    );
  }
  expect(outcome.event_count).toBe(events.length);
  expect((outcome.result as { content: string }).content.startsWith('w0 w1 ')).toBe(true);
});
