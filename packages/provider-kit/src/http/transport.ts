/**
 * One HTTP exchange over node:http(s) with the phases timed and bounded separately:
 * connecting (TCP, and TLS for https), waiting for the response headers, and reading the
 * body (./read-body.ts). node:http rather than fetch because it is several times cheaper
 * per request on loopback and much steadier under concurrency (measured on this machine,
 * see ARCHITECTURE.md), and because its 'data' events let us stamp bytes as they arrive.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { MonotonicClock } from '../timing/clock.js';
import { oneOffAgent } from './keep-alive-agent.js';
import { type RequestTarget, requestTarget } from './request-target.js';
import type { StopObserver, StopSwitch } from './stop-switch.js';
import { TransportError, type TransportFailure } from './transport-error.js';

/**
 * Told of an exchange's progress, synchronously: when its socket is connected (a run's
 * budget moves from connect to headers) and when the response headers arrive (before the
 * response promise settles, so a reader attached here sees the body from its first byte).
 */
export interface ExchangeWatch {
  exchangeConnected(): void;
  exchangeResponded(res: IncomingMessage): void;
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
    // A one-off agent without keep-alive connects a new socket, under the same address guard.
    agent: options.freshConnection === true ? oneOffAgent(options.agent) : options.agent,
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
