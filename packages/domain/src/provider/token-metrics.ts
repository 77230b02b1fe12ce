/**
 * The token figures of a run against a token-streaming upstream (an OpenAI-compatible
 * endpoint): what docs/metrics.md §10 defines, with the convention each follows. Providers
 * without tokens leave them out.
 */

/** Where a run's output-token count came from: the server's `usage`, or counting chunks. */
export type OutputTokensSource = 'usage' | 'chunks';

export interface TokenMetrics {
  /** Prompt tokens, from the server's usage; null when it sent none. */
  input_tokens: number | null;
  /** From usage when the server sent one, else the count of token-bearing chunks. */
  output_tokens: number | null;
  /** Reasoning tokens from usage (`completion_tokens_details.reasoning_tokens`), else null. */
  reasoning_tokens: number | null;
  output_tokens_source: OutputTokensSource | null;
  /** t0 → first chunk with answer content (reasoning excluded); null when none came. */
  time_to_first_answer_token_ms: number | null;
  /** (last token − first token) / (output_tokens − 1); null for fewer than 2 tokens. */
  tpot_ms: number | null;
  /** (output_tokens − 1) / (last token − first token) in seconds; null for fewer than 2 tokens. */
  output_tokens_per_s: number | null;
  /** Token-bearing chunks received (content, reasoning, text or tool-call fragments); null without a stream. */
  chunks: number | null;
  /** Most tokens one chunk carried, when continuous usage tells; else null. */
  max_tokens_per_chunk: number | null;
  /** The finish_reason of the first choice, verbatim (stop, length, ...); null when none came. */
  finish_reason: string | null;
}

/**
 * A bounded sample of a run's token-bearing chunk arrivals (docs/metrics.md §10): the first
 * and last chunks and every n-th in between, never more than a fixed number, so a 5,000-token
 * stream stores the same few kilobytes as a 500-token one. The aggregates are computed from
 * every chunk before sampling.
 */
export interface TokenTimeline {
  /** Token-bearing chunks seen in total. */
  total_chunks: number;
  /** Every `stride`-th chunk between the kept head and tail was kept. */
  stride: number;
  /** ms since t0 of each kept chunk, in arrival order. */
  at_ms: number[];
  /** 0-based index (in arrival order) of each kept chunk, parallel to `at_ms`. */
  index: number[];
}
