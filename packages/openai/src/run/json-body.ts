/** Reading a whole JSON answer (an error body, or a non-stream completion) of a run. */
import type { IncomingMessage } from 'node:http';
import { type JsonAnswer, readJsonAnswer as readJson, stopOnIdle } from '@tfbench/provider-kit/json';
import type { RunSession } from './session.js';

export type { JsonAnswer };

/**
 * Read `res` whole (redacted before parsing); `json` is null when the body is not JSON. A
 * body that goes silent for `idleMs` stops the run with IDLE_TIMEOUT.
 */
export async function readJsonAnswer(
  session: RunSession,
  res: IncomingMessage,
  idleMs: number | null,
): Promise<JsonAnswer> {
  const { deps, ctx } = session;
  const options = { maxBytes: deps.maxResponseBytes, signal: ctx.signal, timeoutMs: idleMs };
  return stopOnIdle(await readJson(res, options, deps.clock, session.redactor), ctx, idleMs);
}
