import type { Quirks } from './behaviour.js';
import type { Endpoint, FinishReason } from './plan.js';
import type { TextKind } from './text.js';

/**
 * The OpenAI wire format: stream chunks, whole responses and error bodies. A stream's constant
 * head (`{"id":...,"model":...,"choices":[`) is serialised once, so a token chunk costs one
 * JSON.stringify of its text and a string concatenation.
 */

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
} as const;

export const DONE_FRAME = 'data: [DONE]\n\n';
export const PING_FRAME = ': ping\n\n';
export const SYSTEM_FINGERPRINT = 'fp_mock';

export interface UsageCounts {
  prompt: number;
  completion: number;
  reasoning: number;
}

export function usageObject(endpoint: Endpoint, u: UsageCounts): Record<string, unknown> {
  const base = {
    prompt_tokens: u.prompt,
    completion_tokens: u.completion,
    total_tokens: u.prompt + u.completion,
  };
  if (endpoint === 'completions') return base;
  return {
    ...base,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
  };
}

/** Builds the frames of one stream. */
export class FrameBuilder {
  private readonly head: string;

  constructor(
    private readonly endpoint: Endpoint,
    id: string,
    created: number,
    model: string,
    /** `usage: null` on every chunk (include_usage), cumulative usage (continuous), or no key. */
    private readonly usageMode: 'absent' | 'null' | 'continuous',
    private readonly quirks: Quirks,
    private readonly promptTokens: number,
  ) {
    const object = endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    this.head = `{"id":${JSON.stringify(id)},"object":"${object}","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":"${SYSTEM_FINGERPRINT}","choices":`;
  }

  /** The role-only opening chunk of a chat stream: no token. */
  role(): string {
    return this.chunk(
      '{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}',
      0,
      0,
    );
  }

  /** A token-bearing chunk; `finish` set when the finish reason rides on the last token. */
  tokens(
    kind: TextKind,
    text: string,
    finish: FinishReason | null,
    completion: number,
    reasoning: number,
  ): string {
    const fr = finish === null ? 'null' : `"${finish}"`;
    const t = JSON.stringify(text);
    if (this.endpoint === 'completions') {
      return this.chunk(
        `{"index":0,"text":${t},"logprobs":null,"finish_reason":${fr}}`,
        completion,
        reasoning,
      );
    }
    const key = kind === 'content' ? 'content' : this.quirks.reasoning_field;
    return this.chunk(
      `{"index":0,"delta":{"${key}":${t}},"logprobs":null,"finish_reason":${fr}}`,
      completion,
      reasoning,
    );
  }

  /** The chunk carrying only the finish reason: empty delta (chat) or empty text (completions). */
  finish(reason: FinishReason, completion: number, reasoning: number): string {
    const choice =
      this.endpoint === 'chat'
        ? `{"index":0,"delta":{},"logprobs":null,"finish_reason":"${reason}"}`
        : `{"index":0,"text":"","logprobs":null,"finish_reason":"${reason}"}`;
    return this.chunk(choice, completion, reasoning);
  }

  /** The usage chunk before [DONE], in the quirk's shape of `choices`. */
  usage(completion: number, reasoning: number): string {
    const usage = JSON.stringify(
      usageObject(this.endpoint, { prompt: this.promptTokens, completion, reasoning }),
    );
    const shape = this.quirks.usage_chunk;
    if (shape === 'no_choices') {
      // The head ends with `"choices":`; drop that key entirely.
      return `data: ${this.head.slice(0, -',"choices":'.length)},"usage":${usage}}\n\n`;
    }
    return `data: ${this.head}${shape === 'null_choices' ? 'null' : '[]'},"usage":${usage}}\n\n`;
  }

  private chunk(choice: string, completion: number, reasoning: number): string {
    let usage = '';
    if (this.usageMode === 'null') usage = ',"usage":null';
    else if (this.usageMode === 'continuous') {
      usage = `,"usage":${JSON.stringify(usageObject(this.endpoint, { prompt: this.promptTokens, completion, reasoning }))}`;
    }
    return `data: ${this.head}[${choice}]${usage}}\n\n`;
  }
}

/** `data: {"error": {...}}`: a failure after the 200 status line has gone out. */
export function streamErrorFrame(message: string): string {
  return `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } })}\n\n`;
}

export interface ApiError {
  status: number;
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** An error body in the shape the server imitates. */
export function errorBody(e: ApiError, shape: Quirks['error_shape']): Record<string, unknown> {
  const inner = { message: e.message, type: e.type, param: e.param, code: e.code };
  return shape === 'vllm' ? { object: 'error', ...inner } : { error: inner };
}

/** A whole non-streaming answer. */
export function completionBody(p: {
  endpoint: Endpoint;
  id: string;
  created: number;
  model: string;
  reasoningField: Quirks['reasoning_field'];
  reasoningText: string;
  contentText: string;
  finish: FinishReason;
  usage: UsageCounts;
}): Record<string, unknown> {
  const common = {
    id: p.id,
    object: p.endpoint === 'chat' ? 'chat.completion' : 'text_completion',
    created: p.created,
    model: p.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  const usage = usageObject(p.endpoint, p.usage);
  if (p.endpoint === 'completions') {
    return {
      ...common,
      choices: [{ index: 0, text: p.contentText, logprobs: null, finish_reason: p.finish }],
      usage,
    };
  }
  const message: Record<string, unknown> = { role: 'assistant', content: p.contentText, refusal: null };
  if (p.reasoningText.length > 0) message[p.reasoningField] = p.reasoningText;
  return { ...common, choices: [{ index: 0, message, logprobs: null, finish_reason: p.finish }], usage };
}
