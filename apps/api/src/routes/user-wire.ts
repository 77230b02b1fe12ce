/** Accounts and keys as they go out: never a hash, never a key except when it is created. */
import { generateToken, type ListedApiKey } from '@tfbench/core/auth';
import type { User } from '@tfbench/core/db';

export function toUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    created_at: user.created_at,
    last_login_at: user.last_login_at,
  };
}

export function toApiKey(key: ListedApiKey) {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    expires_at: key.expires_at,
    revoked_at: key.revoked_at,
    owner_email: key.owner_email,
  };
}

/** The value of the CSRF cookie, new at every sign-in. */
export function generateCsrfToken(): string {
  return generateToken();
}
