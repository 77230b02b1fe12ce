/**
 * The token figures of a finished stream, computed once from its tally (docs/metrics.md
 * §10): TTFT, inter-token gaps, TPOT, output speed, token counts and their source, and the
 * bounded sample of chunk arrivals that is stored.
 */
import { interTokenStats } from '@tfbench/domain/measurement';
import type { TokenMetrics, TokenTimeline } from '@tfbench/domain/provider';
import type { Summary } from '@tfbench/domain/statistics';
import { roundMs, roundOrNull, roundSummary } from '@tfbench/provider-kit/timing';
import type { TokenTally } from './token-tally.js';

/** The first and the last chunks kept whole in the sample. */
const SAMPLE_EDGE = 64;
/** Most chunk stamps stored per run. */
export const MAX_TIMELINE_STAMPS = 512;

export interface StreamFigures {
  ttft_ms: number | null;
  inter_token_stats: Summary;
  token_metrics: TokenMetrics;
  token_timeline: TokenTimeline;
}

/** `offset` turns a monotonic instant into ms since t0. */
export function streamFigures(tally: TokenTally, offset: (at: number) => number): StreamFigures {
  const arrivals = tally.arrivals();
  const offsets = Array.from(arrivals, offset);
  return {
    ttft_ms: tally.firstTokenAt === null ? null : offset(tally.firstTokenAt),
    inter_token_stats: roundSummary(interTokenStats(offsets, null)),
    token_metrics: tokenMetrics(tally, offset),
    token_timeline: sampleTimeline(offsets),
  };
}

export function tokenMetrics(tally: TokenTally, offset: (at: number) => number): TokenMetrics {
  const usage = tally.usage;
  const fromUsage = usage?.completion_tokens ?? null;
  const output = fromUsage ?? tally.chunks;
  const first = tally.firstTokenAt;
  const last = tally.lastTokenAt;
  const span = first !== null && last !== null ? last - first : null;
  let maxPerChunk = tally.maxTokensPerChunk;
  // Usage equal to the chunk count: every token-bearing chunk carried exactly one token.
  if (maxPerChunk === null && fromUsage !== null && fromUsage === tally.chunks && fromUsage > 0)
    maxPerChunk = 1;
  return {
    input_tokens: usage?.prompt_tokens ?? null,
    output_tokens: output,
    reasoning_tokens: usage?.reasoning_tokens ?? null,
    output_tokens_source: fromUsage !== null ? 'usage' : 'chunks',
    time_to_first_answer_token_ms: tally.firstAnswerAt === null ? null : offset(tally.firstAnswerAt),
    tpot_ms: span !== null && output >= 2 ? roundMs(span / (output - 1)) : null,
    output_tokens_per_s:
      span !== null && span > 0 && output >= 2 ? roundOrNull(((output - 1) * 1000) / span) : null,
    chunks: tally.chunks,
    max_tokens_per_chunk: maxPerChunk,
    finish_reason: tally.finishReason,
  };
}

/**
 * The first and last {@link SAMPLE_EDGE} arrivals and every `stride`-th in between, at most
 * {@link MAX_TIMELINE_STAMPS} in all; every arrival when there are no more than that.
 */
export function sampleTimeline(offsets: readonly number[]): TokenTimeline {
  const total = offsets.length;
  if (total <= MAX_TIMELINE_STAMPS) {
    return { total_chunks: total, stride: 1, at_ms: [...offsets], index: offsets.map((_, i) => i) };
  }
  const middleSlots = MAX_TIMELINE_STAMPS - 2 * SAMPLE_EDGE;
  const middleStart = SAMPLE_EDGE;
  const middleEnd = total - SAMPLE_EDGE;
  const stride = Math.ceil((middleEnd - middleStart) / middleSlots);
  const index: number[] = [];
  for (let i = 0; i < SAMPLE_EDGE; i++) index.push(i);
  for (let i = middleStart; i < middleEnd; i += stride) index.push(i);
  for (let i = middleEnd; i < total; i++) index.push(i);
  return { total_chunks: total, stride, at_ms: index.map((i) => offsets[i] as number), index };
}

/** USD for the tokens at the automation's prices (per million tokens); null without output tokens. */
export function tokenCostUsd(
  metrics: Pick<TokenMetrics, 'input_tokens' | 'output_tokens'>,
  prices: { input_per_mtok_usd: number; output_per_mtok_usd: number },
): number | null {
  if (metrics.output_tokens === null) return null;
  const input = metrics.input_tokens ?? 0;
  return (input * prices.input_per_mtok_usd + metrics.output_tokens * prices.output_per_mtok_usd) / 1_000_000;
}
