/**
 * The audit trail: what each successful write through the API did, by whom, from where and
 * when, and every sign-in, failed ones included. Entries older than the retention period are
 * deleted.
 */
import { ValidationError } from '@tfbench/domain/errors';
import type { AuditEntry } from '../db/schema.js';
import {
  type AuditFilter,
  deleteAuditEntriesOlderThan,
  insertAuditEntry,
  selectAuditEntries,
} from '../repositories/audit-log.js';
import { isStorableId } from '../services/checks.js';
import type { CoreDeps, PageParams, Paginated } from '../services/deps.js';
import { DEFAULT_LIMIT } from '../services/deps.js';

export type { AuditFilter } from '../repositories/audit-log.js';

export interface AuditRecord {
  actor: string;
  ip: string | null;
  action: string;
  target: string | null;
  status: number;
}

export async function recordAudit(deps: CoreDeps, record: AuditRecord): Promise<void> {
  await insertAuditEntry(deps.db.db, record);
}

/**
 * Newest first, `limit` entries after `skip` of them or after `cursor` (the `next_cursor` of
 * the previous page), which a full page gives.
 */
export async function listAudit(
  deps: CoreDeps,
  query: AuditFilter & PageParams & { cursor?: string },
): Promise<Paginated<AuditEntry> & { next_cursor: string | null }> {
  const { skip = 0, limit = DEFAULT_LIMIT, cursor, ...filter } = query;
  const afterId = cursor === undefined ? undefined : decodeAuditCursor(cursor, skip);
  const page = await selectAuditEntries(deps.db.db, filter, { skip, limit, afterId });
  const last = page.items.length === limit ? page.items.at(-1) : undefined;
  return { ...page, next_cursor: last ? Buffer.from(String(last.id)).toString('base64url') : null };
}

function decodeAuditCursor(cursor: string, skip: number): number {
  const id = /^[A-Za-z0-9_-]{1,40}$/.test(cursor)
    ? Number(Buffer.from(cursor, 'base64url').toString('latin1'))
    : Number.NaN;
  const issues = [];
  if (!isStorableId(id))
    issues.push({ field: 'cursor', message: 'must be the next_cursor of a previous page' });
  if (skip > 0) issues.push({ field: 'skip', message: 'must be 0 when a cursor is given' });
  if (issues.length > 0) throw new ValidationError(issues);
  return id;
}

/** Deletes entries older than `retentionDays`; returns how many. */
export function pruneAudit(deps: CoreDeps, retentionDays: number): Promise<number> {
  return deleteAuditEntriesOlderThan(deps.db.db, retentionDays);
}

/** Path segments that name an action rather than a resource (`POST /runs/7/cancel`). */
const VERBS = new Set([
  'cancel',
  'trigger',
  'rerun',
  'clone',
  'acknowledge',
  'silence',
  'schedule',
  'password',
  'setup',
  'logout',
  'logout-all',
]);

/** Writes that change nothing, so nothing to audit. */
const NOT_CHANGES = new Set(['POST /api/v1/scenarios/schedule-estimate', 'POST /api/v1/auth/login']);

/**
 * The action and target of a write, from its method, its route pattern and its path
 * parameters, or null for reads and writes that change nothing.
 *
 * @example
 * auditAction('POST', '/api/v1/runs/:id/cancel', { id: 7 }); // { action: 'run.cancel', target: 'runs/7' }
 * auditAction('DELETE', '/api/v1/api-keys/:id', { id: 3 }); // { action: 'api_key.delete', target: 'api-keys/3' }
 */
export function auditAction(
  method: string,
  routeUrl: string,
  params: Record<string, unknown>,
): { action: string; target: string | null } | null {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) return null;
  if (NOT_CHANGES.has(`${method} ${routeUrl}`) || !routeUrl.startsWith('/api/v1/')) return null;
  const segments = routeUrl.slice('/api/v1/'.length).split('/');
  const collection = segments[0] ?? '';
  const verb = [...segments].reverse().find((s) => VERBS.has(s));
  const id = params.id;
  const resource = collection.replace(/s$/, '').replace(/-/g, '_');
  const action =
    verb !== undefined
      ? verb === 'silence' && method === 'DELETE'
        ? 'unsilence'
        : verb
      : method === 'POST'
        ? 'create'
        : method === 'DELETE'
          ? 'delete'
          : 'update';
  return { action: `${resource}.${action}`, target: id === undefined ? null : `${collection}/${String(id)}` };
}
