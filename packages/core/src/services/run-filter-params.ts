/** Run filters as callers give them, and their conversion into the repository's filter. */
import { RUN_STATUSES } from '@tfbench/domain/model';
import type { RunFilter } from '../repositories/runs.js';
import { checkFilterId, checkInstant, checkOneOf, type IssueList } from './checks.js';

/** The repository's filter fields as callers give them (unchecked), and the search text `q`. */
export interface RunFilterParams
  extends Pick<RunFilter, 'scenario_id' | 'automation_id' | 'benchmark_id' | 'status' | 'from' | 'to'> {
  /** Free-text search: error code, error message, upstream run id, or the run's id. */
  q?: string;
}

/** Longest accepted search text. */
export const MAX_RUN_SEARCH_LENGTH = 200;

export function toRunFilter(params: RunFilterParams, issues: IssueList): RunFilter {
  checkFilterId('scenario_id', params.scenario_id, issues);
  checkFilterId('automation_id', params.automation_id, issues);
  checkFilterId('benchmark_id', params.benchmark_id, issues);
  checkOneOf('status', params.status, RUN_STATUSES, issues);
  checkInstant('from', params.from, issues);
  checkInstant('to', params.to, issues);
  if (params.q !== undefined && (typeof params.q !== 'string' || params.q.length > MAX_RUN_SEARCH_LENGTH)) {
    issues.add('q', `must be text of at most ${MAX_RUN_SEARCH_LENGTH} characters`);
  }
  const filter: RunFilter = {};
  if (params.scenario_id !== undefined) filter.scenario_id = params.scenario_id;
  if (params.automation_id !== undefined) filter.automation_id = params.automation_id;
  if (params.benchmark_id !== undefined) filter.benchmark_id = params.benchmark_id;
  if (params.status !== undefined) filter.status = params.status;
  if (params.from !== undefined) filter.from = params.from;
  if (params.to !== undefined) filter.to = params.to;
  const search = typeof params.q === 'string' ? params.q.trim() : '';
  if (search !== '') filter.search = search;
  return filter;
}
