/**
 * SSE mode: POST /run-sse and read the event stream. Each chunk is stamped in the 'data'
 * handler before any parsing, so an event's at_ms is the arrival of the bytes that
 * completed it. COMPLETE ends the run; EOF or a broken connection without COMPLETE is a
 * broken stream, settled by polling GET /v1/runs/{id} (never by POSTing again, which would
 * start and bill a second run).
 */
import type { IncomingMessage } from 'node:http';
import { errorFromHttpResponse, runError } from '../errors.js';
import { pollUntilTerminal } from '../run/poll.js';
import { createRun, type RunSession, readJsonBody, stopOnIdle } from '../run/session.js';
import { serverDurationMs, verdictOf } from '../run-object.js';
import { parseTinyFishEvent, type SseItem, SseParser, type TinyFishEvent } from '../sse/index.js';
import { failed, type ModeResult } from './result.js';

/** How long a finished stream may stay open before we close it ourselves. */
const CLOSE_GRACE_MS = 2000;
/** How much of a malformed payload is kept in the protocol-error event. */
const RAW_EXCERPT_CHARS = 1024;

type StreamEnd =
  | { kind: 'complete'; event: TinyFishEvent; at: number }
  | { kind: 'broken'; at: number; reason: string }
  | { kind: 'stopped' };

export async function runSse(session: RunSession): Promise<ModeResult> {
  const created = await createRun(session, 'run-sse', 'text/event-stream', true);
  if (created.kind === 'stopped') return created;
  if (created.kind === 'failed') return failed(created.error, created.at);
  const { res } = created;
  const status = res.statusCode ?? 0;
  const contentType = String(res.headers['content-type'] ?? '');
  if (status !== 200 || !contentType.startsWith('text/event-stream')) {
    const budget = session.settings.headers_timeout_ms;
    const answer = stopOnIdle(
      await readJsonBody(session.deps, res, session.ctx.signal, budget),
      session.ctx,
      budget,
    );
    if (answer.kind === 'stopped') return answer;
    if (answer.kind === 'error') return failed(answer.error, answer.at);
    if (status !== 200)
      return failed(errorFromHttpResponse(status, answer.json, answer.text), answer.at, answer.json);
    return failed(
      runError(
        'STREAM_PROTOCOL_ERROR',
        `expected an event stream, got content-type "${contentType || 'none'}"`,
        {
          http_status: status,
        },
      ),
      answer.at,
      answer.json,
    );
  }

  const end = await readStream(session, res);
  if (end.kind === 'stopped') return end;
  if (end.kind === 'complete') {
    const event = end.event;
    const upstreamStatus = (event.status ?? '').toUpperCase();
    const verdict = verdictOf(upstreamStatus || 'UNKNOWN', event.error, 200);
    return {
      kind: 'final',
      status: verdict.status,
      error: verdict.error,
      at: end.at,
      upstream_status: event.status,
      result: event.result,
      response_json: event.payload,
      num_of_steps: null,
      server_duration_ms: serverDurationMs(session.recorder.startedServerTimestamp, event.timestamp),
      reconciled: false,
    };
  }

  // Broken stream: the run may well go on upstream; ask, do not re-POST.
  session.recorder.emit('STREAM_BROKEN', end.at, 'client', {
    reason: end.reason,
    run_id: session.upstreamRunId,
  });
  session.deps.logger?.warn(
    { run_id: session.upstreamRunId, reason: end.reason },
    'TinyFish stream ended without COMPLETE; asking for the run',
  );
  const brokenError = runError('STREAM_BROKEN', `the event stream ended without COMPLETE (${end.reason})`, {
    http_status: 200,
  });
  if (session.upstreamRunId === null) {
    return failed(
      {
        ...brokenError,
        message: `${brokenError.message}; no run id was received, so the outcome is unknown`,
      },
      end.at,
    );
  }
  const polled = await pollUntilTerminal(session, session.upstreamRunId, 0);
  if (polled.kind === 'stopped') return polled;
  if (polled.kind === 'failed') {
    return failed(
      {
        ...brokenError,
        message: `${brokenError.message}; asking for the run failed: ${polled.error.message}`,
        details: { reconcile_error: polled.error },
      },
      polled.at,
    );
  }
  const snapshot = polled.snapshot;
  const verdict = verdictOf(snapshot.status, snapshot.error, polled.httpStatus);
  session.recorder.warn('the stream broke; the outcome was read from GET /v1/runs/{id}');
  return {
    kind: 'final',
    status: verdict.status,
    error: verdict.error,
    at: polled.at,
    upstream_status: snapshot.status,
    result: snapshot.result,
    response_json: polled.json,
    num_of_steps: snapshot.num_of_steps,
    server_duration_ms: serverDurationMs(snapshot.started_at, snapshot.finished_at),
    reconciled: true,
  };
}

