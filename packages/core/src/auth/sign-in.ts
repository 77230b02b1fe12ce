/**
 * Signing in and out. Every sign-in creates a new session with a new token (never reusing one
 * a client presented), so a token planted before sign-in is worthless after it.
 */
import type { User } from '../db/schema.js';
import {
  deleteDeadSessions,
  deleteSessionByHash,
  deleteUserSessions,
  insertSession,
} from '../repositories/sessions.js';
import { selectUserByEmail, touchUserLogin } from '../repositories/users.js';
import type { CoreDeps } from '../services/deps.js';
import type { SessionSettings } from './authenticate.js';
import { InvalidCredentialsError } from './errors.js';
import { decoyHash, verifyPassword } from './password.js';
import { generateToken, sha256 } from './tokens.js';

export interface SignedIn {
  user: User;
  /** The session token for the cookie; stored only as its hash. */
  token: string;
  expiresAt: Date;
}

/** A new session for `user`. */
export async function startSession(deps: CoreDeps, user: User, settings: SessionSettings): Promise<SignedIn> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + settings.maxMs);
  await insertSession(deps.db.db, { user_id: user.id, token_hash: sha256(token), expires_at: expiresAt });
  await touchUserLogin(deps.db.db, user.id);
  return { user: { ...user, last_login_at: new Date() }, token, expiresAt };
}

/**
 * Check an email and password and start a session. A wrong email and a wrong password fail
 * alike, in about the same time (the decoy hash), with InvalidCredentialsError.
 *
 * @example
 * const { user, token } = await signIn(deps, { email, password }, { idleMs, maxMs });
 */
export async function signIn(
  deps: CoreDeps,
  credentials: { email: string; password: string },
  settings: SessionSettings,
): Promise<SignedIn> {
  const user = await selectUserByEmail(deps.db.db, credentials.email);
  const matches = await verifyPassword(credentials.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !matches) throw new InvalidCredentialsError();
  return startSession(deps, user, settings);
}

/** Ends the session with this token (no error if it had already ended). */
export async function signOut(deps: CoreDeps, token: string): Promise<void> {
  await deleteSessionByHash(deps.db.db, sha256(token));
}

/** Ends every session of the user: "log out everywhere". */
export async function signOutEverywhere(deps: CoreDeps, userId: number): Promise<void> {
  await deleteUserSessions(deps.db.db, userId);
}

/** Deletes sessions that can no longer be used (past either expiry); returns how many. */
export function pruneSessions(deps: CoreDeps, settings: SessionSettings): Promise<number> {
  return deleteDeadSessions(deps.db.db, settings.idleMs);
}
