/**
 * Finds out, at page load, whether this browser is signed in — without asking a question the
 * API would answer with a 401 when it need not: the browser logs every 401 as an error, and a
 * signed-out visitor is not an error. The readable CSRF cookie exists only while a session
 * does, so without it the public status call alone decides.
 */
import { ApiError } from '../api';
import { CSRF_COOKIE, readCookie } from './csrf';
import type { AuthStatus, Me } from './types';

export type SessionState =
  | { kind: 'loading' }
  | { kind: 'signed-in'; me: Me }
  | { kind: 'signed-out'; setupRequired: boolean }
  | { kind: 'unreachable'; error: ApiError };

/** Who the caller is when the API has accounts switched off (or predates them): anyone may do anything. */
export const AUTH_OFF: Me = { user: null, role: 'admin', via: 'off' };

export interface SessionCalls {
  status(): Promise<AuthStatus>;
  me(): Promise<Me>;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError(0, 'CLIENT_ERROR', error instanceof Error ? error.message : String(error));
}

/**
 * @example
 * await loadSession(authCalls, document.cookie); // { kind: 'signed-out', setupRequired: true }
 */
export async function loadSession(calls: SessionCalls, cookies: string): Promise<SessionState> {
  const mayBeSignedIn = readCookie(cookies, CSRF_COOKIE) !== undefined;
  const [status, me] = await Promise.allSettled([
    calls.status(),
    mayBeSignedIn ? calls.me() : Promise.resolve(undefined),
  ]);
  if (status.status === 'rejected') {
    const error = asApiError(status.reason);
    // An API without the auth endpoints has no accounts to sign in to.
    if (error.isMissingEndpoint) return { kind: 'signed-in', me: AUTH_OFF };
    return { kind: 'unreachable', error };
  }
  if (me.status === 'fulfilled' && me.value) return { kind: 'signed-in', me: me.value };
  if (status.value.auth === 'off') return { kind: 'signed-in', me: AUTH_OFF };
  if (me.status === 'rejected') {
    const error = asApiError(me.reason);
    if (error.status !== 401) return { kind: 'unreachable', error };
  }
  return { kind: 'signed-out', setupRequired: status.value.setup_required };
}
