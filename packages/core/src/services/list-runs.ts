import type { Run } from '../db/schema.js';
import { selectRunsAfter } from '../repositories/run-analytics.js';
import { countRuns, selectRuns } from '../repositories/runs.js';
import { IssueList, toPage } from './checks.js';
import type { CoreDeps, PageParams, Paginated } from './deps.js';
import { type RunFilterParams, toRunFilter } from './run-filter-params.js';
import { decodeRunCursor, encodeRunCursor } from './run-list-cursor.js';

export interface ListRunsParams extends PageParams, RunFilterParams {
  /** The `next_cursor` of the previous page: keyset paging instead of `skip`. */
  cursor?: string;
}

export interface RunPage extends Paginated<Run> {
  /** Where the next page starts when this one is full, else null. */
  next_cursor: string | null;
}

/**
 * One page of runs, newest first (created_at, then id), with the number matching the
 * filters in all. Warm-up runs are listed too (`is_warmup` tells them apart). Pages follow
 * either `skip` (offset: each page reads past every earlier row) or `cursor` (keyset: an
 * index range scan wherever the page lies); every full page gives the cursor of the next.
 *
 * @example
 * const { items, total, next_cursor } = await listRuns(deps, { scenario_id: 1, limit: 20 });
 * const next = await listRuns(deps, { scenario_id: 1, limit: 20, cursor: next_cursor });
 */
export async function listRuns(deps: CoreDeps, params: ListRunsParams = {}): Promise<RunPage> {
  const issues = new IssueList();
  const page = toPage(params, issues);
  const filter = toRunFilter(params, issues);
  const cursor = params.cursor === undefined ? undefined : decodeRunCursor(params.cursor, issues);
  if (params.cursor !== undefined && page.skip > 0) issues.add('skip', 'must be 0 when a cursor is given');
  issues.throwIfAny();
  const { db } = deps.db;
  const [items, total] = await Promise.all([
    cursor ? selectRunsAfter(db, filter, cursor, page.limit) : selectRuns(db, filter, page),
    countRuns(db, filter),
  ]);
  const last = items.length === page.limit ? items.at(-1) : undefined;
  return { items, total, next_cursor: last ? encodeRunCursor(last) : null };
}
