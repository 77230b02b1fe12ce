/** Starting a run: the run-creating request, with its retries, shared by every mode. */
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
import { readJsonBody, stopOnIdle } from './json-answer.js';
import type { RunEndpoint, RunSession } from './session.js';

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
  const watch = new AttemptWatch(
    ctx,
    deps.clock,
    recorder,
    useHeadersTimeout ? settings.headers_timeout_ms : null,
    adopt,
  );
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
