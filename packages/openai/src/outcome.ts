/** Turns a finished OpenAI-compatible run into the Provider's RunOutcome, token figures included. */
import {
  METRIC_DEFINITIONS_VERSION,
  type RunAttempt,
  type RunError,
  type RunMetrics,
  type RunOutcome,
  type TokenMetrics,
} from '@tfbench/domain/provider';
import type { Redactor } from '@tfbench/provider-kit/errors';
import type { RunRecorder } from '@tfbench/provider-kit/recorder';
import { type DelayWindow, type MonotonicClock, roundDelays, roundMs } from '@tfbench/provider-kit/timing';
import type { NonStreamFacts } from './modes/non-stream.js';
import type { Prices } from './request.js';
import { streamFigures, tokenCostUsd } from './stream/token-figures.js';
import type { TokenTally } from './stream/token-tally.js';

export const PROVIDER_ID = 'openai';

/** How the run ended, in the provider's terms. */
export interface RunEnd {
  status: RunOutcome['status'];
  error: RunError | null;
  /** Monotonic instant the outcome became known. */
  at: number;
  result: unknown;
  response_json: unknown;
}

export interface OutcomeParts {
  mode: string;
  end: RunEnd;
  clock: MonotonicClock;
  recorder: RunRecorder;
  redactor: Redactor;
  attempts: RunAttempt[];
  attemptStarts: number[];
  completionId: string | null;
  /** The stream's tally (stream mode), or the answer's usage (non-stream); null when nothing was sent. */
  tokens: { kind: 'stream'; tally: TokenTally } | { kind: 'answer'; facts: NonStreamFacts } | null;
  prices: Prices | null;
  delayWindow: DelayWindow | null;
}

export function buildOutcome(parts: OutcomeParts): RunOutcome {
  const { recorder, end, attempts, attemptStarts } = parts;
  const last = attempts.length - 1;
  if (last >= 0 && attempts[last]?.duration_ms === 0) {
    (attempts[last] as RunAttempt).duration_ms = roundMs(end.at - (attemptStarts[last] as number));
  }
  const offset = (at: number) => recorder.offset(at);
  const stream = parts.tokens?.kind === 'stream' ? streamFigures(parts.tokens.tally, offset) : null;
  const tokenMetrics =
    stream?.token_metrics ??
    (parts.tokens?.kind === 'answer' ? answerTokenMetrics(parts.tokens.facts) : null);
  const metrics: RunMetrics = {
    total_duration_ms: recorder.t0 === null ? 0 : offset(end.at),
    time_to_headers_ms: recorder.headersAt === null ? null : offset(recorder.headersAt),
    time_to_started_ms: null,
    time_to_streaming_url_ms: null,
    ttft_ms: stream?.ttft_ms ?? null,
    inter_token_stats: stream?.inter_token_stats ?? null,
    steps: null,
    heartbeats: null,
    server_duration_ms: null,
    num_of_steps: null,
    retry_wait_ms: recorder.lastAttemptAt === null ? 0 : offset(recorder.lastAttemptAt),
    event_loop_delay_ms: parts.delayWindow ? roundDelays(parts.delayWindow.close()) : null,
    provider_metrics: {},
    token_metrics: tokenMetrics,
    token_timeline: stream?.token_timeline ?? null,
  };
  let cost: number | null = null;
  if (parts.prices !== null && tokenMetrics !== null) {
    cost = tokenCostUsd(tokenMetrics, parts.prices);
    if (cost !== null && tokenMetrics.input_tokens === null) {
      recorder.warn('the server reported no input tokens; the cost counts output tokens only');
    }
  }
  return {
    provider: PROVIDER_ID,
    mode: parts.mode,
    metric_definitions: METRIC_DEFINITIONS_VERSION,
    metrics,
    t0_epoch_ms: recorder.t0 === null ? null : roundMs(parts.clock.timeOrigin + recorder.t0),
    upstream_run_id: parts.completionId,
    upstream_status: null,
    streaming_url: null,
    result: parts.redactor.json(end.result),
    response_json: parts.redactor.json(end.response_json),
    attempts,
    event_count: recorder.eventCount,
    upstream_cancel: null,
    reconciled: false,
    warnings: recorder.warnings,
    cost_usd: cost,
    status: end.status,
    error: end.error === null ? null : parts.redactor.error(end.error),
  } as RunOutcome;
}

/** A non-stream answer: token counts from its usage, nothing per token. */
function answerTokenMetrics(facts: NonStreamFacts): TokenMetrics {
  const usage = facts.usage;
  return {
    input_tokens: usage?.prompt_tokens ?? null,
    output_tokens: usage?.completion_tokens ?? null,
    reasoning_tokens: usage?.reasoning_tokens ?? null,
    output_tokens_source: usage?.completion_tokens == null ? null : 'usage',
    time_to_first_answer_token_ms: null,
    tpot_ms: null,
    output_tokens_per_s: null,
    chunks: null,
    max_tokens_per_chunk: null,
    finish_reason: facts.finishReason,
  };
}
