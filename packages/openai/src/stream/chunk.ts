/**
 * Reading one parsed chunk of an OpenAI-compatible stream: what it carries for the metrics,
 * across the variants servers send (docs/metrics.md §10). Chat chunks carry
 * `choices[i].delta.{content, reasoning_content, reasoning, tool_calls}`, completions chunks
 * `choices[i].text`; a usage chunk may have `choices: []`, `choices: null` or none at all,
 * and with continuous usage every chunk carries the running usage.
 */

/** The token usage a server reported. */
export interface Usage {
  prompt_tokens: number | null;
  completion_tokens: number | null;
  reasoning_tokens: number | null;
}

/** What one chunk says, for the tally. Reused: one object per stream, not one per chunk. */
export class ChunkFacts {
  /** A choice carried answer text (content, text or a tool-call fragment). */
  answer = false;
  /** A choice carried reasoning text. */
  reasoning = false;
  /** First non-null finish_reason of the first choice in this chunk. */
  finishReason: string | null = null;
  usage: Usage | null = null;
  /** Answer text of choice 0 (for the run's result). */
  answerText: string | null = null;
  reasoningText: string | null = null;

  /** Fill from `chunk`; returns this. */
  read(chunk: Record<string, unknown>): this {
    this.answer = false;
    this.reasoning = false;
    this.finishReason = null;
    this.answerText = null;
    this.reasoningText = null;
    this.usage = readUsage(chunk.usage);
    const choices = chunk.choices;
    if (!Array.isArray(choices)) return this;
    for (const choice of choices) {
      if (choice === null || typeof choice !== 'object') continue;
      this.readChoice(choice as Record<string, unknown>);
    }
    return this;
  }

  /** The chunk carried a token (content, reasoning, text or a tool call): it counts for TTFT and ITL. */
  get tokenBearing(): boolean {
    return this.answer || this.reasoning;
  }

  private readChoice(choice: Record<string, unknown>): void {
    const first = choice.index === undefined || choice.index === 0;
    const reason = choice.finish_reason;
    if (first && this.finishReason === null && typeof reason === 'string' && reason !== '') {
      this.finishReason = reason;
    }
    // Completions endpoint.
    if (isText(choice.text)) {
      this.answer = true;
      if (first) this.answerText = choice.text;
    }
    const delta = choice.delta;
    if (delta === null || typeof delta !== 'object') return;
    const d = delta as Record<string, unknown>;
    if (isText(d.content)) {
      this.answer = true;
      if (first) this.answerText = d.content;
    }
    if (Array.isArray(d.tool_calls) && d.tool_calls.length > 0) this.answer = true;
    const reasoning = isText(d.reasoning_content)
      ? d.reasoning_content
      : isText(d.reasoning)
        ? d.reasoning
        : null;
    if (reasoning !== null) {
      this.reasoning = true;
      if (first) this.reasoningText = reasoning;
    }
  }
}

/** A non-empty string: an empty `content: ""` (the role-only prelude) carries no token. */
function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function readUsage(value: unknown): Usage | null {
  if (value === null || typeof value !== 'object') return null;
  const u = value as Record<string, unknown>;
  const details = u.completion_tokens_details;
  const reasoning =
    details !== null && typeof details === 'object'
      ? count((details as Record<string, unknown>).reasoning_tokens)
      : null;
  const usage = {
    prompt_tokens: count(u.prompt_tokens),
    completion_tokens: count(u.completion_tokens),
    reasoning_tokens: reasoning,
  };
  return usage.prompt_tokens === null && usage.completion_tokens === null ? null : usage;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}
