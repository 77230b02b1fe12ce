import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBody, writeJson } from './http-util.js';

/**
 * Listening and closing, shared by the mock servers. The backlog is deep because a load test
 * opening a thousand streams at once must not see its SYNs dropped.
 */
export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting, gives the open responses `graceMs` to finish, then calls `stopAll` (which
 * ends what the server itself still holds open) and destroys every remaining connection.
 */
export async function closeWithGrace(
  server: Server,
  openResponses: Set<ServerResponse>,
  graceMs: number,
  stopAll: () => void,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (graceMs > 0 && openResponses.size > 0) {
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearInterval(poll);
        clearTimeout(deadline);
        resolve();
      };
      const deadline = setTimeout(finish, graceMs);
      const poll = setInterval(() => {
        if (openResponses.size === 0) finish();
      }, 20);
    });
  }
  stopAll();
  server.closeAllConnections();
  await closed;
}

/** The accepted API keys from a mock's `apiKey` option (none: the server needs no key). */
export function apiKeyList(apiKey: string | readonly string[] | undefined): string[] {
  if (apiKey === undefined) return [];
  return typeof apiKey === 'string' ? [apiKey] : [...apiKey];
}

/** A listening mock server and the responses still open on it (what `closeWithGrace` waits for). */
export interface StartedServer {
  server: Server;
  openResponses: Set<ServerResponse>;
  host: string;
  port: number;
  /** Origin, e.g. http://127.0.0.1:41234, with an IPv6 host in brackets. */
  url: string;
}

/**
 * Creates a node:http server that hands every request to `handle`, tracks open responses, and
 * listens. A handler that throws ends in `fail`, so one bad request cannot take the server down.
 */
export async function startHttpServer(
  address: { host?: string; port?: number },
  serverOptions: ServerOptions,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  fail: (res: ServerResponse, err: unknown) => void,
): Promise<StartedServer> {
  const openResponses = new Set<ServerResponse>();
  const server = createServer(serverOptions, (req, res) => {
    openResponses.add(res);
    res.on('close', () => openResponses.delete(res));
    handle(req, res).catch((err: unknown) => fail(res, err));
  });
  const host = address.host ?? '127.0.0.1';
  await listen(server, host, address.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { server, openResponses, host, port, url };
}

/** Last resort for a bug in a handler: a 500 with `errorBody` if nothing was sent yet. */
export function failRequest(res: ServerResponse, err: unknown, errorBody: unknown): void {
  if (!res.headersSent) {
    writeJson(res, 500, errorBody);
  } else {
    res.destroy(err instanceof Error ? err : undefined);
  }
}

/** A request target split into its path and its query. */
export function splitTarget(rawUrl: string | undefined): { path: string; query: URLSearchParams } {
  const target = rawUrl ?? '/';
  const q = target.indexOf('?');
  return {
    path: q === -1 ? target : target.slice(0, q),
    query: new URLSearchParams(q === -1 ? '' : target.slice(q + 1)),
  };
}

/** An undecodable path segment cannot name anything; it becomes one that matches nothing. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

/** A request body read as JSON: absent or blank is `undefined`; too large and unparsable are told apart. */
export type JsonBody =
  | { ok: true; body: unknown }
  | { ok: false; reason: 'too-large'; message: string }
  | { ok: false; reason: 'not-json' };

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<JsonBody> {
  let text: string;
  try {
    text = await readBody(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { ok: false, reason: 'too-large', message: err.message };
    throw err;
  }
  if (text.trim().length === 0) return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'not-json' };
  }
}

/** What every running mock offers: where it listens, its seed, its counters, and its controls. */
export interface RunningMock<Stats, BehaviourInput> {
  /** Origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The seed in use (as given, as drawn at start, or as set by the last reset). */
  readonly seed: number;
  stats(): Stats;
  /** Makes the start behaviour merged with `behaviour` the server's (what POST /__mock/config does). */
  configure(behaviour: BehaviourInput): void;
  /** Ends open responses, forgets what was recorded and re-seeds (default: the start seed). */
  reset(options?: { seed?: number }): void;
  /**
   * Stops listening and ends everything. With `graceMs`, open responses get that long to finish
   * before their connections are destroyed.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}
