/**
 * What one run needs while it executes (client-wide dependencies plus the run's own
 * budget, timeline and attempts), and the two request helpers every mode shares: starting
 * the run with retries, and small JSON exchanges (polls, cancels).
 */
import type http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { ResolvedRunSettings, RunAttempt, RunError } from '@tfbench/domain/provider';
import { errorFromHttpResponse, networkError, type Redactor, runError } from '../errors.js';
import {
  BodyReadError,
  discardBody,
  type ExchangeWatch,
  type RequestTarget,
  readBody,
  startExchange,
  TransportError,
} from '../http/transport.js';
import {
  isRetryableNetworkCause,
  isRetryableStatus,
  isStaleKeepAlive,
  retryAfterMs,
  retryWaitMs,
  STALE_SOCKET_REASON,
} from '../retry.js';
import { type MonotonicClock, roundMs } from '../timing/clock.js';
import type { RunContext } from './context.js';
import type { RunRecorder } from './recorder.js';

/** Minimal structured logger (pino-compatible). Receives only redacted data. */
export interface TinyFishLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export type RunEndpoint = 'run-sse' | 'run' | 'run-async';

/** Client-wide dependencies, shared by all runs. */
export interface ClientDeps {
  agent: http.Agent;
  clock: MonotonicClock;
  wallClock: () => number;
  random: () => number;
  redactor: Redactor;
  logger: TinyFishLogger | null;
  /** Headers sent on every request (X-API-Key, User-Agent). */
  headers: Record<string, string>;
  /** Where each run-creating endpoint is, parsed once. */
  endpointTarget(endpoint: RunEndpoint): RequestTarget;
  runUrl(runId: string, suffix?: '/cancel'): URL;
  maxResponseBytes: number;
  maxLineBytes: number;
}

/** One run in flight. */
export interface RunSession {
  deps: ClientDeps;
  settings: ResolvedRunSettings;
  ctx: RunContext;
  recorder: RunRecorder;
  attempts: RunAttempt[];
  /** Monotonic start of each attempt, parallel to `attempts`. */
  attemptStarts: number[];
  /** The JSON request body, serialised once. */
  body: Buffer;
  upstreamRunId: string | null;
  streamingUrl: string | null;
}

export type CreateResult =
  | { kind: 'response'; res: IncomingMessage }
  | { kind: 'failed'; error: RunError; at: number }
  | { kind: 'stopped' };

/**
 * POST the run-creation request, retrying only where no run can have started (429, 503,
 * refused connection), with backoff and Retry-After, within the run's total budget; and,
 * once per run and at once, on a fresh connection, when a pooled keep-alive socket was
 * stale (reset before any response byte: the request was never read). Every attempt is
 * recorded. Resolves with the response of the attempt that was not retried, whatever its
 * status, for the mode to interpret.
 *
 * Every attempt's t0 goes to the recorder, which keeps the first: all figures count from
 * the first attempt (docs/metrics.md, "Retries"), and `retry_wait_ms` (the final attempt's
 * at_ms) says how much of that was retrying. The stale-socket retry follows the same rule
 * rather than restarting the clock, so a run's figures always mean one thing and still
 * include what the caller waited (there, about a round trip for the reset, plus the new
 * connection's handshake).
 */
