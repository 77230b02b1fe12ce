/**
 * Test helpers shared by the mock servers' tests: a one-shot HTTP request and a streamed one
 * over a real loopback connection, polling, and the event-loop stall a timing tolerance must
 * allow for.
 */
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

export { mockCli, type StartedCli, sigtermDuring } from './cli.js';

/** A complete JSON response read over a real loopback connection. */
export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/** Sends one request with node:http and reads the whole response. */
export function http(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        headers: {
          ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = body.length > 0 ? JSON.parse(body) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined; after
 * `timeoutMs` fails, naming `what` when given.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
  { what, intervalMs = 10 }: { what?: string; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(what ? `timed out waiting for ${what}` : 'waitFor timed out');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Runs `fn` while sampling this process's event-loop delay. Timing assertions add the worst
 * stall to their tolerance: when the machine starves the process (a shared 2-core box), every
 * timer is late by that much, and that is the machine's doing, not the mock's.
 */
export async function withLoopStall<T>(fn: () => Promise<T>): Promise<{ value: T; stall_ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const value = await fn();
    return { value, stall_ms: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

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

/** A streaming request in progress. */
export interface OpenStream {
  /** Settles when the response ends or breaks. */
  done: Promise<SseCapture>;
  /** Hangs up. */
  abort: () => void;
  /** Settles when the response headers have arrived. */
  firstByte: Promise<void>;
}

/**
 * POSTs `body` as JSON to `url` and reads the streamed answer with a minimal, strict reader,
 * stamping each frame when the bytes completing it arrived.
 */
export function openStream(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; separator?: string; agent?: Agent } = {},
): OpenStream {
  const separator = options.separator ?? '\n\n';
  let abort = () => {};
  let markFirst = () => {};
  const firstByte = new Promise<void>((r) => {
    markFirst = r;
  });
  const done = new Promise<SseCapture>((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...options.headers },
        ...(options.agent ? { agent: options.agent } : {}),
      },
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
