/**
 * Stream mode: POST with `stream: true` and read the Server-Sent Events, each read stamped
 * on arrival and parsed later (`StampedStreamReader`). `[DONE]` completes the run;
 * an error object in the stream fails it; an end without `[DONE]` is STREAM_BROKEN.
 */
import type { IncomingMessage } from 'node:http';
import type { RunError } from '@tfbench/domain/provider';
import { runError } from '@tfbench/provider-kit/errors';
import { isEventStream, StampedStreamReader } from '@tfbench/provider-kit/sse';
import { errorFromErrorObject, errorFromHttpResponse } from '../errors.js';
import { readJsonAnswer } from '../run/json-body.js';
import { sendRequest } from '../run/send.js';
import type { RunSession } from '../run/session.js';
import { ChunkFacts } from '../stream/chunk.js';
import { failed, isObject, type ModeResult } from './result.js';

/** Malformed frames reported as events; more are only counted. */
const MAX_PROTOCOL_ERROR_EVENTS = 10;
const RAW_EXCERPT_CHARS = 512;

type StreamEnd = { kind: 'done'; at: number } | { kind: 'error'; error: RunError; at: number };

export async function runStream(session: RunSession): Promise<ModeResult> {
  let reader: StreamReader | null = null;
  const sent = await sendRequest(session, session.settings.headers_timeout_ms, (res) => {
    if (isEventStream(res)) reader = new StreamReader(session, res).start();
  });
  if (sent.kind === 'stopped') return sent;
  if (sent.kind === 'failed') return failed(sent.error, sent.at);
  const { res } = sent;
  const stream = reader as StreamReader | null;
  if (stream === null) {
    const answer = await readJsonAnswer(session, res, session.settings.headers_timeout_ms);
    if (answer.kind === 'stopped') return answer;
    if (answer.kind === 'error') return failed(answer.error, answer.at);
    const status = res.statusCode ?? 0;
    if (status !== 200)
      return failed(errorFromHttpResponse(status, answer.json, answer.text), answer.at, answer.json);
    if (isObject(answer.json) && isObject(answer.json.error))
      return failed(errorFromErrorObject(answer.json, 'body'), answer.at, answer.json);
    const type = String(res.headers['content-type'] ?? '') || 'none';
    return failed(
      runError('STREAM_PROTOCOL_ERROR', `expected an event stream, got content-type "${type}"`, {
        http_status: status,
      }),
      answer.at,
      answer.json,
    );
  }
  const end = await stream.done();
  const { recorder, redactor } = session;
  const last = redactor.json(stream.lastChunk);
  switch (end.kind) {
    case 'stopped':
      return end;
    case 'done':
      return {
        kind: 'final',
        status: 'completed',
        error: null,
        at: end.at,
        result: resultOf(session),
        response_json: last,
      };
    case 'error':
      return {
        kind: 'final',
        status: 'failed',
        error: redactor.error(end.error),
        at: end.at,
        result: resultOf(session),
        response_json: last,
      };
    case 'broken':
      recorder.emit('STREAM_BROKEN', end.at, 'client', { reason: end.reason, chunks: session.tally.chunks });
      return {
        kind: 'final',
        status: 'failed',
        error: runError('STREAM_BROKEN', `the stream ended without [DONE] (${end.reason})`, {
          http_status: 200,
        }),
        at: end.at,
        result: resultOf(session),
        response_json: last,
      };
  }
}

/** The generated text (choice 0), for assertions and people reading the run. */
function resultOf(session: RunSession): unknown {
  const { tally } = session;
  const result: Record<string, unknown> = { content: session.redactor.text(tally.answerText()) };
  const reasoning = tally.reasoningText();
  if (reasoning !== null) result.reasoning = session.redactor.text(reasoning);
  result.finish_reason = tally.finishReason;
  if (tally.truncatedText) result.truncated = true;
  return result;
}

/**
 * Reads one event stream: what a chunk, [DONE] or an error object in the stream means for
 * the run. Reads are stamped on arrival and parsed later, each with its own stamp.
 */
