/**
 * Sending the request that starts a run's work, with only the retries that cannot make a
 * server do that work twice: 429 and 503 (refused before any work, honouring Retry-After),
 * a refused connection, and, once and at once on a fresh connection, a pooled keep-alive
 * socket the server had closed (reset before any response byte: the request was never read).
 *
 * Every attempt is recorded, and every attempt's t0 goes to the recorder, which keeps the
 * first: all figures count from the first attempt (docs/metrics.md, "Retries"). The
 * stale-socket retry follows the same rule rather than restarting the clock, so a run's
 * figures always mean one thing and still include what the caller waited.
 */

import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { RunAttempt, RunError } from '@tfbench/domain/provider';
import { networkError } from '../errors.js';
import type { RequestTarget } from '../http/request-target.js';
import { startExchange } from '../http/transport.js';
import { TransportError } from '../http/transport-error.js';
import {
  isRetryableNetworkCause,
  isRetryableStatus,
  isStaleKeepAlive,
  retryAfterMs,
  retryWaitMs,
  STALE_SOCKET_REASON,
} from '../retry.js';
import { roundMs } from '../timing/clock.js';
import { AttemptWatch } from './attempt-watch.js';
import type { RunSessionBasics } from './session-basics.js';

export type SendResult =
  | { kind: 'response'; res: IncomingMessage }
  | { kind: 'failed'; error: RunError; at: number }
  | { kind: 'stopped' };

/** What the request is and how the provider words and reads its refusals. */
export interface SendPlan {
  url: URL | RequestTarget;
  /** The same for every attempt, content-length included. */
  headers: Record<string, string>;
  body: Buffer;
  agent: http.Agent;
  /** null: the endpoint answers only when done, so only the total budget bounds the wait. */
  headersBudgetMs: number | null;
  /** Called with each response the moment its headers arrive, before anything else runs. */
  adopt: ((res: IncomingMessage) => void) | null;
  /** Keeps the run's secrets out of a network error's message. */
  redact(error: RunError): RunError;
  /** Reads a refused (429/503) answer into the error it names; null when the run stopped meanwhile. */
  readRefusal(res: IncomingMessage): Promise<RunError | null>;
  /** Told of each attempt as it starts (for a provider's own timeline event). */
  onAttempt?(attempt: number, t0: number): void;
  /** What the retry log lines say, and fields they carry besides the attempt's. */
  log: { fields: Record<string, unknown>; refused: string; staleSocket: string };
}

/** Send until an attempt is not retried; resolves with that attempt's response, whatever its status. */
export async function sendWithRetries(session: RunSessionBasics, plan: SendPlan): Promise<SendResult> {
  const { ctx, recorder, settings, deps } = session;
  const { clock, logger } = deps;
  const policy = settings.retry;
  const watch = new AttemptWatch(ctx, clock, recorder, plan.headersBudgetMs, plan.adopt);
  // The stale-socket retry is not an upstream refusal: it does not count against
  // retry.max_attempts (nor its backoff), and happens at most once.
  let staleRetries = 0;
  let freshConnection = false;
  for (let attempt = 1; ; attempt++) {
    const counted = attempt - staleRetries;
    // The connect and headers budgets are the run context's (one timer for the whole run).
    const exchange = startExchange(
      {
        url: plan.url,
        method: 'POST',
        headers: plan.headers,
        body: plan.body,
        agent: plan.agent,
        stop: ctx,
        connectTimeoutMs: null,
        headersTimeoutMs: null,
        watch,
        freshConnection,
      },
      clock,
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
    plan.onAttempt?.(attempt, exchange.t0);

    let failure: RunError;
    let asked: number | null = null;
    try {
      const res = await exchange.response;
      record.http_status = res.statusCode ?? null;
      if (!isRetryableStatus(res.statusCode ?? 0)) return { kind: 'response', res };
      const refusal = await plan.readRefusal(res);
      if (refusal === null || ctx.stopped) return { kind: 'stopped' };
      failure = refusal;
      if (counted >= policy.max_attempts)
        return fail(record, exchange.t0, failure, `after ${attempt} attempt(s)`);
      asked = retryAfterMs(res.headers, failure.retry_after_s, deps.wallClock());
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (error.kind === 'aborted' || ctx.stopped) {
        const reason = ctx.reason;
        if (reason?.kind === 'timeout' && reason.code !== 'TOTAL_TIMEOUT') record.error_code = reason.code;
        record.duration_ms = roundMs((ctx.stoppedAt ?? clock.now()) - exchange.t0);
        return { kind: 'stopped' };
      }
      ctx.endPhase();
      failure = plan.redact(networkError(error.cause, 'before any response'));
      if (staleRetries === 0 && isStaleKeepAlive(error)) {
        staleRetries++;
        // A connection of its own, for this attempt and any later one of the run (rare and
        // cheap), so no retry of this run can meet another stale socket.
        freshConnection = true;
        record.error_code = failure.code;
        record.error = `${failure.message} (${STALE_SOCKET_REASON}: retried at once on a fresh connection)`;
        record.duration_ms = roundMs(clock.now() - exchange.t0);
        record.wait_ms = 0;
        recorder.emit('RETRY', clock.now(), 'client', {
          attempt,
          error_code: failure.code,
          http_status: null,
          retry_after_ms: null,
          wait_ms: 0,
          reason: STALE_SOCKET_REASON,
        });
        logger?.debug({ ...plan.log.fields, attempt, cause: error.causeCode }, plan.log.staleSocket);
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
    record.duration_ms = roundMs(clock.now() - exchange.t0);
    if (wait >= ctx.remainingMs()) {
      const note = `the next attempt (in ${Math.round(wait)} ms) would exceed the total budget`;
      return fail(record, exchange.t0, failure, note);
    }
    record.wait_ms = roundMs(wait);
    const retryFields = {
      attempt,
      error_code: failure.code,
      http_status: failure.http_status,
      retry_after_ms: asked,
      wait_ms: record.wait_ms,
    };
    recorder.emit('RETRY', clock.now(), 'client', retryFields);
    logger?.warn({ ...plan.log.fields, ...retryFields }, plan.log.refused);
    if (!(await ctx.sleep(wait))) return { kind: 'stopped' };
  }

  function fail(record: RunAttempt, t0: number, error: RunError, note: string | null): SendResult {
    const at = clock.now();
    record.error_code = error.code;
    record.error = error.message;
    record.duration_ms = roundMs(at - t0);
    return { kind: 'failed', error: note ? { ...error, message: `${error.message} (${note})` } : error, at };
  }
}
