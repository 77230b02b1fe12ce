/** Reading a whole JSON response body (an error body, a run object, a non-stream answer). */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { RunError } from '@tfbench/domain/provider';
import { networkError, type Redactor, runError } from '../errors.js';
import { BodyReadError, readBody } from '../http/read-body.js';
import type { MonotonicClock } from '../timing/clock.js';
import type { RunContext } from './context.js';

export type JsonAnswer =
  | { kind: 'ok'; status: number; headers: IncomingHttpHeaders; json: unknown; text: string; at: number }
  | { kind: 'error'; error: RunError; at: number }
  | { kind: 'stopped' };

export interface JsonReadOptions {
  maxBytes: number;
  signal: AbortSignal;
  /** Longest silence while the body comes; null: none of its own. */
  timeoutMs: number | null;
}

/**
 * Read `res` whole, redacted before parsing. `json` is null when the body is not JSON; the
 * raw text is kept for error messages. A body that goes silent is an IDLE_TIMEOUT error
 * (see {@link stopOnIdle} for a run's own requests).
 */
export async function readJsonAnswer(
  res: IncomingMessage,
  options: JsonReadOptions,
  clock: MonotonicClock,
  redactor: Redactor,
): Promise<JsonAnswer> {
  const status = res.statusCode ?? 0;
  try {
    const { text: raw, endAt } = await readBody(res, options, clock);
    const text = redactor.text(raw);
    let json: unknown = null;
    try {
      json = text.trim() === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { kind: 'ok', status, headers: res.headers, json, text, at: endAt };
  } catch (error) {
    if (!(error instanceof BodyReadError)) throw error;
    const at = clock.now();
    switch (error.kind) {
      case 'aborted':
        return { kind: 'stopped' };
      case 'too_large': {
        const message = `response body larger than ${options.maxBytes} bytes`;
        return { kind: 'error', error: runError('INVALID_RESPONSE', message, { http_status: status }), at };
      }
      case 'timeout': {
        // The headers came, then the body went silent: the response is idle, not refused.
        const message = `response body not complete within ${options.timeoutMs} ms`;
        return {
          kind: 'error',
          error: runError('IDLE_TIMEOUT', message, { details: { http_status: status } }),
          at,
        };
      }
      default:
        return {
          kind: 'error',
          error: { ...redactor.error(networkError(error.cause, 'reading the body')), http_status: status },
          at,
        };
    }
  }
}

/**
 * For the run's own requests: a body that went silent ends the run with IDLE_TIMEOUT
 * (status `timeout`, upstream cancel when the id is known) instead of failing it.
 */
export function stopOnIdle(answer: JsonAnswer, ctx: RunContext, timeoutMs: number | null): JsonAnswer {
  if (answer.kind === 'error' && answer.error.code === 'IDLE_TIMEOUT') {
    ctx.stop({
      kind: 'timeout',
      code: 'IDLE_TIMEOUT',
      message: `the response went silent for ${timeoutMs} ms`,
    });
    return { kind: 'stopped' };
  }
  return answer;
}
