/** Starting a run: the run-creating request, with its retries, shared by every mode. */
import type { IncomingMessage } from 'node:http';
import { type SendResult, sendWithRetries } from '@tfbench/provider-kit/send';
import { errorFromHttpResponse } from '../errors.js';
import { readJsonBody, stopOnIdle } from './json-answer.js';
import type { RunEndpoint, RunSession } from './session.js';

export type CreateResult = SendResult;

/**
 * POST the run-creation request with the retries the provider kit allows (only where no
 * run can have started: see `sendWithRetries`). Resolves with the response of the attempt
 * that was not retried, whatever its status, for the mode to interpret.
 */
export function createRun(
  session: RunSession,
  endpoint: RunEndpoint,
  accept: string,
  useHeadersTimeout: boolean,
  /** Called with each response the moment its headers arrive, before anything else runs. */
  adopt: ((res: IncomingMessage) => void) | null = null,
): Promise<CreateResult> {
  const { deps, settings, ctx } = session;
  const idleMs = settings.headers_timeout_ms;
  return sendWithRetries(session, {
    url: deps.endpointTarget(endpoint),
    headers: {
      ...deps.headers,
      'content-type': 'application/json',
      accept,
      'content-length': String(session.body.length),
    },
    body: session.body,
    agent: deps.agent,
    headersBudgetMs: useHeadersTimeout ? idleMs : null,
    adopt,
    redact: (error) => deps.redactor.error(error),
    readRefusal: async (res) => {
      const answer = stopOnIdle(await readJsonBody(deps, res, ctx.signal, idleMs), ctx, idleMs);
      if (answer.kind === 'stopped') return null;
      if (answer.kind === 'error') return { ...answer.error, http_status: res.statusCode ?? null };
      return errorFromHttpResponse(answer.status, answer.json, answer.text);
    },
    log: {
      fields: { endpoint },
      refused: 'TinyFish refused to start the run; retrying',
      staleSocket:
        'a pooled keep-alive socket was closed by TinyFish as the run was sent; retrying on a fresh connection',
    },
  });
}
