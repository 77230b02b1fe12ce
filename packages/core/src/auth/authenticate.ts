/**
 * Credentials to principals: a session cookie's token or an API key. Each returns null when
 * the credential is unknown, revoked or expired, so the caller answers 401 for all of them alike.
 */
import type { ApiKey, User } from '../db/schema.js';
import { selectUsableApiKey, touchApiKey } from '../repositories/api-keys.js';
import { selectLiveSession, touchSession } from '../repositories/sessions.js';
import type { CoreDeps } from '../services/deps.js';
import { type Principal, roleAtLeast } from './principal.js';
import { sha256 } from './tokens.js';

/**
 * How often a session's or a key's last use is written: idle expiry and "last used" count in
 * hours or days, so a minute of slack costs nothing and saves a write on most requests.
 */
const TOUCH_INTERVAL_MS = 60_000;

const dueForTouch = (lastUsed: Date | null) =>
  lastUsed === null || Date.now() - lastUsed.getTime() > TOUCH_INTERVAL_MS;

export interface SessionSettings {
  idleMs: number;
  maxMs: number;
}

export function userActor(user: Pick<User, 'email'>): string {
  return `user:${user.email}`;
}

export function keyActor(key: Pick<ApiKey, 'name' | 'prefix'>): string {
  return `key:${key.name} (tfb_${key.prefix})`;
}

/** The principal of a live session with this cookie token, or null. */
export async function authenticateSession(
  deps: CoreDeps,
  token: string,
  settings: SessionSettings,
): Promise<Principal | null> {
  const found = await selectLiveSession(deps.db.db, sha256(token), settings.idleMs);
  if (!found) return null;
  if (dueForTouch(found.session.last_seen_at)) await touchSession(deps.db.db, found.session.id);
  return {
    kind: 'session',
    role: found.user.role,
    userId: found.user.id,
    apiKeyId: null,
    actor: userActor(found.user),
  };
}

/** The principal of a usable (not revoked, not expired) API key, or null. */
export async function authenticateApiKey(deps: CoreDeps, key: string): Promise<Principal | null> {
  const found = await selectUsableApiKey(deps.db.db, sha256(key));
  if (!found) return null;
  const { key: row, ownerRole } = found;
  if (dueForTouch(row.last_used_at)) await touchApiKey(deps.db.db, row.id);
  // A key never acts above its owner's current role: demoting a user demotes their keys too.
  const role = ownerRole !== null && !roleAtLeast(ownerRole, row.role) ? ownerRole : row.role;
  return { kind: 'api_key', role, userId: row.user_id, apiKeyId: row.id, actor: keyActor(row) };
}
