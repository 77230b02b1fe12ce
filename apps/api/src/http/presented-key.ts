/** Where a request carries an API key (or another bearer token, such as METRICS_TOKEN). */
import type { FastifyRequest } from 'fastify';

/**
 * The token of `Authorization: Bearer …`, else of `X-API-Key` (trimmed), as sent: whether it
 * is valid is for authentication to decide.
 */
export function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = firstHeader(request.headers.authorization);
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  return bearer ?? firstHeader(request.headers['x-api-key'])?.trim();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
