import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';

export { http, waitFor, withLoopStall } from '@tfbench/mock-tinyfish/testing';

/** A fast, fully fixed behaviour for tests: TTFT 40 ms, 200 tokens/s, no jitter, no load effect. */
export const FAST = {
  ttft_ms: 40,
  tokens_per_s: 200,
  gap_jitter: 0,
  load: null,
} as const;

export const CHAT = { model: 'mock-llm', messages: [{ role: 'user', content: 'Say something.' }] };

/** One SSE frame (a `data:` event or a `:` comment) as received. */
export interface ReceivedFrame {
  text: string;
  /** Epoch ms (timeOrigin + now) when the bytes completing the frame arrived. */
  epoch_ms: number;
}

export interface SseCapture {
  status: number;
  headers: IncomingHttpHeaders;
  raw: string;
  frames: ReceivedFrame[];
  /** 'end' when the body ended cleanly, 'error' when the connection broke, 'aborted' when we hung up. */
  ending: 'end' | 'error' | 'aborted';
}

/** POSTs a streaming request; `done` settles when the response ends or breaks, `abort()` hangs up. */
export function openSse(
  base: string,
  path: string,
  body: unknown,
  options: { headers?: Record<string, string>; agent?: Agent } = {},
): { done: Promise<SseCapture>; abort: () => void; headersIn: Promise<void> } {
  let abort = () => {};
  let markHeaders = () => {};
  const headersIn = new Promise<void>((r) => {
    markHeaders = r;
  });
  const done = new Promise<SseCapture>((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...options.headers },
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        markHeaders();
        const capture: SseCapture = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          raw: '',
          frames: [],
          ending: 'end',
        };
        let pending = '';
        let settled = false;
        const settle = (ending: SseCapture['ending']) => {
          if (settled) return;
          settled = true;
          capture.ending = ending;
          resolve(capture);
        };
        abort = () => {
          req.destroy();
          settle('aborted');
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const epoch = performance.timeOrigin + performance.now();
          capture.raw += chunk;
          pending += chunk;
          let cut = pending.indexOf('\n\n');
          while (cut !== -1) {
            capture.frames.push({ text: pending.slice(0, cut), epoch_ms: epoch });
            pending = pending.slice(cut + 2);
            cut = pending.indexOf('\n\n');
          }
        });
        res.on('end', () => settle('end'));
        res.on('error', () => settle('error'));
        res.on('close', () => settle(res.complete ? 'end' : 'error'));
      },
    );
    req.on('error', (err) => {
      markHeaders();
      reject(err);
    });
    req.end(JSON.stringify(body));
  });
  return { done, abort: () => abort(), headersIn };
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
