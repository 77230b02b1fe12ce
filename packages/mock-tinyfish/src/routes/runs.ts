import { isoOf } from '../clock.js';
import type { RunStatus } from '../ground-truth.js';
import { invalidInput, type RequestContext, sendJson } from '../http-util.js';
import { customIssue, type InputIssue, isPlainObject, typeIssue } from '../issues.js';
import type { RunEntry, RunListQuery } from '../run-store.js';
import type { MockState } from '../state.js';
import { envelope, runObject, runSummary } from '../wire.js';

const RUN_ID = /^[A-Za-z0-9_-]+$/;
const STATUSES: readonly RunStatus[] = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

function notFound(ctx: RequestContext): void {
  sendJson(ctx, 404, envelope('NOT_FOUND', 'Run not found or not owned by this API key'));
}

function lookup(state: MockState, ctx: RequestContext, id: string): RunEntry | undefined {
  return RUN_ID.test(id) ? state.store.get(id, ctx.owner) : undefined;
}

/** GET /v1/runs/{id}[?screenshots=base64|none] */
export function handleGetRun(
  state: MockState,
  ctx: RequestContext,
  id: string,
  query: URLSearchParams,
): void {
  const screenshots = query.get('screenshots') ?? 'none';
  if (screenshots !== 'none' && screenshots !== 'base64') {
    invalidInput(ctx, [
      {
        code: 'invalid_value',
        path: ['screenshots'],
        message: 'Invalid option: expected one of "base64"|"none"',
      },
    ]);
    return;
  }
  const entry = lookup(state, ctx, id);
  if (!entry) {
    notFound(ctx);
    return;
  }
  sendJson(ctx, 200, runObject(entry.record, screenshots === 'base64'));
}

/** GET /v1/runs with filters and keyset pagination. */
export function handleListRuns(state: MockState, ctx: RequestContext, query: URLSearchParams): void {
  const issues: InputIssue[] = [];
  const q = parseListQuery(query, issues);
  if (!q) {
    invalidInput(ctx, issues);
    return;
  }
  const { page, total, hasMore } = state.store.list(ctx.owner, q);
  const last = page[page.length - 1];
  sendJson(ctx, 200, {
    data: page.map(runSummary),
    pagination: {
      total,
      next_cursor: hasMore && last ? encodeCursor(last.run_id, last.created_epoch_ms, last.seq) : null,
      has_more: hasMore,
    },
  });
}

/** POST /v1/runs/{id}/cancel */
export function handleCancelRun(state: MockState, ctx: RequestContext, id: string): void {
  const entry = lookup(state, ctx, id);
  if (!entry) {
    notFound(ctx);
    return;
  }
  sendJson(ctx, 200, cancelEntry(entry));
}

/** POST /v1/runs/batch: full runs by id. */
export function handleBatchGet(state: MockState, ctx: RequestContext, body: unknown): void {
  answerBatch(state, ctx, body, 'data', (entry) => runObject(entry.record, false));
}

/** POST /v1/runs/batch/cancel: idempotent, one CancelResult per found run. */
export function handleBatchCancel(state: MockState, ctx: RequestContext, body: unknown): void {
  answerBatch(state, ctx, body, 'results', cancelEntry);
}

/** Applies `each` to every run the body names; the ids of runs not found are listed apart (null when none). */
function answerBatch(
  state: MockState,
  ctx: RequestContext,
  body: unknown,
  key: 'data' | 'results',
  each: (entry: RunEntry) => Record<string, unknown>,
): void {
  const ids = parseRunIds(ctx, body);
  if (!ids) return;
  const found: Record<string, unknown>[] = [];
  const notFoundIds: string[] = [];
  for (const id of ids) {
    const entry = lookup(state, ctx, id);
    if (entry) found.push(each(entry));
    else notFoundIds.push(id);
  }
  sendJson(ctx, 200, { [key]: found, not_found: notFoundIds.length > 0 ? notFoundIds : null });
}

/**
 * Cancels a run, idempotently. Runs of the blocking /run endpoint are cancellable here too:
 * the API does not document what it does for them, and allowing it keeps one rule for all runs.
 */
