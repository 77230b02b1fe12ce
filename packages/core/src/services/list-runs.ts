import type { Run } from '../db/schema.js';
import { countRuns, selectRuns } from '../repositories/runs.js';
import { IssueList, toPage } from './checks.js';
import type { CoreDeps, PageParams, Paginated } from './deps.js';
import { type RunFilterParams, toRunFilter } from './run-filter-params.js';

export interface ListRunsParams extends PageParams, RunFilterParams {}

/**
 * One page of runs, newest first (created_at, then id), with the number matching the
 * filters in all. Warm-up runs are listed too (`is_warmup` tells them apart).
 *
 * @example
 * const { items, total } = await listRuns(deps, { scenario_id: 1, status: 'failed', limit: 20 });
 */
export async function listRuns(deps: CoreDeps, params: ListRunsParams = {}): Promise<Paginated<Run>> {
  const issues = new IssueList();
  const page = toPage(params, issues);
  const filter = toRunFilter(params, issues);
  issues.throwIfAny();
  const { db } = deps.db;
  const [items, total] = await Promise.all([selectRuns(db, filter, page), countRuns(db, filter)]);
  return { items, total };
}
