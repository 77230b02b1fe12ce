/**
 * Who a request counts against, for the limits that share one allowance between all of a
 * client's requests (rate limits, live-event streams): the credential it presents — an API
 * key, a bearer token or the session cookie — or, without one, its client address.
 *
 * Credentials are hashed before they become keys: a limiter's keys live in Redis and in
 * memory, and a raw secret must not. Whether the credential is valid is for authentication
 * to decide; an invalid one still only gets its own allowance, and the per-address limit
 * covers a client that makes up a new one for every request.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The cookie that carries a dashboard session. */
export const SESSION_COOKIE = 'tfbench_session';

/** `cred:<hash>` for a request with a credential, else `ip:<address>`. */
export function clientKey(request: FastifyRequest): string {
  const credential = presentedCredential(request);
  return credential === undefined ? addressKey(request) : `cred:${fingerprint(credential)}`;
}

/** `ip:<address>`: the client address (after trusted proxies, see TFBENCH_TRUST_PROXY). */
export function addressKey(request: FastifyRequest): string {
  return `ip:${request.ip}`;
}

/** The secret a request authenticates with, if any (not checked here). */
export function presentedCredential(request: FastifyRequest): string | undefined {
  const authorization = firstHeader(request.headers.authorization);
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  const apiKey = firstHeader(request.headers['x-api-key'])?.trim();
  if (apiKey) return apiKey;
  return cookieValue(firstHeader(request.headers.cookie), SESSION_COOKIE);
}

/** Truncated SHA-256: unique enough to tell credentials apart, useless to log in with. */
function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 32);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
