/** Sending a run's request, with the retries the provider kit allows (see `sendWithRetries`). */
import type { IncomingMessage } from 'node:http';
import { type SendResult, sendWithRetries } from '@tfbench/provider-kit/send';
import { errorFromHttpResponse } from '../errors.js';
import { readJsonAnswer } from './json-body.js';
import type { RunSession } from './session.js';

export type { SendResult };

/**
 * POST the request until an attempt is not retried. `headersBudgetMs` null: the endpoint
 * answers only when done (non-stream), so only the total budget bounds the wait. `adopt` is
 * called with each response the moment its headers arrive, before anything else runs.
 */
export function sendRequest(
  session: RunSession,
  headersBudgetMs: number | null,
  adopt: (res: IncomingMessage) => void,
): Promise<SendResult> {
  const { deps, settings, recorder, request, redactor } = session;
  return sendWithRetries(session, {
    url: request.target,
    headers: { ...request.headers, 'content-length': String(request.body.length) },
    body: request.body,
    agent: deps.agentFor(request.url),
    headersBudgetMs,
    adopt,
    redact: (error) => redactor.error(error),
    readRefusal: async (res) => {
      const answer = await readJsonAnswer(session, res, settings.headers_timeout_ms);
      if (answer.kind === 'stopped') return null;
      if (answer.kind === 'error') return answer.error;
      return errorFromHttpResponse(answer.status, answer.json, answer.text);
    },
    onAttempt: (attempt, t0) =>
      recorder.emit('REQUEST_SENT', t0, 'client', {
        attempt,
        endpoint: request.endpoint,
        model: request.model,
      }),
    log: {
      fields: {},
      refused: 'the endpoint refused the request; retrying',
      staleSocket:
        'a pooled keep-alive socket was closed by the endpoint as the request was sent; retrying on a fresh connection',
    },
  });
}
