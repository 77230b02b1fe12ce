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
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { presentedKey } from './presented-key.js';

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
function presentedCredential(request: FastifyRequest): string | undefined {
  return presentedKey(request) || readCookie(request, SESSION_COOKIE) || undefined;
}

/** Truncated SHA-256: unique enough to tell credentials apart, useless to log in with. */
function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 32);
}