class StreamReader extends StampedStreamReader<StreamEnd> {
  private readonly facts = new ChunkFacts();
  private nextProgressAt = Number.POSITIVE_INFINITY;
  private sawAnswer = false;
  private sawUsage = false;
  private protocolErrors = 0;
  /** The last chunk parsed (its usage, id, model), kept as the run's response document. */
  lastChunk: Record<string, unknown> | null = null;

  constructor(
    private readonly session: RunSession,
    res: IncomingMessage,
  ) {
    super(session, res, { touchOnArrival: true, completeKind: 'done', completeName: '[DONE]' });
  }

  // --- SseSink. Comments (`: ping`) are activity only; the data handler already counted it.

  comment(): void {}

  lineTooLong(bytes: number, limit: number): void {
    if (!this.finished) this.protocolError({ reason: 'line_too_long', bytes, limit });
  }

  event(_type: string | null, data: string): void {
    if (this.finished) {
      this.ignoredAfterEnd++;
      return;
    }
    const at = this.at;
    if (data === '[DONE]') {
      this.onDone(at);
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch (error) {
      this.protocolError({
        reason: 'invalid_json',
        message: (error as Error).message,
        raw: this.excerpt(data),
      });
      return;
    }
    if (!isObject(chunk)) {
      this.protocolError({ reason: 'not_an_object', raw: this.excerpt(data) });
      return;
    }
    if (chunk.error !== undefined && chunk.error !== null) {
      const payload = this.session.redactor.json(chunk);
      this.session.recorder.emit('STREAM_ERROR', at, 'upstream', payload);
      this.lastChunk = payload;
      this.finish({ kind: 'error', error: errorFromErrorObject(chunk, 'stream'), at });
      return;
    }
    this.onChunk(chunk, at);
  }

  private onChunk(chunk: Record<string, unknown>, at: number): void {
    const { session } = this;
    const { tally, recorder } = session;
    this.lastChunk = chunk;
    if (session.completionId === null && typeof chunk.id === 'string' && chunk.id !== '')
      session.completionId = chunk.id;
    const facts = this.facts.read(chunk);
    const bearing = tally.add(facts, at);
    if (bearing) {
      if (tally.chunks === 1) {
        recorder.emit('FIRST_TOKEN', at, 'upstream', {
          kind: facts.answer ? 'answer' : 'reasoning',
          id: session.completionId,
        });
        this.nextProgressAt = at + session.deps.progressIntervalMs;
      }
      if (facts.answer && !this.sawAnswer) {
        this.sawAnswer = true;
        recorder.emit('FIRST_ANSWER_TOKEN', at, 'upstream', { chunks: tally.chunks });
      }
      if (at >= this.nextProgressAt) {
        this.nextProgressAt = at + session.deps.progressIntervalMs;
        recorder.emit('TOKENS', at, 'client', {
          chunks: tally.chunks,
          completion_tokens: tally.usage?.completion_tokens ?? null,
        });
      }
    } else if (facts.usage !== null && !this.sawUsage) {
      this.sawUsage = true;
      recorder.emit('USAGE', at, 'upstream', { usage: facts.usage, finish_reason: tally.finishReason });
    }
  }

  private onDone(at: number): void {
    const { tally, recorder } = this.session;
    recorder.completeAt = at;
    recorder.emit('DONE', at, 'upstream', {
      chunks: tally.chunks,
      finish_reason: tally.finishReason,
      usage: tally.usage,
    });
    this.finish({ kind: 'done', at });
  }

  private excerpt(data: string): string {
    return this.session.redactor.text(data.slice(0, RAW_EXCERPT_CHARS));
  }

  private protocolError(payload: Record<string, unknown>): void {
    this.protocolErrors++;
    if (this.protocolErrors <= MAX_PROTOCOL_ERROR_EVENTS) {
      this.session.recorder.emit('STREAM_PROTOCOL_ERROR', this.at, 'client', payload);
    } else if (this.protocolErrors === MAX_PROTOCOL_ERROR_EVENTS + 1) {
      this.session.recorder.warn(
        `more than ${MAX_PROTOCOL_ERROR_EVENTS} malformed frames; the rest were counted only`,
      );
    }
  }
}
