/**
 * A last bound on the size of computed JSON answers (analytics and KPIs): their bucket, bin
 * and sample caps keep them to about a megabyte, and this catches any answer a future query
 * lets grow past `MAX_COMPUTED_RESPONSE_BYTES` before it is sent — the client gets a 400
 * telling it to narrow the request instead of a body that holds the process and the socket.
 * Streamed documents (the export, reports) are not strings here and pass untouched: they are
 * produced page by page in constant memory.
 */
import { AppError } from '@tfbench/domain/errors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from './error-handler.js';

export const MAX_COMPUTED_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Paths whose answers are computed over many runs. */
const COMPUTED_PREFIXES = ['/api/v1/analytics/', '/api/v1/runs/kpis/'];

class ResponseTooLargeError extends AppError {
  override readonly name = 'ResponseTooLargeError';

  constructor(bytes: number) {
    super(
      'RESPONSE_TOO_LARGE',
      400,
      `The answer would be ${bytes} bytes, more than the ${MAX_COMPUTED_RESPONSE_BYTES} allowed; narrow the time range or the filters, or choose a coarser bucket.`,
      { details: [{ field: 'query', message: 'selects too much data for one answer' }] },
    );
  }
}

async function responseCap(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || payload.length <= MAX_COMPUTED_RESPONSE_BYTES / 4) return payload;
    if (!COMPUTED_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return payload;
    const bytes = Buffer.byteLength(payload);
    if (bytes <= MAX_COMPUTED_RESPONSE_BYTES) return payload;
    const error = new ResponseTooLargeError(bytes);
    request.log.warn({ url: request.routeOptions.url, bytes }, 'computed answer over the size cap');
    reply.code(error.httpStatus).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(errorBody(error.code, error.message, error.details));
  });
}

/** Registered at the root so that its hook sees every route. */
export const responseCapPlugin = fp(responseCap, { name: 'tfbench-response-cap' });