function cancelEntry(entry: RunEntry): Record<string, unknown> {
  const run = entry.record;
  if (run.status === 'CANCELLED')
    return {
      run_id: run.run_id,
      status: 'CANCELLED',
      cancelled_at: run.cancelled_epoch_ms === null ? null : isoOf(run.cancelled_epoch_ms),
      message: 'Run already cancelled',
    };
  if (run.status === 'COMPLETED' || run.status === 'FAILED')
    return { run_id: run.run_id, status: run.status, cancelled_at: null, message: 'Run already finished' };
  entry.execution.cancel();
  return {
    run_id: run.run_id,
    status: 'CANCELLED',
    cancelled_at: run.cancelled_epoch_ms === null ? null : isoOf(run.cancelled_epoch_ms),
    message: null,
  };
}

function parseRunIds(ctx: RequestContext, body: unknown): string[] | null {
  const ids = isPlainObject(body) ? body.run_ids : undefined;
  if (!Array.isArray(ids)) {
    invalidInput(ctx, [typeIssue(['run_ids'], 'array', ids)]);
    return null;
  }
  if (ids.length < 1 || ids.length > 100) {
    invalidInput(ctx, [customIssue(['run_ids'], 'run_ids must contain between 1 and 100 ids')]);
    return null;
  }
  const bad = ids.findIndex((id) => typeof id !== 'string' || id.length === 0);
  if (bad !== -1) {
    invalidInput(ctx, [typeIssue(['run_ids', bad], 'string', ids[bad])]);
    return null;
  }
  return ids as string[];
}

function parseListQuery(query: URLSearchParams, issues: InputIssue[]): RunListQuery | null {
  const q: RunListQuery = { sort_direction: 'desc', limit: 20 };
  const refuse = (code: InputIssue['code'], path: string, message: string) =>
    issues.push({ code, path: [path], message });
  const status = query.get('status');
  if (status !== null) {
    if (!STATUSES.includes(status as RunStatus))
      refuse(
        'invalid_value',
        'status',
        `Invalid option: expected one of ${STATUSES.map((s) => `"${s}"`).join('|')}`,
      );
    else q.status = status as RunStatus;
  }
  const goal = query.get('goal');
  if (goal !== null) {
    if (goal.length > 500) refuse('too_big', 'goal', 'Too big: expected string to have <=500 characters');
    else q.goal = goal;
  }
  for (const key of ['created_after', 'created_before'] as const) {
    const raw = query.get(key);
    if (raw === null) continue;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) refuse('invalid_format', key, 'Invalid ISO datetime');
    else q[key] = ms;
  }
  const sort = query.get('sort_direction');
  if (sort !== null) {
    if (sort !== 'asc' && sort !== 'desc')
      refuse('invalid_value', 'sort_direction', 'Invalid option: expected one of "asc"|"desc"');
    else q.sort_direction = sort;
  }
  const limit = query.get('limit');
  if (limit !== null) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > 100)
      refuse('invalid_value', 'limit', 'limit must be an integer from 1 to 100');
    else q.limit = n;
  }
  const cursor = query.get('cursor');
  if (cursor !== null) {
    const decoded = decodeCursor(cursor);
    if (!decoded) refuse('invalid_format', 'cursor', 'Invalid cursor');
    else q.cursor = decoded;
  }
  return issues.length > 0 ? null : q;
}

/**
 * Cursor = base64 of {"id","createdAt","seq"}: the shape of the spec's example cursor plus the
 * creation order, which orders runs created in the same millisecond.
 */
function encodeCursor(id: string, createdMs: number, seq: number): string {
  return Buffer.from(JSON.stringify({ id, createdAt: isoOf(createdMs), seq })).toString('base64');
}

function decodeCursor(cursor: string): { created_ms: number; seq: number } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!isPlainObject(parsed) || typeof parsed.createdAt !== 'string' || !Number.isInteger(parsed.seq))
      return null;
    const ms = Date.parse(parsed.createdAt);
    return Number.isNaN(ms) ? null : { created_ms: ms, seq: parsed.seq as number };
  } catch {
    return null;
  }
}
