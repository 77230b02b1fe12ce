/**
 * Sending a run's request, with the retries that cannot make a server generate twice:
 * 429 and 503 (refused before any work, honouring retry-after), a refused connection, and,
 * once and at once on a fresh connection, a pooled keep-alive socket the server had closed.
 * Every attempt is recorded; all figures count from the first attempt's t0.
 */
import type { IncomingMessage } from 'node:http';
import type { RunAttempt, RunError } from '@tfbench/domain/provider';
import { AttemptWatch } from '@tfbench/provider-kit/context';
import { networkError } from '@tfbench/provider-kit/errors';
import { startExchange, TransportError } from '@tfbench/provider-kit/http';
import {
  isRetryableNetworkCause,
  isRetryableStatus,
  isStaleKeepAlive,
  retryAfterMs,
  retryWaitMs,
  STALE_SOCKET_REASON,
} from '@tfbench/provider-kit/retry';
import { roundMs } from '@tfbench/provider-kit/timing';
import { errorFromHttpResponse } from '../errors.js';
import { readJsonAnswer } from './json-body.js';
import type { RunSession } from './session.js';

export type SendResult =
  | { kind: 'response'; res: IncomingMessage }
  | { kind: 'failed'; error: RunError; at: number }
  | { kind: 'stopped' };

/**
 * POST the request until an attempt is not retried. `headersBudgetMs` null: the endpoint
 * answers only when done (non-stream), so only the total budget bounds the wait. `adopt` is
 * called with each response the moment its headers arrive, before anything else runs.
 */
export async function sendRequest(
  session: RunSession,
  headersBudgetMs: number | null,
  adopt: (res: IncomingMessage) => void,
): Promise<SendResult> {
  const { deps, settings, ctx, recorder, request } = session;
  const policy = settings.retry;
  const headers = { ...request.headers, 'content-length': String(request.body.length) };
  const agent = deps.agentFor(request.url);
  const watch = new AttemptWatch(ctx, deps.clock, recorder, headersBudgetMs, adopt);
  let staleRetries = 0;
  let freshConnection = false;
  for (let attempt = 1; ; attempt++) {
    const counted = attempt - staleRetries;
    const exchange = startExchange(
      {
        url: request.target,
        method: 'POST',
        headers,
        body: request.body,
        agent,
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
    recorder.emit('REQUEST_SENT', exchange.t0, 'client', {
      attempt,
      endpoint: request.endpoint,
      model: request.model,
    });

    let failure: RunError;
    let asked: number | null = null;
    try {
      const res = await exchange.response;
      const status = res.statusCode ?? 0;
      record.http_status = status;
      const retryable = isRetryableStatus(status);
      if (!retryable) return { kind: 'response', res };
      const answer = await readJsonAnswer(session, res, settings.headers_timeout_ms);
      if (answer.kind === 'stopped' || ctx.stopped) return { kind: 'stopped' };
      failure = answer.kind === 'ok' ? errorFromHttpResponse(status, answer.json, answer.text) : answer.error;
      if (counted >= policy.max_attempts)
        return fail(record, exchange.t0, failure, `after ${attempt} attempt(s)`);
      asked = retryAfterMs(res.headers, failure.retry_after_s, deps.wallClock());
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (error.kind === 'aborted' || ctx.stopped) {
        const reason = ctx.reason;
        if (reason?.kind === 'timeout' && reason.code !== 'TOTAL_TIMEOUT') record.error_code = reason.code;
        record.duration_ms = roundMs((ctx.stoppedAt ?? deps.clock.now()) - exchange.t0);
        return { kind: 'stopped' };
      }
      ctx.endPhase();
      failure = session.redactor.error(networkError(error.cause, 'before any response'));
      if (staleRetries === 0 && isStaleKeepAlive(error)) {
        staleRetries++;
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
    recorder.emit('RETRY', deps.clock.now(), 'client', {
      attempt,
      error_code: failure.code,
      http_status: failure.http_status,
      retry_after_ms: asked,
      wait_ms: record.wait_ms,
    });
    deps.logger?.warn(
      { attempt, error_code: failure.code, http_status: failure.http_status, wait_ms: record.wait_ms },
      'the endpoint refused the request; retrying',
    );
    if (!(await ctx.sleep(wait))) return { kind: 'stopped' };
  }

  function fail(record: RunAttempt, t0: number, error: RunError, note: string | null): SendResult {
    const at = deps.clock.now();
    record.error_code = error.code;
    record.error = error.message;
    record.duration_ms = roundMs(at - t0);
    return { kind: 'failed', error: note ? { ...error, message: `${error.message} (${note})` } : error, at };
  }
}