export async function createRun(
  session: RunSession,
  endpoint: RunEndpoint,
  accept: string,
  useHeadersTimeout: boolean,
  /** Called with each response the moment its headers arrive, before anything else runs. */
  adopt: ((res: IncomingMessage) => void) | null = null,
): Promise<CreateResult> {
  const { deps, settings, ctx, recorder } = session;
  const policy = settings.retry;
  // The same headers for every attempt, content-length included: built once per run.
  const headers: Record<string, string> = {
    ...deps.headers,
    'content-type': 'application/json',
    accept,
    'content-length': String(session.body.length),
  };
  const watch = new AttemptWatch(session, useHeadersTimeout ? settings.headers_timeout_ms : null, adopt);
  // The stale-socket retry is not an upstream refusal: it does not count against
  // retry.max_attempts (nor its backoff), and happens at most once.
  let staleRetries = 0;
  let freshConnection = false;
  for (let attempt = 1; ; attempt++) {
    const counted = attempt - staleRetries;
    // The connect and headers budgets are the run context's (one timer for the whole run).
    const exchange = startExchange(
      {
        url: deps.endpointTarget(endpoint),
        method: 'POST',
        headers,
        body: session.body,
        agent: deps.agent,
        stop: ctx,
        connectTimeoutMs: null,
        headersTimeoutMs: null,
        watch,
        freshConnection,
      },
      deps.clock,
    );
    ctx.beginPhase('CONNECT_TIMEOUT', settings.connect_timeout_ms, exchange.t0);
    recorder.begin(exchange.t0);
    session.attemptStarts.push(exchange.t0);
    const record: RunAttempt = {
      attempt,
      started_at: new Date(deps.wallClock()).toISOString(),
      at_ms: recorder.offset(exchange.t0),
      duration_ms: 0,
      http_status: null,
      error_code: null,
      error: null,
      retry_after_ms: null,
      wait_ms: null,
    };
    session.attempts.push(record);

    let failure: RunError;
    let asked: number | null = null;
    try {
      const res = await exchange.response;
      record.http_status = res.statusCode ?? null;
      if (!isRetryableStatus(res.statusCode ?? 0) || counted >= policy.max_attempts) {
        if (isRetryableStatus(res.statusCode ?? 0)) {
          const answer = stopOnIdle(
            await readJsonBody(session.deps, res, ctx.signal, settings.headers_timeout_ms),
            ctx,
            settings.headers_timeout_ms,
          );
          if (answer.kind === 'stopped' || ctx.stopped) return { kind: 'stopped' };
          const error =
            answer.kind === 'ok'
              ? errorFromHttpResponse(answer.status, answer.json, answer.text)
              : answer.error;
          return fail(record, exchange.t0, error, `after ${attempt} attempt(s)`);
        }
        return { kind: 'response', res };
      }
      const answer = stopOnIdle(
        await readJsonBody(session.deps, res, ctx.signal, settings.headers_timeout_ms),
        ctx,
        settings.headers_timeout_ms,
      );
      if (answer.kind === 'stopped' || ctx.stopped) return { kind: 'stopped' };
      failure =
        answer.kind === 'ok'
          ? errorFromHttpResponse(answer.status, answer.json, answer.text)
          : { ...answer.error, http_status: res.statusCode ?? null };
      asked = retryAfterMs(res.headers, failure.retry_after_s, deps.wallClock());
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (error.kind === 'aborted' || ctx.stopped) {
        const reason = ctx.reason;
        if (
          reason?.kind === 'timeout' &&
          (reason.code === 'CONNECT_TIMEOUT' || reason.code === 'HEADERS_TIMEOUT')
        ) {
          record.error_code = reason.code;
          record.duration_ms = roundMs((ctx.stoppedAt ?? deps.clock.now()) - exchange.t0);
        }
        return { kind: 'stopped' };
      }
      ctx.endPhase();
      failure = deps.redactor.error(networkError(error.cause, 'before any response'));
      if (staleRetries === 0 && isStaleKeepAlive(error)) {
        staleRetries++;
        // A connection of its own, for this attempt and any later one of the run (rare and
        // cheap), so no retry of this run can meet another stale socket.
        freshConnection = true;
        record.error_code = failure.code;
        record.error = `${failure.message} (${STALE_SOCKET_REASON}: retried at once on a fresh connection)`;
        record.duration_ms = roundMs(deps.clock.now() - exchange.t0);
        record.wait_ms = 0;
        recorder.emit('RETRY', deps.clock.now(), 'client', {
          attempt,
          error_code: failure.code,
          http_status: null,
          retry_after_ms: null,
          wait_ms: 0,
          reason: STALE_SOCKET_REASON,
        });
        deps.logger?.debug(
          { endpoint, attempt, cause: error.causeCode },
          'a pooled keep-alive socket was closed by TinyFish as the run was sent; retrying on a fresh connection',
        );
        continue;
      }
      const retryable = !error.connected && isRetryableNetworkCause(error.causeCode);
      if (!retryable || counted >= policy.max_attempts) {
        return fail(record, exchange.t0, failure, retryable ? `after ${attempt} attempt(s)` : null);
      }
    }

    const wait = retryWaitMs(counted, policy, asked, deps.random);
    record.error_code = failure.code;
    record.error = failure.message;
    record.retry_after_ms = asked;
    record.duration_ms = roundMs(deps.clock.now() - exchange.t0);
    if (wait >= ctx.remainingMs()) {
      return fail(
        record,
        exchange.t0,
        failure,
        `the next attempt (in ${Math.round(wait)} ms) would exceed the total budget`,
      );
    }
    record.wait_ms = roundMs(wait);
    const at = deps.clock.now();
    recorder.emit('RETRY', at, 'client', {
      attempt,
      error_code: failure.code,
      http_status: failure.http_status,
      retry_after_ms: asked,
      wait_ms: record.wait_ms,
    });
    deps.logger?.warn(
      {
        endpoint,
        attempt,
        error_code: failure.code,
        http_status: failure.http_status,
        wait_ms: record.wait_ms,
      },
      'TinyFish refused to start the run; retrying',
    );
    if (!(await ctx.sleep(wait))) return { kind: 'stopped' };
  }

  function fail(record: RunAttempt, t0: number, error: RunError, note: string | null): CreateResult {
    const at = session.deps.clock.now();
    record.error_code = error.code;
    record.error = error.message;
    record.duration_ms = roundMs(at - t0);
    return { kind: 'failed', error: note ? { ...error, message: `${error.message} (${note})` } : error, at };
  }
}

