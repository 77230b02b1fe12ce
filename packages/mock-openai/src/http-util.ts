import { type BaseRequestContext, writeJson } from '@tfbench/mock-tinyfish';
import type { Quirks } from './behaviour.js';
import type { StatsCounters } from './stats.js';
import { type ApiError, errorBody } from './wire.js';

/** Per-request state threaded through the handlers. */
export interface RequestContext extends BaseRequestContext {
  stats: StatsCounters;
}

/** Sends a JSON body with an explicit length (not chunked). */
export function sendJson(
  ctx: RequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  ctx.stats.status(status);
  writeJson(ctx.res, status, body, headers);
}

/** Sends an API error in the shape the server imitates. */
export function sendError(
  ctx: RequestContext,
  error: ApiError,
  shape: Quirks['error_shape'],
  headers: Record<string, string> = {},
): void {
  sendJson(ctx, error.status, errorBody(error, shape), headers);
}
