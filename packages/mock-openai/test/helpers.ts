import type { Agent } from 'node:http';
import { type OpenStream, openStream, type SseCapture } from '@tfbench/mock-tinyfish/testing';

export { http, type SseCapture, waitFor, withLoopStall } from '@tfbench/mock-tinyfish/testing';

/** A fast, fully fixed behaviour for tests: TTFT 40 ms, 200 tokens/s, no jitter, no load effect. */
export const FAST = {
  ttft_ms: 40,
  tokens_per_s: 200,
  gap_jitter: 0,
  load: null,
} as const;

export const CHAT = { model: 'mock-llm', messages: [{ role: 'user', content: 'Say something.' }] };

/** POSTs a streaming request to `path`; `done` settles when the response ends or breaks. */
export function openSse(
  base: string,
  path: string,
  body: unknown,
  options: { headers?: Record<string, string>; agent?: Agent } = {},
): OpenStream {
  return openStream(`${base}${path}`, body, options);
}

/** A chunk as it travels on the wire (chat or completions). */
export interface WireChunk {
  id: string;
  object: string;
  created: number;
  model: string;
  system_fingerprint?: string;
  choices?: WireChoice[] | null;
  usage?: WireUsage | null;
  error?: { message: string; type: string; param: string | null; code: string | null };
}

export interface WireChoice {
  index: number;
  delta?: Record<string, string | undefined>;
  text?: string;
  logprobs: null;
  finish_reason: string | null;
}

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

/** A parsed stream: the JSON of each data frame, whether [DONE] came, and the comments. */
export interface ParsedStream {
  chunks: WireChunk[];
  done: boolean;
  comments: string[];
}

/** Parses frames strictly: each is one `data: ` line or one `:` comment line, [DONE] last. */
export function parseFrames(capture: SseCapture): ParsedStream {
  const out: ParsedStream = { chunks: [], done: false, comments: [] };
  for (const f of capture.frames) {
    if (f.text.includes('\n')) throw new Error(`Frame spans lines: ${f.text}`);
    if (f.text.startsWith(':')) {
      out.comments.push(f.text);
      continue;
    }
    if (!f.text.startsWith('data: ')) throw new Error(`Not a data line: ${f.text}`);
    if (out.done) throw new Error('A frame after [DONE]');
    const data = f.text.slice('data: '.length);
    if (data === '[DONE]') out.done = true;
    else out.chunks.push(JSON.parse(data) as WireChunk);
  }
  return out;
}

/** The text streamed in chunks' deltas (or completion text) of a kind. */
export function streamedText(chunks: WireChunk[], key = 'content'): string {
  let text = '';
  for (const c of chunks) {
    const choice = c.choices?.[0];
    if (!choice) continue;
    const piece = choice.delta ? choice.delta[key] : key === 'content' ? choice.text : undefined;
    if (typeof piece === 'string') text += piece;
  }
  return text;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
