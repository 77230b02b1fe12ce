/**
 * Accounts: users, their server-side sessions, and API keys. Session tokens and API keys are
 * stored only as their SHA-256 (the plain value exists in the client's cookie or config alone);
 * passwords only as a salted scrypt hash (see auth/password.ts).
 */

import { ROLES, type Role } from '@tfbench/domain/model';
import { check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, identity, oneOf, parentId, timestamps, timestamptz } from './schema-columns.js';

const roleCheck = (table: string) => check(`${table}_role_check`, oneOf('role', ROLES));

export const users = pgTable(
  'users',
  {
    id: identity(),
    /** Lower-case: the same address cannot be registered twice in different cases. */
    email: text().notNull(),
    password_hash: text().notNull(),
    role: text().$type<Role>().notNull(),
    ...timestamps(),
    last_login_at: timestamptz(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email), roleCheck('users')],
);

/** A signed-in browser. It ends at `expires_at`, or once unused for the idle period. */
export const sessions = pgTable(
  'sessions',
  {
    id: identity(),
    user_id: parentId(() => users.id, 'cascade'),
    /** SHA-256 (hex) of the cookie's token. */
    token_hash: text().notNull(),
    created_at: createdAt(),
    last_seen_at: timestamptz().notNull().defaultNow(),
    /** The absolute end, whatever the activity. */
    expires_at: timestamptz().notNull(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_idx').on(t.token_hash),
    index('sessions_user_id_idx').on(t.user_id),
  ],
);

/** A credential for machines (CI, scripts, the CLI). Revoked keys stay listed. */
export const api_keys = pgTable(
  'api_keys',
  {
    id: identity(),
    name: text().notNull(),
    role: text().$type<Role>().notNull(),
    /** The first 8 characters after `tfb_`: enough to tell keys apart, useless to an attacker. */
    prefix: text().notNull(),
    /** SHA-256 (hex) of the whole key. */
    key_hash: text().notNull(),
    /** Who created it; null for the key bootstrapped from the environment. */
    user_id: integer().references(() => users.id, { onDelete: 'cascade' }),
    created_at: createdAt(),
    last_used_at: timestamptz(),
    expires_at: timestamptz(),
    revoked_at: timestamptz(),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_idx').on(t.key_hash),
    index('api_keys_user_id_idx').on(t.user_id),
    roleCheck('api_keys'),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type ApiKey = typeof api_keys.$inferSelect;
export type NewApiKey = typeof api_keys.$inferInsert;

/**
 * Who changed what, from where and when: every successful write through the API, and sign-ins,
 * failed ones included. Kept for the retention period (`TFBENCH_AUDIT_RETENTION_DAYS`).
 */
export const audit_log = pgTable(
  'audit_log',
  {
    id: identity(),
    at: timestamptz().notNull().defaultNow(),
    /** `user:alice@example.com`, `key:ci (tfb_ab12cd34)`, `auth-off`, `anonymous`. */
    actor: text().notNull(),
    ip: text(),
    /** `automation.create`, `run.cancel`, `api_key.revoke`, `auth.login_failed`, ... */
    action: text().notNull(),
    /** What it acted on, as `automations/5`; null when nothing in particular. */
    target: text(),
    /** The HTTP status of the request. */
    status: integer().notNull(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actor, t.at)],
);

export type AuditEntry = typeof audit_log.$inferSelect;
export type NewAuditEntry = typeof audit_log.$inferInsert;
