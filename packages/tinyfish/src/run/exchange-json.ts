import type { IncomingMessage } from 'node:http';
import { networkError, runError } from '@tfbench/provider-kit/errors';
import { startExchange, TransportError } from '@tfbench/provider-kit/http';
import { isStaleKeepAlive } from '@tfbench/provider-kit/retry';
import { type JsonAnswer, readJsonBody } from './json-answer.js';
import type { ClientDeps } from './session.js';

/**
 * One small JSON exchange outside the run's creation (poll, cancel), bounded by
 * `timeoutMs` for the whole exchange. A stale pooled socket (see `isStaleKeepAlive`) is
 * retried once, at once, on a fresh connection, within the same budget: a cancel lost to
 * it would leave the upstream run going (and billed).
 */
export async function exchangeJson(
  deps: ClientDeps,
  request: {
    url: URL;
    method: 'GET' | 'POST';
    signal: AbortSignal;
    connectTimeoutMs: number;
    timeoutMs: number;
  },
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...deps.headers, accept: 'application/json' };
  const start = (freshConnection: boolean, timeoutMs: number) =>
    startExchange(
      {
        url: request.url,
        method: request.method,
        headers,
        body: request.method === 'POST' ? Buffer.alloc(0) : undefined,
        agent: deps.agent,
        stop: request.signal,
        connectTimeoutMs: request.connectTimeoutMs,
        headersTimeoutMs: timeoutMs,
        freshConnection,
      },
      deps.clock,
    );
  const first = start(false, request.timeoutMs);
  let res: IncomingMessage;
  try {
    try {
      res = await first.response;
    } catch (error) {
      if (!(error instanceof TransportError) || !isStaleKeepAlive(error)) throw error;
      const left = request.timeoutMs - (deps.clock.now() - first.t0);
      if (left < 1) throw error;
      deps.logger?.debug(
        { method: request.method, path: request.url.pathname, cause: error.causeCode },
        'a pooled keep-alive socket was stale; retrying on a fresh connection',
      );
      res = await start(true, left).response;
    }
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    const at = deps.clock.now();
    if (error.kind === 'aborted') return { kind: 'stopped' };
    if (error.kind === 'network')
      return {
        kind: 'error',
        error: deps.redactor.error(networkError(error.cause, 'before any response')),
        at,
      };
    const code = error.kind === 'connect_timeout' ? 'CONNECT_TIMEOUT' : 'HEADERS_TIMEOUT';
    return {
      kind: 'error',
      error: runError(code, `${request.method} ${request.url.pathname}: ${error.kind.replace('_', ' ')}`),
      at,
    };
  }
  const remaining = Math.max(1, request.timeoutMs - (deps.clock.now() - first.t0));
  return readJsonBody(deps, res, request.signal, remaining);
}
