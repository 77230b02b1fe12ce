/** Reading a JSON response body into an answer a mode can act on. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { RunError } from '@tfbench/domain/provider';
import { networkError, runError } from '@tfbench/provider-kit/errors';
import { BodyReadError, readBody } from '@tfbench/provider-kit/http';
import type { RunContext } from './context.js';
import type { ClientDeps } from './session.js';

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

export type JsonAnswer =
  | { kind: 'ok'; status: number; headers: IncomingHttpHeaders; json: unknown; text: string; at: number }
  | { kind: 'error'; error: RunError; at: number }
  | { kind: 'stopped' };

/**
 * Read a JSON response body (redacted before parsing). `json` is null when the body is
 * not JSON; the raw text is kept for error messages.
 */
export async function readJsonBody(
  deps: ClientDeps,
  res: IncomingMessage,
  signal: AbortSignal,
  timeoutMs: number | null,
): Promise<JsonAnswer> {
  const status = res.statusCode ?? 0;
  try {
    const { text: raw, endAt } = await readBody(
      res,
      { maxBytes: deps.maxResponseBytes, signal, timeoutMs },
      deps.clock,
    );
    const text = deps.redactor.text(raw);
    let json: unknown = null;
    try {
      json = text.trim() === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { kind: 'ok', status, headers: res.headers, json, text, at: endAt };
  } catch (error) {
    if (!(error instanceof BodyReadError)) throw error;
    const at = deps.clock.now();
    if (error.kind === 'aborted') return { kind: 'stopped' };
    if (error.kind === 'too_large') {
      return {
        kind: 'error',
        error: runError('INVALID_RESPONSE', `response body larger than ${deps.maxResponseBytes} bytes`, {
          http_status: status,
        }),
        at,
      };
    }
    if (error.kind === 'timeout') {
      // The headers came, then the body went silent: the response is idle, not refused.
      return {
        kind: 'error',
        error: runError('IDLE_TIMEOUT', `response body not complete within ${timeoutMs} ms`, {
          details: { http_status: status },
        }),
        at,
      };
    }
    return {
      kind: 'error',
      error: { ...deps.redactor.error(networkError(error.cause, 'reading the body')), http_status: status },
      at,
    };
  }
}
