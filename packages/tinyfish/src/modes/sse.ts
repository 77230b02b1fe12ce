/**
 * SSE mode: POST /run-sse and read the event stream. Each read is stamped on arrival and
 * parsed later (`StampedStreamReader`), so an event's at_ms is the arrival of the bytes that
 * completed it. COMPLETE ends the run; EOF or a broken connection without COMPLETE is a
 * broken stream, settled by polling GET /v1/runs/{id} (never by POSTing again, which would
 * start and bill a second run).
 */
import type { IncomingMessage } from 'node:http';
import { runError } from '@tfbench/provider-kit/errors';
import { isEventStream, StampedStreamReader } from '@tfbench/provider-kit/sse';
import { errorFromHttpResponse } from '../errors.js';
import { createRun } from '../run/create-run.js';
import { readJsonBody, stopOnIdle } from '../run/json-answer.js';
import { pollUntilTerminal } from '../run/poll.js';
import { learnIdentity, type RunSession } from '../run/session.js';
import { serverDurationMs, verdictOf } from '../run-object.js';
import {
  eventTypeOf,
  isEventParseFailure,
  readEventObject,
  runIdOf,
  streamingUrlOf,
  type TinyFishEvent,
  timestampOf,
  toTinyFishEvent,
} from '../sse/index.js';
import { failed, fromTerminalDocument, type ModeResult } from './result.js';

/** How much of a malformed payload is kept in the protocol-error event. */
const RAW_EXCERPT_CHARS = 1024;

type StreamEnd = { kind: 'complete'; event: TinyFishEvent; at: number };

export async function runSse(session: RunSession): Promise<ModeResult> {
  // The stream reader starts the moment the headers of an event stream arrive, so body
  // bytes that came with the headers are stamped when they came, not a few hops later.
  let reader: StreamReader | null = null;
  const created = await createRun(session, 'run-sse', 'text/event-stream', true, (res) => {
    if (isEventStream(res)) reader = new StreamReader(session, res).start();
  });
  if (created.kind === 'stopped') return created;
  if (created.kind === 'failed') return failed(created.error, created.at);
  const { res } = created;
  const status = res.statusCode ?? 0;
  const contentType = String(res.headers['content-type'] ?? '');
  const stream = reader as StreamReader | null;
  if (stream === null || !isEventStream(res)) {
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

  const end = await stream.done();
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
  session.recorder.warn('the stream broke; the outcome was read from GET /v1/runs/{id}');
  return fromTerminalDocument(polled, true);
}

/**
 * Reads one event stream: what each TinyFish event means for the run. Reads are stamped on
 * arrival and parsed later; the per-event path allocates nothing of its own beyond the
 * parsed payload and the event.
 */
class StreamReader extends StampedStreamReader<StreamEnd> {
  constructor(
    private readonly session: RunSession,
    res: IncomingMessage,
  ) {
    super(session, res, { touchOnArrival: false, completeKind: 'complete', completeName: 'COMPLETE' });
  }

  // --- SseSink: every item counts as activity for the idle budget, comments included.

  comment(): void {
    if (this.finished) return;
    this.session.ctx.touch(this.at);
  }

  lineTooLong(bytes: number, limit: number): void {
    if (this.finished) return;
    this.session.ctx.touch(this.at);
    this.protocolError({ reason: 'line_too_long', bytes, limit });
  }

  event(type: string | null, rawData: string): void {
    if (this.finished) {
      this.ignoredAfterEnd++;
      return;
    }
    const { deps, ctx } = this.session;
    const at = this.at;
    ctx.touch(at);
    const data = deps.redactor.touches(rawData) ? deps.redactor.text(rawData) : rawData;
    const payload = readEventObject(data, type);
    if (isEventParseFailure(payload)) {
      this.protocolError({
        reason: payload.reason,
        message: payload.message,
        raw: data.slice(0, RAW_EXCERPT_CHARS),
      });
      return;
    }
    this.onEvent(payload, eventTypeOf(payload, type) as string, at);
  }

  private protocolError(payload: Record<string, unknown>): void {
    this.session.recorder.emit('STREAM_PROTOCOL_ERROR', this.at, 'client', payload);
  }

  /**
   * One upstream event. Only the fields the metrics need are read from the payload; the
   * fully normalised event is built for COMPLETE alone.
   */
  private onEvent(payload: Record<string, unknown>, type: string, at: number): void {
    const { session } = this;
    const recorder = session.recorder;
    const timestamp = timestampOf(payload);
    recorder.emit(type, at, 'upstream', payload, timestamp);
    if (session.upstreamRunId === null) learnIdentity(session, runIdOf(payload), null);
    switch (type) {
      case 'STARTED':
        recorder.startedAt ??= at;
        recorder.startedServerTimestamp ??= timestamp;
        break;
      case 'STREAMING_URL':
        recorder.streamingUrlAt ??= at;
        if (session.streamingUrl === null) learnIdentity(session, null, streamingUrlOf(payload));
        break;
      case 'PROGRESS':
        recorder.progressAt.push(at);
        break;
      case 'HEARTBEAT':
        recorder.heartbeats++;
        break;
      case 'COMPLETE':
        recorder.completeAt = at;
        recorder.completeServerTimestamp = timestamp;
        this.finish({ kind: 'complete', event: toTinyFishEvent(payload, type), at });
        break;
      default:
        // TF_API_RESULT and types we do not know are kept in the timeline only.
        break;
    }
  }
}