function readStream(session: RunSession, res: IncomingMessage): Promise<StreamEnd> {
  const { deps, ctx, recorder } = session;
  return new Promise((resolve) => {
    const parser = new SseParser({ maxLineBytes: deps.maxLineBytes });
    let finished = false;
    let ignoredAfterComplete = 0;
    const idleMs = session.settings.idle_timeout_ms;
    const idleTimer = setTimeout(
      () => ctx.stop({ kind: 'timeout', code: 'IDLE_TIMEOUT', message: `no stream event for ${idleMs} ms` }),
      idleMs,
    );
    const onStop = () => {
      res.destroy();
      finish({ kind: 'stopped' });
    };
    ctx.signal.addEventListener('abort', onStop, { once: true });

    function finish(end: StreamEnd): void {
      if (finished) return;
      finished = true;
      clearTimeout(idleTimer);
      ctx.signal.removeEventListener('abort', onStop);
      if (end.kind === 'complete') {
        // The server closes after COMPLETE; if it lingers, do not hold the socket forever.
        const grace = setTimeout(() => res.destroy(), CLOSE_GRACE_MS);
        grace.unref();
        res.once('close', () => clearTimeout(grace));
      }
      resolve(end);
    }

    res.on('data', (chunk: Buffer) => {
      // Stamp first: the arrival time must not include our own parsing.
      const at = deps.clock.now();
      handle(parser.push(chunk), at);
    });
    res.on('end', () => {
      const at = deps.clock.now();
      handle(parser.end(), at);
      if (ignoredAfterComplete > 0)
        recorder.warn(`${ignoredAfterComplete} event(s) after COMPLETE were ignored`);
      finish({ kind: 'broken', at, reason: 'end of stream' });
    });
    res.on('error', (error: NodeJS.ErrnoException) => {
      finish({ kind: 'broken', at: deps.clock.now(), reason: error.code ?? 'connection error' });
    });
    res.on('close', () => {
      finish({ kind: 'broken', at: deps.clock.now(), reason: 'connection closed' });
    });

    function handle(items: SseItem[], at: number): void {
      for (const item of items) {
        if (finished) {
          if (item.kind === 'event') ignoredAfterComplete++;
          continue;
        }
        idleTimer.refresh();
        if (item.kind === 'comment') continue;
        if (item.kind === 'line_too_long') {
          protocolError(at, { reason: 'line_too_long', bytes: item.bytes, limit: item.limit });
          continue;
        }
        const data = deps.redactor.touches(item.data) ? deps.redactor.text(item.data) : item.data;
        const parsed = parseTinyFishEvent(data, item.type);
        if (!parsed.ok) {
          protocolError(at, {
            reason: parsed.failure.reason,
            message: parsed.failure.message,
            raw: data.slice(0, RAW_EXCERPT_CHARS),
          });
          continue;
        }
        onEvent(parsed.event, at);
      }
    }

    function protocolError(at: number, payload: Record<string, unknown>): void {
      recorder.emit('STREAM_PROTOCOL_ERROR', at, 'client', payload);
    }

    function onEvent(event: TinyFishEvent, at: number): void {
      recorder.emit(event.type, at, 'upstream', event.payload, event.timestamp);
      if (event.run_id !== null && session.upstreamRunId === null) session.upstreamRunId = event.run_id;
      switch (event.type) {
        case 'STARTED':
          recorder.startedAt ??= at;
          recorder.startedServerTimestamp ??= event.timestamp;
          break;
        case 'STREAMING_URL':
          recorder.streamingUrlAt ??= at;
          session.streamingUrl ??= event.streaming_url;
          break;
        case 'PROGRESS':
          recorder.progressAt.push(at);
          break;
        case 'HEARTBEAT':
          recorder.heartbeats++;
          break;
        case 'COMPLETE':
          recorder.completeAt = at;
          recorder.completeServerTimestamp = event.timestamp;
          finish({ kind: 'complete', event, at });
          break;
        default:
          // TF_API_RESULT and types we do not know are kept in the timeline only.
          break;
      }
    }
  });
}
