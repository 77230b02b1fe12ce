/**
 * The running tally of one stream: the arrival of every token-bearing chunk (a growable
 * Float64Array, 8 bytes a chunk), the landmarks (first token, first answer token), the
 * latest usage, the finish reason, and the answer text up to a cap. Per chunk it does a
 * few number stores; summaries, samples and the token figures are computed once, at the end
 * (./token-figures.ts).
 */
import type { ChunkFacts, Usage } from './chunk.js';

/** Answer (and reasoning) text kept for the run's result; the rest is counted, not kept. */
const MAX_TEXT_CHARS = 256 * 1024;

export class TokenTally {
  private stamps = new Float64Array(256);
  /** Token-bearing chunks so far. */
  chunks = 0;
  firstTokenAt: number | null = null;
  firstAnswerAt: number | null = null;
  lastTokenAt: number | null = null;
  /** The latest usage the server reported (the final one wins). */
  usage: Usage | null = null;
  /** Usage arrived on token-bearing chunks (continuous usage): tokens per chunk are known. */
  private continuousUsage = false;
  private previousCompletionTokens = 0;
  maxTokensPerChunk: number | null = null;
  finishReason: string | null = null;
  private answerParts: string[] = [];
  private reasoningParts: string[] = [];
  private textChars = 0;
  truncatedText = false;

  /** Record one chunk that arrived at `at`. Returns true when it was token-bearing. */
  add(facts: ChunkFacts, at: number): boolean {
    if (facts.finishReason !== null) this.finishReason ??= facts.finishReason;
    const bearing = facts.tokenBearing;
    if (facts.usage !== null) this.addUsage(facts.usage, bearing);
    if (!bearing) return false;
    if (this.chunks === this.stamps.length) {
      const grown = new Float64Array(this.stamps.length * 2);
      grown.set(this.stamps);
      this.stamps = grown;
    }
    this.stamps[this.chunks++] = at;
    this.firstTokenAt ??= at;
    if (facts.answer) this.firstAnswerAt ??= at;
    this.lastTokenAt = at;
    if (facts.answerText !== null) this.keepText(this.answerParts, facts.answerText);
    if (facts.reasoningText !== null) this.keepText(this.reasoningParts, facts.reasoningText);
    return true;
  }

  /** Arrival instants of the token-bearing chunks, in order (a view, not a copy). */
  arrivals(): Float64Array {
    return this.stamps.subarray(0, this.chunks);
  }

  answerText(): string {
    return this.answerParts.join('');
  }

  reasoningText(): string | null {
    return this.reasoningParts.length === 0 ? null : this.reasoningParts.join('');
  }

  private addUsage(usage: Usage, bearing: boolean): void {
    this.usage = usage;
    if (!bearing || usage.completion_tokens === null) return;
    // Cumulative usage on a token chunk: its growth is the tokens this chunk carried.
    this.continuousUsage = true;
    const carried = usage.completion_tokens - this.previousCompletionTokens;
    this.previousCompletionTokens = usage.completion_tokens;
    if (this.maxTokensPerChunk === null || carried > this.maxTokensPerChunk) this.maxTokensPerChunk = carried;
  }

  /** True when continuous usage told how many tokens each chunk carried. */
  get knowsTokensPerChunk(): boolean {
    return this.continuousUsage;
  }

  private keepText(parts: string[], text: string): void {
    if (this.textChars >= MAX_TEXT_CHARS) {
      this.truncatedText = true;
      return;
    }
    parts.push(text);
    this.textChars += text.length;
  }
}
