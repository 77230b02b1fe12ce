/**
 * The two cookies of signed-in browsers: `tfbench_session` (HttpOnly, the session's token) and
 * `tfbench_csrf` (readable by the dashboard's script, which echoes it in X-CSRF-Token: a page
 * on another origin can make the browser send the cookie but cannot read it, so it cannot
 * echo it). Both SameSite=Lax, Path=/, and Secure when the request came over https.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tfbench_session';
export const CSRF_COOKIE = 'tfbench_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The value of one cookie of the request, or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function cookie(
  request: FastifyRequest,
  name: string,
  value: string,
  maxAgeS: number,
  httpOnly: boolean,
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax', `Max-Age=${maxAgeS}`];
  if (httpOnly) parts.push('HttpOnly');
  if (request.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}

/** Set the session cookie and a fresh CSRF cookie, both living as long as the session may. */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; csrf: string; maxAgeMs: number },
): void {
  const maxAgeS = Math.floor(session.maxAgeMs / 1000);
  reply.header('set-cookie', [
    cookie(request, SESSION_COOKIE, session.token, maxAgeS, true),
    cookie(request, CSRF_COOKIE, session.csrf, maxAgeS, false),
  ]);
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', [
    cookie(request, SESSION_COOKIE, '', 0, true),
    cookie(request, CSRF_COOKIE, '', 0, false),
  ]);
}
