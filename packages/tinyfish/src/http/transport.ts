/**
 * One HTTP exchange over node:http(s) with the phases timed and bounded separately:
 * connecting (TCP, and TLS for https), waiting for the response headers, and reading the
 * body. node:http rather than fetch because it is several times cheaper per request on
 * loopback and much steadier under concurrency (measured on this machine, see
 * ARCHITECTURE.md), and because its 'data' events let us stamp bytes as they arrive.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
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

/** Told once when the exchange's owner stops; see {@link StopSwitch}. */
export interface StopObserver {
  runStopped(): void;
}

/**
 * A stop switch lighter than an AbortSignal: observers are plain objects called once, no
 * EventTarget and no event objects. The run's context is one.
 */
export interface StopSwitch {
  readonly stopped: boolean;
  subscribe(observer: StopObserver): void;
  unsubscribe(observer: StopObserver): void;
}

/**
 * Told of an exchange's progress, synchronously: when its socket is connected (a run's
 * budget moves from connect to headers) and when the response headers arrive (before the
 * response promise settles, so a reader attached here sees the body from its first byte).
 */
export interface ExchangeWatch {
  exchangeConnected(): void;
  exchangeResponded(res: IncomingMessage): void;
}

/** A URL already turned into node:http request options, for endpoints requested again and again. */
export interface RequestTarget {
  readonly protocol: string;
  /** user:password from the URL, sent as basic auth as node does for a URL. */
  readonly auth: string | undefined;
  readonly hostname: string;
  readonly port: string | number | undefined;
  readonly path: string;
}

/** The request options of `url`, computed once (node would otherwise redo it per request). */
export function requestTarget(url: URL): RequestTarget {
  const options = urlToHttpOptions(url);
  return {
    protocol: url.protocol,
    auth: options.auth ?? undefined,
    hostname: options.hostname ?? url.hostname,
    port: options.port ?? undefined,
    path: options.path ?? '/',
  };
}

export interface ExchangeOptions {
  url: URL | RequestTarget;
  method: 'GET' | 'POST';
  /** Sent as they are; content-length is added (on a copy) when a body is sent without one. */
  headers: Record<string, string>;
  body?: Buffer;
  agent: http.Agent;
  /** Stopping destroys the request; the promise rejects with kind `aborted`. */
  stop: AbortSignal | StopSwitch;
  /**
   * Own timers for the connect and headers budgets (null: none). A run's request passes
   * null for both and lets its context enforce them, told of the phases by `watch`.
   */
  connectTimeoutMs: number | null;
  /** From connection to response headers; null for endpoints that answer only when done. */
  headersTimeoutMs: number | null;
  watch?: ExchangeWatch;
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
  const target = options.url instanceof URL ? requestTarget(options.url) : options.url;
  const isHttps = target.protocol === 'https:';
  let headers = options.headers;
  if (options.body && headers['content-length'] === undefined) {
    headers = { ...headers, 'content-length': String(options.body.length) };
  }
  const t0 = clock.now();
  const request = (isHttps ? https : http).request({
    protocol: target.protocol,
    auth: target.auth,
    hostname: target.hostname,
    port: target.port,
    path: target.path,
    method: options.method,
    headers,
    agent: options.agent,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    new PendingExchange(request, options, isHttps, resolve, reject).start();
  });
  return { t0, response };
}

/** One request waiting for its response headers (a class: one object, not a closure each). */
class PendingExchange implements StopObserver {
  private settled = false;
  private connected = false;
  private connectTimer: NodeJS.Timeout | null = null;
  private headersTimer: NodeJS.Timeout | null = null;
  private signalListener: (() => void) | null = null;

  constructor(
    private readonly request: http.ClientRequest,
    private readonly options: ExchangeOptions,
    private readonly isHttps: boolean,
    private readonly resolve: (res: IncomingMessage) => void,
    private readonly reject: (error: TransportError) => void,
  ) {}

  start(): void {
    const { request, options } = this;
    if (options.connectTimeoutMs !== null) {
      this.connectTimer = setTimeout(() => this.fail('connect_timeout'), options.connectTimeoutMs);
    }
    request.on('socket', (socket) => {
      // A pooled keep-alive socket is already connected; a new one connects (and for
      // https, completes its TLS handshake) first.
      if (!socket.connecting) this.onConnected();
      else socket.once(this.isHttps ? 'secureConnect' : 'connect', () => this.onConnected());
    });
    request.on('response', (res) => {
      if (this.settled) {
        res.destroy();
        return;
      }
      this.settled = true;
      this.cleanUp();
      this.options.watch?.exchangeResponded(res);
      this.resolve(res);
    });
    // Errors after the response belong to the response's reader; this listener also keeps
    // a late socket error from becoming an uncaught exception.
    request.on('error', (error) => this.fail('network', error));
    const stop = options.stop;
    if (stop instanceof AbortSignal) {
      if (stop.aborted) {
        this.fail('aborted');
        return;
      }
      this.signalListener = () => this.fail('aborted');
      stop.addEventListener('abort', this.signalListener, { once: true });
    } else {
      if (stop.stopped) {
        this.fail('aborted');
        return;
      }
      stop.subscribe(this);
    }
    request.end(options.body);
  }

  runStopped(): void {
    this.fail('aborted');
  }

  private onConnected(): void {
    this.connected = true;
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    this.connectTimer = null;
    if (this.settled) return;
    this.options.watch?.exchangeConnected();
    if (this.options.headersTimeoutMs !== null) {
      this.headersTimer = setTimeout(() => this.fail('headers_timeout'), this.options.headersTimeoutMs);
    }
  }

  private cleanUp(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    if (this.headersTimer !== null) clearTimeout(this.headersTimer);
    const stop = this.options.stop;
    if (this.signalListener !== null) (stop as AbortSignal).removeEventListener('abort', this.signalListener);
    else if (!(stop instanceof AbortSignal)) stop.unsubscribe(this);
  }

  private fail(kind: TransportFailure, cause?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanUp();
    this.request.destroy();
    this.reject(new TransportError(kind, cause, this.connected));
  }
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
