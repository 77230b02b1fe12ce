/** API keys: created by signed-in users with at most their own role, revoked by owner or admin. */
import type { Role } from '../domain/index.js';
import { NotFoundError, ValidationError } from '../errors/index.js';
import {
  insertApiKey,
  type ListedApiKey,
  revokeApiKey as revokeApiKeyRow,
  selectApiKey,
  selectApiKeys,
  selectListedApiKey,
} from '../repositories/api-keys.js';
import type { CoreDeps } from '../services/deps.js';
import { type Principal, roleAtLeast } from './principal.js';
import { apiKeyPrefix, generateApiKey, sha256 } from './tokens.js';

export type { ListedApiKey } from '../repositories/api-keys.js';

export interface CreatedApiKey extends ListedApiKey {
  /** The key itself: shown in this answer only, stored as its hash. */
  key: string;
}

/** Admins see every key; others the keys they created. */
export function listApiKeys(deps: CoreDeps, principal: Principal): Promise<ListedApiKey[]> {
  if (principal.role === 'admin') return selectApiKeys(deps.db.db);
  return selectApiKeys(deps.db.db, { userId: principal.userId ?? -1 });
}

/**
 * A new key for the caller, with a role no stronger than the caller's (400 naming `role`
 * otherwise) and an optional expiry in the future.
 *
 * @example
 * const { key } = await createApiKey(deps, principal, { name: 'ci', role: 'runner' });
 */
export async function createApiKey(
  deps: CoreDeps,
  principal: Principal,
  input: { name: string; role: Role; expires_at?: Date | null },
): Promise<CreatedApiKey> {
  if (!roleAtLeast(principal.role, input.role)) {
    throw new ValidationError([
      { field: 'role', message: `must be at most your own role (${principal.role})` },
    ]);
  }
  if (input.expires_at && input.expires_at.getTime() <= Date.now()) {
    throw new ValidationError([{ field: 'expires_at', message: 'must be in the future' }]);
  }
  const key = generateApiKey();
  const row = await insertApiKey(deps.db.db, {
    name: input.name,
    role: input.role,
    prefix: apiKeyPrefix(key),
    key_hash: sha256(key),
    user_id: principal.userId,
    expires_at: input.expires_at ?? null,
  });
  const listed = row && (await selectListedApiKey(deps.db.db, row.id));
  if (!listed) throw new Error('the new API key was not stored');
  return { ...listed, key };
}

/** Revokes a key; its owner or an admin may (others get 404, as if it did not exist). */
export async function revokeApiKey(deps: CoreDeps, principal: Principal, id: number): Promise<void> {
  const row = await selectApiKey(deps.db.db, id);
  const mine = row !== undefined && row.user_id !== null && row.user_id === principal.userId;
  if (!row || (!mine && principal.role !== 'admin')) throw new NotFoundError('api key', id);
  await revokeApiKeyRow(deps.db.db, id);
}
