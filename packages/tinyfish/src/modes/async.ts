/**
 * Async mode: POST /run-async for a run id, then poll GET /v1/runs/{id} every
 * `poll_interval_ms` until the run is terminal. Landmarks come from the polls, so their
 * resolution is the poll interval (docs/metrics.md).
 */
import { runError } from '@tfbench/provider-kit/errors';
import { errorFromHttpResponse } from '../errors.js';
import { createRun } from '../run/create-run.js';
import { readJsonBody, stopOnIdle } from '../run/json-answer.js';
import { pollUntilTerminal } from '../run/poll.js';
import type { RunSession } from '../run/session.js';
import { normalizeRunError } from '../sse/index.js';
import { failed, fromTerminalDocument, type ModeResult } from './result.js';

export async function runAsync(session: RunSession): Promise<ModeResult> {
  const { ctx, settings, recorder } = session;
  const created = await createRun(session, 'run-async', 'application/json', true);
  if (created.kind === 'stopped') return created;
  if (created.kind === 'failed') return failed(created.error, created.at);
  const status = created.res.statusCode ?? 0;
  const answer = stopOnIdle(
    await readJsonBody(session.deps, created.res, ctx.signal, settings.headers_timeout_ms),
    ctx,
    settings.headers_timeout_ms,
  );
  if (answer.kind === 'stopped') return answer;
  if (answer.kind === 'error') return failed(answer.error, answer.at);
  if (status !== 200)
    return failed(errorFromHttpResponse(status, answer.json, answer.text), answer.at, answer.json);
  const body = (answer.json ?? {}) as Record<string, unknown>;
  const runId = typeof body.run_id === 'string' && body.run_id !== '' ? body.run_id : null;
  if (runId === null) {
    // {"run_id": null, "error": {"code", "message"}}: refused without an HTTP error.
    const upstream = normalizeRunError(body.error);
    if (upstream !== null) {
      const mapped = errorFromHttpResponse(200, {
        error: { code: upstream.code, message: upstream.message },
      });
      return failed(
        { ...mapped, message: `run-async refused the run: ${upstream.message}` },
        answer.at,
        answer.json,
      );
    }
    return failed(
      runError('INVALID_RESPONSE', 'run-async answered without a run_id or an error', { http_status: 200 }),
      answer.at,
      answer.json,
    );
  }
  session.upstreamRunId = runId;
  recorder.emit('RUN_CREATED', answer.at, 'client', { run_id: runId });

  const polled = await pollUntilTerminal(session, runId, settings.poll_interval_ms);
  if (polled.kind === 'stopped') return polled;
  if (polled.kind === 'failed') {
    recorder.warn('polling failed; the run may still be in progress upstream');
    return failed(polled.error, polled.at);
  }
  return fromTerminalDocument(polled, false);
}
