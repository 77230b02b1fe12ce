/**
 * One HTTP exchange over node:http(s) with the phases timed and bounded separately:
 * connecting (TCP, and TLS for https), waiting for the response headers, and reading the
 * body. node:http rather than fetch because it is several times cheaper per request on
 * loopback and much steadier under concurrency (measured on this machine, see
 * ARCHITECTURE.md), and because its 'data' events let us stamp bytes as they arrive.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
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
    /** Whether the request went out on a pooled keep-alive socket (node's `request.reusedSocket`). */
    readonly reusedSocket = false,
    /** Whether any byte of a response had arrived on the socket for this request. */
    readonly responseBytes = false,
    /** ms from the socket being given to the request (it is written at once) to the failure. */
    readonly sinceSocketMs: number | null = null,
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
  /**
   * Send on a new connection of its own instead of a pooled one (closed after the
   * exchange): for the one retry after a pooled socket turned out to be stale, so that
   * retry cannot land on another socket the server is closing at the same moment.
   */
  freshConnection?: boolean;
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
    // false: node makes a one-off agent without keep-alive, so a new socket is connected.
    agent: options.freshConnection === true ? false : options.agent,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    new PendingExchange(request, options, isHttps, clock, resolve, reject).start();
  });
  return { t0, response };
}

/** One request waiting for its response headers (a class: one object, not a closure each). */
class PendingExchange implements StopObserver {
  private settled = false;
  private connected = false;
  private socket: Socket | null = null;
  /** The socket's bytesRead when it was given to this request (non-zero for a pooled one). */
  private bytesReadBefore = 0;
  private socketAt = 0;
  private connectTimer: NodeJS.Timeout | null = null;
  private headersTimer: NodeJS.Timeout | null = null;
  private signalListener: (() => void) | null = null;

  constructor(
    private readonly request: http.ClientRequest,
    private readonly options: ExchangeOptions,
    private readonly isHttps: boolean,
    private readonly clock: MonotonicClock,
    private readonly resolve: (res: IncomingMessage) => void,
    private readonly reject: (error: TransportError) => void,
  ) {}

  start(): void {
    const { request, options } = this;
    if (options.connectTimeoutMs !== null) {
      this.connectTimer = setTimeout(() => this.fail('connect_timeout'), options.connectTimeoutMs);
    }
    request.on('socket', (socket) => {
      this.socket = socket;
      this.bytesReadBefore = socket.bytesRead;
      this.socketAt = this.clock.now();
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
    // Read before destroying; bytesRead survives the destroy anyway.
    const socket = this.socket;
    const responseBytes = socket !== null && socket.bytesRead > this.bytesReadBefore;
    const sinceSocketMs = socket === null ? null : this.clock.now() - this.socketAt;
    this.request.destroy();
    this.reject(
      new TransportError(
        kind,
        cause,
        this.connected,
        this.request.reusedSocket,
        responseBytes,
        sinceSocketMs,
      ),
    );
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
  return url.protocol === 'https:' ? new HintedHttpsAgent(options) : new HintedHttpAgent(options);
}

/**
 * Node closes an idle pooled socket this long before the server said it would (node's own
 * HTTP_AGENT_KEEP_ALIVE_TIMEOUT_BUFFER), so our next request does not race the server's close.
 */
export const KEEP_ALIVE_HINT_MARGIN_MS = 1000;

/**
 * The ms a response's `Keep-Alive: timeout=N` header gives us to reuse its socket, less
 * {@link KEEP_ALIVE_HINT_MARGIN_MS}; 0 when that leaves nothing (do not keep the socket),
 * null when the server announced nothing.
 *
 * @example
 * keepAliveHintMs('timeout=5, max=1000'); // 4000
 */
export function keepAliveHintMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  const match = /(?:^|[\s,;])timeout\s*=\s*(\d+)/i.exec(value);
  if (match === null) return null;
  return Math.max(0, Number(match[1]) * 1000 - KEEP_ALIVE_HINT_MARGIN_MS);
}

/**
 * Drops an idle pooled socket before the server's announced keep-alive timeout. Node 20's
 * Agent reads the `Keep-Alive: timeout=N` hint in keepSocketAlive but applies it only to
 * shorten an agent `timeout` of its own: with none (ours: an agent timeout would also arm
 * an idle timer on every active stream) the hint is ignored, the socket stays pooled until
 * the server closes it, and a request sent as it does is reset (see createRun's one retry
 * for that race, which this makes rarer but cannot rule out: a server that announces
 * nothing can still close whenever it likes).
 */
function keepSocketAliveHinted(socket: Duplex, keep: boolean): boolean {
  if (!keep) return false;
  // The request whose response just ended: node's own keepSocketAlive reads it the same way.
  const res = (socket as { _httpMessage?: { res?: IncomingMessage } })._httpMessage?.res;
  const hint = keepAliveHintMs(res?.headers['keep-alive']);
  if (hint === null) return true;
  if (hint === 0) return false;
  const net = socket as Socket;
  // A timeout already set and shorter (an agent timeout node shortened itself) stands.
  if (!net.timeout || net.timeout > hint) net.setTimeout(hint);
  return true;
}

/** Off again while the socket carries a request: a stream may be silent for longer. */
function reuseHinted(socket: Duplex): void {
  const net = socket as Socket;
  if (net.timeout) net.setTimeout(0);
}

// biome-ignore lint/suspicious/noExplicitAny: a mixin's base constructor must take any arguments.
type AgentClass = new (...args: any[]) => http.Agent;

/** The Agent class `Base` (http's or https's) with the keep-alive hint honoured. */
function withKeepAliveHint<Base extends AgentClass>(Base: Base) {
  return class extends Base {
    override keepSocketAlive(socket: Duplex): boolean {
      return keepSocketAliveHinted(socket, super.keepSocketAlive(socket) as unknown as boolean);
    }
    override reuseSocket(socket: Duplex, request: http.ClientRequest): void {
      super.reuseSocket(socket, request);
      reuseHinted(socket);
    }
  };
}

const HintedHttpAgent = withKeepAliveHint(http.Agent);
const HintedHttpsAgent = withKeepAliveHint(https.Agent);