/**
 * Moves a run's budget through the phases of its run-creating request (connect, then
 * headers unless the endpoint answers only when done) and stamps the headers' arrival.
 */
class AttemptWatch implements ExchangeWatch {
  constructor(
    private readonly session: RunSession,
    private readonly headersBudgetMs: number | null,
    private readonly adopt: ((res: IncomingMessage) => void) | null,
  ) {}

  exchangeConnected(): void {
    const { ctx, deps } = this.session;
    if (ctx.currentPhase !== 'CONNECT_TIMEOUT') return;
    if (this.headersBudgetMs === null) ctx.endPhase();
    else ctx.beginPhase('HEADERS_TIMEOUT', this.headersBudgetMs, deps.clock.now());
  }

  exchangeResponded(res: IncomingMessage): void {
    const { ctx, deps, recorder } = this.session;
    recorder.headersAt = deps.clock.now();
    ctx.endPhase();
    this.adopt?.(res);
  }
}

/**
 * For the run's own requests: a body that went silent ends the run with IDLE_TIMEOUT
 * (status `timeout`, upstream cancel when the id is known) instead of failing it.
 */
export function stopOnIdle(answer: JsonAnswer, ctx: RunContext, timeoutMs: number | null): JsonAnswer {
  if (answer.kind === 'error' && answer.error.code === 'IDLE_TIMEOUT') {
    ctx.stop({
      kind: 'timeout',
      code: 'IDLE_TIMEOUT',
      message: `the response went silent for ${timeoutMs} ms`,
    });
    return { kind: 'stopped' };
  }
  return answer;
}

export type JsonAnswer =
  | { kind: 'ok'; status: number; headers: IncomingHttpHeaders; json: unknown; text: string; at: number }
  | { kind: 'error'; error: RunError; at: number }
  | { kind: 'stopped' };

