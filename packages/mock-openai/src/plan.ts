import { SeededRandom, sampleDelay } from '@tfbench/mock-tinyfish';
import { FAULT_KINDS, type FaultKind, type MockOpenAIBehaviour } from './behaviour.js';
import type { TextKind } from './text.js';

export type Endpoint = 'chat' | 'completions';
export type FinishReason = 'stop' | 'length';

/** What the request asked for that shapes the output. */
export interface PlanRequest {
  endpoint: Endpoint;
  maxTokens: number | null;
  minTokens: number | null;
  ignoreEos: boolean;
}

/**
 * One generation, decided up front from the request's own seeded generator. Gaps are the
 * unloaded values; the player scales them by the load multiplier as it plays them.
 */
export interface GenerationPlan {
  seed: number;
  fault: FaultKind | 'none';
  ttft_ms: number;
  tokens_per_s: number;
  reasoning_tokens: number;
  content_tokens: number;
  output_tokens: number;
  finish_reason: FinishReason;
  /** Tokens in each token-bearing chunk, in order (reasoning chunks first). */
  chunk_tokens: number[];
  chunk_kinds: TextKind[];
  /** Unloaded gap before each chunk, ms; the first is 0 (the first chunk comes at TTFT). */
  chunk_gaps_ms: number[];
  /** The chunk the fault strikes before (`stream_error`, `drop`); chunk_tokens.length = after the last. */
  fault_at_chunk: number;
  /** Vocabulary offset of the generated words. */
  word_offset: number;
}

/**
 * Draws a plan. The order of draws is fixed (fault, TTFT, speed, reasoning, length, then per
 * chunk its size and gap jitter, then the word offset), so the same seed, behaviour and
 * request give the same plan.
 */
export function planGeneration(seed: number, b: MockOpenAIBehaviour, req: PlanRequest): GenerationPlan {
  const rng = new SeededRandom(seed);
  const fault = drawFault(b, rng);
  const ttft = sampleDelay(b.ttft_ms, rng);
  const tokensPerS = Math.max(0.01, sampleDelay(b.tokens_per_s, rng));
  const wantedReasoning = req.endpoint === 'chat' ? Math.round(sampleDelay(b.reasoning_tokens, rng)) : 0;
  if (req.endpoint !== 'chat') rng.next(); // keep the draw count independent of the endpoint
  let natural = Math.max(1, Math.round(sampleDelay(b.output_tokens, rng)));
  if (req.minTokens !== null) natural = Math.max(natural, req.minTokens);

  const cap = req.maxTokens ?? b.max_output_tokens;
  let output: number;
  let finish: FinishReason;
  if (req.ignoreEos && req.maxTokens !== null) {
    // vLLM's ignore_eos: exactly max_tokens, and the stop was the length limit.
    output = req.maxTokens;
    finish = 'length';
  } else if (natural >= cap) {
    output = cap;
    finish = 'length';
  } else {
    output = natural;
    finish = 'stop';
  }
  // Reasoning counts against max_tokens, as it does on OpenAI and vLLM; the answer gets the rest.
  const reasoning = Math.min(wantedReasoning, output);
  const content = output - reasoning;

  const chunkTokens: number[] = [];
  const chunkKinds: TextKind[] = [];
  const gaps: number[] = [];
  for (const [kind, total] of [
    ['reasoning', reasoning],
    ['content', content],
  ] as const) {
    let left = total;
    while (left > 0) {
      const size = Math.min(left, Math.max(1, Math.round(sampleDelay(b.tokens_per_chunk, rng))));
      const jitter = 1 + b.gap_jitter * (2 * rng.next() - 1);
      gaps.push(chunkTokens.length === 0 ? 0 : (size / tokensPerS) * 1000 * jitter);
      chunkTokens.push(size);
      chunkKinds.push(kind);
      left -= size;
    }
  }

  const faultAfter = b.fault_after_tokens ?? Math.floor(output / 2);
  let faultAt = 0;
  for (let sent = 0; faultAt < chunkTokens.length && sent + chunkTokens[faultAt]! <= faultAfter; faultAt++) {
    sent += chunkTokens[faultAt]!;
  }

  return {
    seed,
    fault,
    ttft_ms: ttft,
    tokens_per_s: tokensPerS,
    reasoning_tokens: reasoning,
    content_tokens: content,
    output_tokens: output,
    finish_reason: finish,
    chunk_tokens: chunkTokens,
    chunk_kinds: chunkKinds,
    chunk_gaps_ms: gaps,
    fault_at_chunk: faultAt,
    word_offset: rng.int(0, 1_000_000),
  };
}

/** A forced fault wins; otherwise one draw against the cumulative rates. Always one draw. */
function drawFault(b: MockOpenAIBehaviour, rng: SeededRandom): FaultKind | 'none' {
  return rng.pickByRates(FAULT_KINDS, b.fault_rates, b.fault);
}
