/**
 * Test helpers shared by the mock servers' tests: a one-shot HTTP request over a real loopback
 * connection, polling, and the event-loop stall a timing tolerance must allow for.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

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

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 10));
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