/**
 * Read a JSON response body (redacted before parsing). `json` is null when the body is
 * not JSON; the raw text is kept for error messages.
 */
export async function readJsonBody(
  deps: ClientDeps,
  res: IncomingMessage,
  signal: AbortSignal,
  timeoutMs: number | null,
): Promise<JsonAnswer> {
  const status = res.statusCode ?? 0;
  try {
    const { text: raw, endAt } = await readBody(
      res,
      { maxBytes: deps.maxResponseBytes, signal, timeoutMs },
      deps.clock,
    );
    const text = deps.redactor.text(raw);
    let json: unknown = null;
    try {
      json = text.trim() === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { kind: 'ok', status, headers: res.headers, json, text, at: endAt };
  } catch (error) {
    if (!(error instanceof BodyReadError)) throw error;
    const at = deps.clock.now();
    if (error.kind === 'aborted') return { kind: 'stopped' };
    if (error.kind === 'too_large') {
      return {
        kind: 'error',
        error: runError('INVALID_RESPONSE', `response body larger than ${deps.maxResponseBytes} bytes`, {
          http_status: status,
        }),
        at,
      };
    }
    if (error.kind === 'timeout') {
      // The headers came, then the body went silent: the response is idle, not refused.
      return {
        kind: 'error',
        error: runError('IDLE_TIMEOUT', `response body not complete within ${timeoutMs} ms`, {
          details: { http_status: status },
        }),
        at,
      };
    }
    return {
      kind: 'error',
      error: { ...deps.redactor.error(networkError(error.cause, 'reading the body')), http_status: status },
      at,
    };
  }
}

/**
 * One small JSON exchange outside the run's creation (poll, cancel), bounded by
 * `timeoutMs` for the whole exchange. A stale pooled socket (see `isStaleKeepAlive`) is
 * retried once, at once, on a fresh connection, within the same budget: a cancel lost to
 * it would leave the upstream run going (and billed).
 */
export async function exchangeJson(
  deps: ClientDeps,
  request: {
    url: URL;
    method: 'GET' | 'POST';
    signal: AbortSignal;
    connectTimeoutMs: number;
    timeoutMs: number;
  },
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...deps.headers, accept: 'application/json' };
  const start = (freshConnection: boolean, timeoutMs: number) =>
    startExchange(
      {
        url: request.url,
        method: request.method,
        headers,
        body: request.method === 'POST' ? Buffer.alloc(0) : undefined,
        agent: deps.agent,
        stop: request.signal,
        connectTimeoutMs: request.connectTimeoutMs,
        headersTimeoutMs: timeoutMs,
        freshConnection,
      },
      deps.clock,
    );
  const first = start(false, request.timeoutMs);
  let res: IncomingMessage;
  try {
    try {
      res = await first.response;
    } catch (error) {
      if (!(error instanceof TransportError) || !isStaleKeepAlive(error)) throw error;
      const left = request.timeoutMs - (deps.clock.now() - first.t0);
      if (left < 1) throw error;
      deps.logger?.debug(
        { method: request.method, path: request.url.pathname, cause: error.causeCode },
        'a pooled keep-alive socket was stale; retrying on a fresh connection',
      );
      res = await start(true, left).response;
    }
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    const at = deps.clock.now();
    if (error.kind === 'aborted') return { kind: 'stopped' };
    if (error.kind === 'network')
      return {
        kind: 'error',
        error: deps.redactor.error(networkError(error.cause, 'before any response')),
        at,
      };
    const code = error.kind === 'connect_timeout' ? 'CONNECT_TIMEOUT' : 'HEADERS_TIMEOUT';
    return {
      kind: 'error',
      error: runError(code, `${request.method} ${request.url.pathname}: ${error.kind.replace('_', ' ')}`),
      at,
    };
  }
  const remaining = Math.max(1, request.timeoutMs - (deps.clock.now() - first.t0));
  return readJsonBody(deps, res, request.signal, remaining);
}

export { discardBody };
