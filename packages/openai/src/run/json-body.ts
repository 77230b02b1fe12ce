/** Reading a whole JSON answer (an error body, or a non-stream completion). */
import type { IncomingMessage } from 'node:http';
import type { RunError } from '@tfbench/domain/provider';
import { networkError, runError } from '@tfbench/provider-kit/errors';
import { BodyReadError, readBody } from '@tfbench/provider-kit/http';
import type { RunSession } from './session.js';

export type JsonAnswer =
  | { kind: 'ok'; status: number; json: unknown; text: string; at: number }
  | { kind: 'error'; error: RunError; at: number }
  | { kind: 'stopped' };

/**
 * Read `res` whole (redacted before parsing); `json` is null when the body is not JSON. A
 * body that goes silent for `idleMs` stops the run with IDLE_TIMEOUT.
 */
export async function readJsonAnswer(
  session: RunSession,
  res: IncomingMessage,
  idleMs: number | null,
): Promise<JsonAnswer> {
  const { deps, ctx, redactor } = session;
  const status = res.statusCode ?? 0;
  try {
    const body = await readBody(
      res,
      { maxBytes: deps.maxResponseBytes, signal: ctx.signal, timeoutMs: idleMs },
      deps.clock,
    );
    const text = redactor.text(body.text);
    let json: unknown = null;
    try {
      json = text.trim() === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { kind: 'ok', status, json, text, at: body.endAt };
  } catch (error) {
    if (!(error instanceof BodyReadError)) throw error;
    const at = deps.clock.now();
    switch (error.kind) {
      case 'aborted':
        return { kind: 'stopped' };
      case 'timeout':
        ctx.stop({
          kind: 'timeout',
          code: 'IDLE_TIMEOUT',
          message: `the response went silent for ${idleMs} ms`,
        });
        return { kind: 'stopped' };
      case 'too_large':
        return {
          kind: 'error',
          error: runError('INVALID_RESPONSE', `response body larger than ${deps.maxResponseBytes} bytes`, {
            http_status: status,
          }),
          at,
        };
      default:
        return {
          kind: 'error',
          error: { ...networkError(error.cause, 'reading the response'), http_status: status },
          at,
        };
    }
  }
}
