/** POST /v1/runs/{id}/cancel and GET /v1/runs/{id}, as the Provider's cancel and reconcile. */
import type { CancelResult, ReconcileResult } from '@tfbench/domain/provider';
import { runError } from '@tfbench/provider-kit/errors';
import { runCostUsd } from './cost.js';
import { errorFromHttpResponse } from './errors.js';
import { exchangeJson } from './run/exchange-json.js';
import type { ClientDeps } from './run/session.js';
import { parseRunSnapshot, serverDurationMs, TERMINAL_UPSTREAM_STATUSES, verdictOf } from './run-object.js';

export interface SmallRequestOptions {
  signal?: AbortSignal;
  connectTimeoutMs: number;
  timeoutMs: number;
}

/**
 * Ask TinyFish to cancel a run. Idempotent upstream: an already cancelled run answers
 * CANCELLED again, a finished one its final status.
 */
export async function cancelRun(
  deps: ClientDeps,
  runId: string,
  options: SmallRequestOptions,
): Promise<CancelResult> {
  const answer = await answeredOk(
    deps,
    { url: deps.runUrl(runId, '/cancel'), method: 'POST' },
    options,
    'the cancel request was aborted',
  );
  if ('state' in answer) return answer;
  const body = (answer.json ?? {}) as Record<string, unknown>;
  const status = typeof body.status === 'string' ? body.status.toUpperCase() : '';
  const message = typeof body.message === 'string' ? body.message : null;
  if (status === 'CANCELLED')
    return { state: 'cancelled', upstream_status: status, message, response_json: answer.json };
  if (TERMINAL_UPSTREAM_STATUSES.has(status)) {
    return { state: 'already_finished', upstream_status: status, message, response_json: answer.json };
  }
  return {
    state: 'error',
    error: runError(
      'INVALID_RESPONSE',
      `cancel answered an unexpected status ${JSON.stringify(body.status)}`,
      {
        http_status: 200,
      },
    ),
  };
}

/** Ask TinyFish where a run stands, once. */
export async function reconcileRun(
  deps: ClientDeps,
  runId: string,
  options: SmallRequestOptions,
): Promise<ReconcileResult> {
  const answer = await answeredOk(
    deps,
    { url: deps.runUrl(runId), method: 'GET' },
    options,
    'the request was aborted',
  );
  if ('state' in answer) return answer;
  const snapshot = parseRunSnapshot(answer.json);
  if (snapshot === null) {
    return {
      state: 'error',
      error: runError('INVALID_RESPONSE', `GET /v1/runs/${runId} did not return a run object`, {
        http_status: 200,
      }),
    };
  }
  if (!TERMINAL_UPSTREAM_STATUSES.has(snapshot.status)) {
    return {
      state: 'in_progress',
      upstream_status: snapshot.status,
      streaming_url: snapshot.streaming_url,
      response_json: answer.json,
    };
  }
  const verdict = verdictOf(snapshot.status, snapshot.error, 200);
  return {
    state: 'terminal',
    status: verdict.status,
    upstream_status: snapshot.status,
    error: verdict.error,
    result: snapshot.result,
    streaming_url: snapshot.streaming_url,
    num_of_steps: snapshot.num_of_steps,
    server_duration_ms: serverDurationMs(snapshot.started_at, snapshot.finished_at),
    // The stream's own step count died with the worker: the upstream's count is the bill.
    cost_usd: runCostUsd({
      status: verdict.status,
      billed_steps: snapshot.num_of_steps,
      cost_per_step_usd: deps.costPerStepUsd,
    }),
    response_json: answer.json,
  };
}

/**
 * One small request: its 200 answer for the caller to read, or what cancel and reconcile
 * both answer otherwise (aborted, unreachable, 404 not found, any other status an error).
 */
async function answeredOk(
  deps: ClientDeps,
  request: { url: URL; method: 'GET' | 'POST' },
  options: SmallRequestOptions,
  abortedMessage: string,
): Promise<{ json: unknown } | { state: 'error' | 'not_found'; error: ReturnType<typeof runError> }> {
  const answer = await exchangeJson(deps, {
    ...request,
    signal: options.signal ?? new AbortController().signal,
    connectTimeoutMs: options.connectTimeoutMs,
    timeoutMs: options.timeoutMs,
  });
  if (answer.kind === 'stopped') return { state: 'error', error: runError('CANCELLED', abortedMessage) };
  if (answer.kind === 'error') return { state: 'error', error: answer.error };
  if (answer.status === 404)
    return { state: 'not_found', error: errorFromHttpResponse(404, answer.json, answer.text) };
  if (answer.status !== 200)
    return { state: 'error', error: errorFromHttpResponse(answer.status, answer.json, answer.text) };
  return { json: answer.json };
}
