/**
 * One HTTP exchange over node:http(s) with the phases timed and bounded separately:
 * connecting (TCP, and TLS for https), waiting for the response headers, and reading the
 * body. node:http rather than fetch because it is several times cheaper per request on
 * loopback and much steadier under concurrency (measured on this machine, see
 * ARCHITECTURE.md), and because its 'data' events let us stamp bytes as they arrive.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { MonotonicClock } from '../timing/clock.js';

/** Why an exchange failed before a response arrived. */
export type TransportFailure = 'connect_timeout' | 'headers_timeout' | 'network' | 'aborted';

export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly kind: TransportFailure,
    /** The system error for `network` failures. */
    override readonly cause: unknown,
    /** Whether a connection had been established (so the request may have been sent). */
    readonly connected: boolean,
  ) {
    super(kind === 'network' ? `network error: ${(cause as Error | undefined)?.message ?? 'unknown'}` : kind);
  }

  /** The system error code (ECONNREFUSED, ECONNRESET, ...), if any. */
  get causeCode(): string | null {
    const code = (this.cause as NodeJS.ErrnoException | undefined)?.code;
    return typeof code === 'string' ? code : null;
  }
}

export interface ExchangeOptions {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Buffer;
  agent: http.Agent;
  /** Aborting destroys the request; the promise rejects with kind `aborted`. */
  signal: AbortSignal;
  connectTimeoutMs: number;
  /** From connection to response headers; null for endpoints that answer only when done. */
  headersTimeoutMs: number | null;
}

/** A started exchange: `t0` was taken immediately before the request was created. */
export interface StartedExchange {
  t0: number;
  response: Promise<IncomingMessage>;
}

/**
 * Send a request and wait for the response headers. The caller owns the response (and its
 * abort handling) from then on. `t0` is read from `clock` as the very last thing before
 * node:http takes the request, so everything after it (socket assignment, connect, write)
 * is inside the measurement.
 */
export function startExchange(options: ExchangeOptions, clock: MonotonicClock): StartedExchange {
  const isHttps = options.url.protocol === 'https:';
  const headers = { ...options.headers };
  if (options.body) headers['content-length'] = String(options.body.length);
  const t0 = clock.now();
  const request = (isHttps ? https : http).request(options.url, {
    method: options.method,
    headers,
    agent: options.agent,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    let settled = false;
    let connected = false;
    let headersTimer: NodeJS.Timeout | null = null;
    const connectTimer = setTimeout(() => fail('connect_timeout'), options.connectTimeoutMs);
    const onConnected = () => {
      connected = true;
      clearTimeout(connectTimer);
      if (options.headersTimeoutMs !== null && !settled) {
        headersTimer = setTimeout(() => fail('headers_timeout'), options.headersTimeoutMs);
      }
    };
    const onAbort = () => fail('aborted');
    const cleanUp = () => {
      clearTimeout(connectTimer);
      if (headersTimer) clearTimeout(headersTimer);
      options.signal.removeEventListener('abort', onAbort);
    };
    function fail(kind: TransportFailure, cause?: unknown): void {
      if (settled) return;
      settled = true;
      cleanUp();
      request.destroy();
      reject(new TransportError(kind, cause, connected));
    }
    request.on('socket', (socket) => {
      // A pooled keep-alive socket is already connected; a new one connects (and for
      // https, completes its TLS handshake) first.
      if (!socket.connecting) onConnected();
      else socket.once(isHttps ? 'secureConnect' : 'connect', onConnected);
    });
    request.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      cleanUp();
      resolve(res);
    });
    // Errors after the response belong to the response's reader; this listener also keeps
    // a late socket error from becoming an uncaught exception.
    request.on('error', (error) => fail('network', error));
    if (options.signal.aborted) {
      fail('aborted');
      return;
    }
    options.signal.addEventListener('abort', onAbort, { once: true });
    request.end(options.body);
  });
  return { t0, response };
}

/** Why reading a body failed. */
export type BodyFailure = 'too_large' | 'network' | 'aborted' | 'timeout';

export class BodyReadError extends Error {
  override readonly name = 'BodyReadError';
  constructor(
    readonly kind: BodyFailure,
    override readonly cause?: unknown,
  ) {
    super(`reading the response body failed: ${kind}`);
  }
}

/**
 * Read a whole (JSON) body as text, at most `maxBytes`, within `timeoutMs` (null: no own
 * limit). Resolves with the text and the monotonic instant its last byte arrived.
 */
export function readBody(
  res: IncomingMessage,
  options: { maxBytes: number; signal: AbortSignal; timeoutMs: number | null },
  clock: MonotonicClock,
): Promise<{ text: string; endAt: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = options.timeoutMs === null ? null : setTimeout(() => fail('timeout'), options.timeoutMs);
    const onAbort = () => fail('aborted');
    function finish(): void {
      done = true;
      if (timer) clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    }
    function fail(kind: BodyFailure, cause?: unknown): void {
      if (done) return;
      finish();
      res.destroy();
      reject(new BodyReadError(kind, cause));
    }
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) fail('too_large');
      else chunks.push(chunk);
    });
    res.on('end', () => {
      const endAt = clock.now();
      if (done) return;
      finish();
      resolve({ text: Buffer.concat(chunks, size).toString('utf8'), endAt });
    });
    res.on('error', (error) => fail('network', error));
    res.on('close', () => {
      if (!res.complete) fail('network', new Error('connection closed before the body ended'));
    });
    if (options.signal.aborted) fail('aborted');
    else options.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Drain and discard a body we do not need, so the socket can go back to the pool. */
export function discardBody(res: IncomingMessage): void {
  res.resume();
  res.on('error', () => undefined);
}

/** A keep-alive agent for one upstream. */
export function createAgent(url: URL, maxSockets: number): http.Agent {
  const options = {
    keepAlive: true,
    maxSockets,
    maxFreeSockets: Math.min(256, maxSockets),
    scheduling: 'lifo' as const,
  };
  return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}
