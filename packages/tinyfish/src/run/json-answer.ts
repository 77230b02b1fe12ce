/** Reading a JSON response body into an answer a mode can act on. */
import type { IncomingMessage } from 'node:http';
import { type JsonAnswer, readJsonAnswer } from '@tfbench/provider-kit/json';
import type { ClientDeps } from './session.js';

export { type JsonAnswer, stopOnIdle } from '@tfbench/provider-kit/json';

/** Read a JSON response body with the client's limit and redactor (see `readJsonAnswer`). */
export function readJsonBody(
  deps: ClientDeps,
  res: IncomingMessage,
  signal: AbortSignal,
  timeoutMs: number | null,
): Promise<JsonAnswer> {
  return readJsonAnswer(
    res,
    { maxBytes: deps.maxResponseBytes, signal, timeoutMs },
    deps.clock,
    deps.redactor,
  );
}
