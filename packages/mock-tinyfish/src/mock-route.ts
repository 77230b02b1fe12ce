import type { IncomingMessage, ServerResponse } from 'node:http';
import { monotonicMs } from './clock.js';
import { type JsonBody, readJsonBody, splitTarget } from './http-server.js';
import type { BaseRequestContext } from './http-util.js';

/** What a route does with a request whose key and body have passed. */
export type MockHandler<Ctx> = (ctx: Ctx, body: unknown, parsedAt: number, query: URLSearchParams) => void;

/** A matched route of a mock server. */
export interface MockRoute<Ctx> {
  label: string;
  needsBody: boolean;
  /** Whether the route is part of the imitated API (and so behind the API key). */
  api: boolean;
  handler: MockHandler<Ctx>;
}

/** A request being served: what it asks for, with the route that serves it (null: none does). */
export interface MatchedRequest<Ctx> {
  req: IncomingMessage;
  res: ServerResponse;
  /** Monotonic ms on arrival: the zero of the request's ground-truth offsets. */
  receivedAt: number;
  target: { method: string; path: string; query: URLSearchParams };
  route: MockRoute<Ctx> | null;
}

/** Notes the arrival time, splits the request target, and finds its route with `match`. */
function matchRequest<Ctx>(
  req: IncomingMessage,
  res: ServerResponse,
  match: (method: string, path: string) => MockRoute<Ctx> | null,
): MatchedRequest<Ctx> {
  const receivedAt = monotonicMs();
  const { path, query } = splitTarget(req.url);
  const method = req.method ?? 'GET';
  return { req, res, receivedAt, target: { method, path, query }, route: match(method, path) };
}

/** How one mock answers what every request goes through before its route's handler. */
export interface RequestGate<Ctx> {
  authRequired: boolean;
  maxBodyBytes: number;
  notFound(ctx: Ctx, method: string, path: string): void;
  /**
   * Checks the caller's key (a mock may note who the caller is on `ctx`). Returns what to send
   * when the key is missing or refused, or null to let the request through.
   */
  checkKey(ctx: Ctx): (() => void) | null;
  badBody(ctx: Ctx, failure: Exclude<JsonBody, { ok: true }>): void;
}

/** A request a mock has opened: its context, and how the mock answers the gate's refusals. */
export interface OpenedRequest<Ctx> {
  ctx: Ctx;
  gate: RequestGate<Ctx>;
}

/**
 * The path every request of a mock takes: no route is a 404, an API route checks the key, a
 * route that takes a body gets it parsed, and the handler runs. A request answered early has its
 * body drained, so the connection stays usable for the next request.
 */
async function serveRoute<Ctx extends BaseRequestContext>(
  ctx: Ctx,
  route: MockRoute<Ctx> | null,
  target: { method: string; path: string; query: URLSearchParams },
  gate: RequestGate<Ctx>,
): Promise<void> {
  const { req } = ctx;
  if (!route) {
    req.resume();
    return gate.notFound(ctx, target.method, target.path);
  }
  if (route.api && gate.authRequired) {
    const refuse = gate.checkKey(ctx);
    if (refuse) {
      req.resume();
      return refuse();
    }
  }
  let body: unknown;
  if (route.needsBody) {
    const read = await readJsonBody(req, gate.maxBodyBytes);
    if (!read.ok) return gate.badBody(ctx, read);
    body = read.body;
  } else {
    req.resume();
  }
  route.handler(ctx, body, monotonicMs(), target.query);
}

/**
 * A mock's request listener: finds each request's route with `match`, then lets the mock `open` it (its
 * request context, logging and counting, and how it answers the gate's refusals in its own
 * wire shape) before the path every request takes (see `serveRoute`).
 */
export function mockRequestHandler<Ctx extends BaseRequestContext>(
  match: (method: string, path: string) => MockRoute<Ctx> | null,
  open: (request: MatchedRequest<Ctx>) => OpenedRequest<Ctx>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return (req, res) => {
    const request = matchRequest(req, res, match);
    const { ctx, gate } = open(request);
    return serveRoute(ctx, request.route, request.target, gate);
  };
}
