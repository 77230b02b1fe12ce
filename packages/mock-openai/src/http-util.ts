import { type BaseRequestContext, sendCountedJson as sendJson } from '@tfbench/mock-tinyfish';
import type { Quirks } from './behaviour.js';
import type { StatsCounters } from './stats.js';
import { type ApiError, errorBody } from './wire.js';

/** Sends a JSON body with an explicit length (not chunked), counted by status. */
export { sendJson };

/** Per-request state threaded through the handlers. */
export interface RequestContext extends BaseRequestContext {
  stats: StatsCounters;
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
