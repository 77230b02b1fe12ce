/** SQL of `api_keys`. */

import type { Role } from '@tfbench/domain/model';
import { and, asc, eq, gt, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type ApiKey, api_keys, type NewApiKey, users } from '../db/schema.js';
import { insertRowUnlessTaken, selectRowById } from './rows.js';

/** A key as listed: its row without the hash, and its owner's email. */
export type ListedApiKey = Omit<ApiKey, 'key_hash'> & { owner_email: string | null };

const listedColumns = {
  id: api_keys.id,
  name: api_keys.name,
  role: api_keys.role,
  prefix: api_keys.prefix,
  user_id: api_keys.user_id,
  created_at: api_keys.created_at,
  last_used_at: api_keys.last_used_at,
  expires_at: api_keys.expires_at,
  revoked_at: api_keys.revoked_at,
  owner_email: users.email,
};

/** Inserts the key; undefined when a key with that hash exists already. */
export function insertApiKey(db: Executor, values: NewApiKey): Promise<ApiKey | undefined> {
  return insertRowUnlessTaken(db, api_keys, values);
}

/**
 * The key with this hash if it is neither revoked nor expired, with its owner's current role
 * (null for the bootstrap key, which has no owner).
 */
export async function selectUsableApiKey(
  db: Executor,
  keyHash: string,
): Promise<{ key: ApiKey; ownerRole: Role | null } | undefined> {
  const [row] = await db
    .select({ key: api_keys, ownerRole: users.role })
    .from(api_keys)
    .leftJoin(users, eq(users.id, api_keys.user_id))
    .where(
      and(
        eq(api_keys.key_hash, keyHash),
        isNull(api_keys.revoked_at),
        or(isNull(api_keys.expires_at), gt(api_keys.expires_at, sql`now()`)),
      ),
    );
  return row;
}

export function selectApiKey(db: Executor, id: number): Promise<ApiKey | undefined> {
  return selectRowById(db, api_keys, id);
}

/** Keys with their owner's email. */
function listedKeys(db: Executor, where: SQL | undefined) {
  return db.select(listedColumns).from(api_keys).leftJoin(users, eq(users.id, api_keys.user_id)).where(where);
}

/** Every key, or only those created by `userId`; oldest first. */
export function selectApiKeys(db: Executor, filter: { userId?: number } = {}): Promise<ListedApiKey[]> {
  const where = filter.userId === undefined ? undefined : eq(api_keys.user_id, filter.userId);
  return listedKeys(db, where).orderBy(asc(api_keys.id));
}

export async function selectListedApiKey(db: Executor, id: number): Promise<ListedApiKey | undefined> {
  const [row] = await listedKeys(db, eq(api_keys.id, id));
  return row;
}

export async function touchApiKey(db: Executor, id: number): Promise<void> {
  await db.update(api_keys).set({ last_used_at: sql`now()` }).where(eq(api_keys.id, id));
}

export async function revokeApiKey(db: Executor, id: number): Promise<void> {
  await db
    .update(api_keys)
    .set({ revoked_at: sql`now()` })
    .where(and(eq(api_keys.id, id), isNull(api_keys.revoked_at)));
}
