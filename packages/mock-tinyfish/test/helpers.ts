import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';

export { type HttpResult, http, waitFor, withLoopStall } from '../src/testing/index.js';

/** One SSE frame as the client received it. */
export interface ReceivedFrame {
  /** The frame's text without its terminating blank line. */
  text: string;
  /** Epoch ms (performance.timeOrigin + now) when the chunk completing the frame arrived. */
  epoch_ms: number;
}

/** A streamed response as captured by a minimal, strict reader. */
export interface SseCapture {
  status: number;
  headers: IncomingHttpHeaders;
  raw: string;
  frames: ReceivedFrame[];
  /** 'end' when the body ended cleanly, 'error' when the connection broke, 'aborted' when we hung up. */
  ending: 'end' | 'error' | 'aborted';
}

/** Opens a run-sse stream; `done` settles when the response ends or breaks, `abort()` hangs up. */
export function openSse(
  base: string,
  body: unknown,
  options: { headers?: Record<string, string>; separator?: string } = {},
): { done: Promise<SseCapture>; abort: () => void; firstByte: Promise<void> } {
  const separator = options.separator ?? '\n\n';
  let abort = () => {};
  let markFirst = () => {};
  const firstByte = new Promise<void>((r) => {
    markFirst = r;
  });
  const done = new Promise<SseCapture>((resolve, reject) => {
    const req = httpRequest(
      `${base}/v1/automation/run-sse`,
      { method: 'POST', headers: { 'Content-Type': 'application/json', ...options.headers } },
      (res) => {
        markFirst();
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
          let cut = pending.indexOf(separator);
          while (cut !== -1) {
            capture.frames.push({ text: pending.slice(0, cut), epoch_ms: epoch });
            pending = pending.slice(cut + separator.length);
            cut = pending.indexOf(separator);
          }
        });
        res.on('end', () => settle('end'));
        res.on('error', () => settle('error'));
        res.on('aborted', () => settle('error'));
        res.on('close', () => settle(res.complete ? 'end' : 'error'));
      },
    );
    req.on('error', (err) => {
      markFirst();
      reject(err);
    });
    req.end(JSON.stringify(body));
  });
  return { done, abort: () => abort(), firstByte };
}

/** The JSON of each `data:` frame (throws on anything that is not exactly one data line). */
export function framesJson(capture: SseCapture, lineEnd = '\n'): Record<string, unknown>[] {
  return capture.frames.map((f) => {
    if (!f.text.startsWith('data: ') || f.text.includes(lineEnd))
      throw new Error(`Not a single data line: ${f.text}`);
    return JSON.parse(f.text.slice('data: '.length)) as Record<string, unknown>;
  });
}

/** A fast, fully fixed model for tests: STARTED at 10 ms, URL at 20, 3 steps 20 ms apart, COMPLETE at 100. */
export const FAST_MODEL = {
  started_delay_ms: 10,
  streaming_url_delay_ms: 10,
  steps: 3,
  step_delay_ms: 20,
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
} as const;

export const VALID_BODY = { url: 'https://scrapeme.live/shop', goal: 'Extract the product names and prices' };
