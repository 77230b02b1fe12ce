/** Wire schemas of /api/v1/auth, /api/v1/users and /api/v1/api-keys. */
import { z } from 'zod';
import { isStorableString, NAME_MAX, paginationQuery, queryDateTime, text, timestamp } from './common.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ROLES } from './vocabulary.ts';

export const role = z
  .enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` })
  .meta({ description: 'admin > editor > runner > viewer; each may do what the weaker ones may.' });

/** Stored lower-case; an address differing only in case is the same account. */
export const email = z
  .email('must be an email address')
  .max(254, 'must be at most 254 characters')
  .transform((value) => value.toLowerCase())
  .meta({ type: 'string', format: 'email' });

export const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`)
  .refine(isStorableString, 'must not contain NUL characters or unpaired UTF-16 surrogates');

export const user = z
  .object({
    id: z.number().int(),
    email: z.string(),
    role,
    created_at: timestamp,
    last_login_at: timestamp.nullable(),
  })
  .meta({ id: 'User' });

export const userEnvelope = z.object({ user });

export const authStatus = z
  .object({
    auth: z
      .enum(['on', 'off'])
      .meta({ description: 'off: TFBENCH_AUTH=off, every request acts as an admin.' }),
    setup_required: z.boolean().meta({ description: 'No account exists yet: create the administrator.' }),
  })
  .meta({ id: 'AuthStatus' });

export const credentials = z.object({
  // Checked as a string only: a malformed address fails like a wrong one (401), not with a 400.
  email: z.string().max(254, 'must be at most 254 characters').refine(isStorableString, 'must be text'),
  password: z.string().max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`),
});

export const setupBody = z.object({
  email,
  password,
  setup_token: z.string().max(200).optional().meta({
    description: 'The token the API printed in its log; needed unless the request comes from this machine.',
  }),
});

export const me = z
  .object({
    user: user.nullable(),
    role,
    via: z.enum(['session', 'api_key', 'off']),
  })
  .meta({ id: 'Me' });

export const userCreate = z.object({ email, password, role });
export const userUpdate = z.object({ role: role.optional() });
export const passwordReset = z.object({ password });
export const userList = z.object({ items: z.array(user) });

export const apiKey = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role,
    prefix: z.string().meta({ description: 'The first 8 characters after tfb_.' }),
    created_at: timestamp,
    last_used_at: timestamp.nullable(),
    expires_at: timestamp.nullable(),
    revoked_at: timestamp.nullable(),
    owner_email: z.string().nullable().meta({ description: 'Who created it; null for the bootstrap key.' }),
  })
  .meta({ id: 'ApiKey' });

export const apiKeyList = z.object({ items: z.array(apiKey) });

export const apiKeyCreate = z.object({
  name: text({ min: 1, max: NAME_MAX }),
  role,
  expires_at: z.iso
    .datetime({ offset: true, error: 'must be an ISO-8601 date-time with a time zone' })
    .transform((value) => new Date(value))
    .nullable()
    .optional()
    .meta({ type: 'string', format: 'date-time' }),
});

export const apiKeyCreated = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role,
    prefix: z.string(),
    key: z.string().meta({ description: 'The key itself: shown in this answer only.' }),
    created_at: timestamp,
    expires_at: timestamp.nullable(),
  })
  .meta({ id: 'ApiKeyCreated' });

export const auditQuery = z.object({
  ...paginationQuery,
  actor: text({ max: 400 })
    .optional()
    .meta({ description: 'Only entries of this actor, e.g. user:alice@example.com.' }),
  action: text({ max: 100 })
    .optional()
    .meta({ description: 'Only this action, e.g. run.cancel or auth.login_failed.' }),
  from: queryDateTime('Only entries at or after this time.').optional(),
  to: queryDateTime('Only entries before this time.').optional(),
  cursor: z.string().max(40, 'must be at most 40 characters').optional().meta({
    description:
      'The next_cursor of the previous page: the entries after it (keyset paging; skip must then be 0).',
  }),
});

export const auditEntry = z
  .object({
    id: z.number().int(),
    at: timestamp,
    actor: z
      .string()
      .meta({ description: 'user:<email>, key:<name> (tfb_<prefix>), auth-off or anonymous.' }),
    ip: z.string().nullable(),
    action: z
      .string()
      .meta({ description: '<resource>.<action>, e.g. automation.create, run.cancel, auth.login_failed.' }),
    target: z.string().nullable().meta({ description: 'What it acted on, e.g. automations/5.' }),
    status: z.number().int().meta({ description: 'The HTTP status of the request.' }),
  })
  .meta({ id: 'AuditEntry' });

export const auditList = z.object({
  items: z.array(auditEntry),
  total: z.number().int(),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass it as cursor for the next page; null when this page is not full.' }),
});

export type AuditQuery = z.output<typeof auditQuery>;

export type AuditEntry = z.output<typeof auditEntry>;

export type AuditList = z.output<typeof auditList>;
