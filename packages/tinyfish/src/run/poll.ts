/**
 * Polling GET /v1/runs/{id} until the run is terminal: the async mode's main loop, and how
 * the SSE mode learns the real outcome after its stream broke (never by POSTing again).
 */
import type { RunError } from '@tfbench/domain/provider';
import { runError } from '@tfbench/provider-kit/errors';
import { retryWaitMs } from '@tfbench/provider-kit/retry';
import { errorFromHttpResponse } from '../errors.js';
import { parseRunSnapshot, type RunSnapshot, TERMINAL_UPSTREAM_STATUSES } from '../run-object.js';
import { exchangeJson } from './exchange-json.js';
import { learnIdentity, type RunSession } from './session.js';

export type PollEnd =
  | { kind: 'terminal'; snapshot: RunSnapshot; json: unknown; httpStatus: number; at: number }
  | { kind: 'failed'; error: RunError; at: number }
  | { kind: 'stopped' };

/**
 * Poll until terminal. The first poll waits `firstDelayMs`; later ones wait the poll
 * interval. A STATUS event is emitted whenever the status (or streaming URL) changes; the
 * first non-PENDING status marks time_to_started, the first streaming URL marks
 * time_to_streaming_url (both upper bounds at poll resolution, docs/metrics.md). Transient
 * poll failures (network, 429, 5xx) are retried up to the retry policy's attempts in a row.
 */
export async function pollUntilTerminal(
  session: RunSession,
  runId: string,
  firstDelayMs: number,
): Promise<PollEnd> {
  const { deps, settings, ctx, recorder } = session;
  let delay = firstDelayMs;
  let lastStatus: string | null = null;
  let failuresInARow = 0;
  for (;;) {
    if (delay > 0 && !(await ctx.sleep(delay))) return { kind: 'stopped' };
    delay = settings.poll_interval_ms;
    const answer = await exchangeJson(deps, {
      url: deps.runUrl(runId),
      method: 'GET',
      signal: ctx.signal,
      connectTimeoutMs: settings.connect_timeout_ms,
      timeoutMs: settings.headers_timeout_ms,
    });
    if (answer.kind === 'stopped' || ctx.stopped) return { kind: 'stopped' };
    let failure: RunError | null = null;
    if (answer.kind === 'error') failure = answer.error;
    else if (answer.status !== 200) failure = errorFromHttpResponse(answer.status, answer.json, answer.text);
    if (failure !== null) {
      const transient =
        failure.http_status === null || failure.http_status === 429 || failure.http_status >= 500;
      if (!transient || ++failuresInARow >= settings.retry.max_attempts) {
        return { kind: 'failed', error: failure, at: answer.at };
      }
      delay = Math.max(delay, retryWaitMs(failuresInARow, settings.retry, null, deps.random));
      continue;
    }
    failuresInARow = 0;
    if (answer.kind !== 'ok') continue;
    const snapshot = parseRunSnapshot(answer.json);
    if (snapshot === null) {
      return {
        kind: 'failed',
        error: runError('INVALID_RESPONSE', `GET /v1/runs/${runId} did not return a run object`, {
          http_status: answer.status,
        }),
        at: answer.at,
      };
    }
    if (snapshot.streaming_url !== null && session.streamingUrl === null) {
      learnIdentity(session, null, snapshot.streaming_url);
      recorder.streamingUrlAt ??= answer.at;
    }
    if (snapshot.status !== 'PENDING') recorder.startedAt ??= answer.at;
    if (snapshot.status !== lastStatus) {
      lastStatus = snapshot.status;
      recorder.emit('STATUS', answer.at, 'client', {
        run_id: runId,
        status: snapshot.status,
        streaming_url: snapshot.streaming_url,
        num_of_steps: snapshot.num_of_steps,
      });
    }
    if (TERMINAL_UPSTREAM_STATUSES.has(snapshot.status)) {
      return { kind: 'terminal', snapshot, json: answer.json, httpStatus: answer.status, at: answer.at };
    }
  }
}
