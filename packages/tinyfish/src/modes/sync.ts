/**
 * Sync mode: POST /run, which answers only when the run is over. There is no stream, so
 * no time to first step; the response headers arrive with the result, which is why no
 * headers timeout applies (only connect and total). A FAILED run may come back as HTTP 200
 * (per the docs) or 500 (per the OpenAPI spec) with the same run-shaped body; both are
 * read the same way. /run runs cannot be cancelled upstream.
 */
import { runError } from '@tfbench/provider-kit/errors';
import { errorFromHttpResponse } from '../errors.js';
import { createRun } from '../run/create-run.js';
import { readJsonBody } from '../run/json-answer.js';
import type { RunSession } from '../run/session.js';
import { parseRunSnapshot, TERMINAL_UPSTREAM_STATUSES } from '../run-object.js';
import { failed, fromTerminalDocument, type ModeResult } from './result.js';

export async function runSync(session: RunSession): Promise<ModeResult> {
  const created = await createRun(session, 'run', 'application/json', false);
  if (created.kind === 'stopped') return created;
  if (created.kind === 'failed') return failed(created.error, created.at);
  const status = created.res.statusCode ?? 0;
  const answer = await readJsonBody(session.deps, created.res, session.ctx.signal, null);
  if (answer.kind === 'stopped') return answer;
  if (answer.kind === 'error') return failed(answer.error, answer.at);
  const snapshot = parseRunSnapshot(answer.json);
  session.recorder.emit('RESPONSE', answer.at, 'client', {
    http_status: status,
    status: snapshot?.status ?? null,
    run_id: snapshot?.run_id ?? null,
  });
  const runShaped = snapshot !== null && TERMINAL_UPSTREAM_STATUSES.has(snapshot.status);
  if (!runShaped || (status !== 200 && status !== 500)) {
    if (status === 200) {
      return failed(
        runError('INVALID_RESPONSE', '/run answered 200 without a run result', { http_status: 200 }),
        answer.at,
        answer.json,
      );
    }
    return failed(errorFromHttpResponse(status, answer.json, answer.text), answer.at, answer.json);
  }
  session.upstreamRunId = snapshot.run_id;
  session.streamingUrl = snapshot.streaming_url;
  return fromTerminalDocument({ snapshot, json: answer.json, httpStatus: status, at: answer.at }, false);
}
