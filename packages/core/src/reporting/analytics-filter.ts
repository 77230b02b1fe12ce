/** The filters every analytics query takes, checked and turned into the repository's filter. */
import type { RunFilter } from '../repositories/runs.js';
import type { IssueList } from '../services/checks.js';
import { type RunFilterParams, toRunFilter } from '../services/run-filter-params.js';

/** The run list's filters except status: analytics always look at every status. */
export type AnalyticsFilterParams = Omit<RunFilterParams, 'status' | 'q'>;

/** The repository filter of analytics: the given filters, warm-up runs left out. */
export function toAnalyticsFilter(params: AnalyticsFilterParams, issues: IssueList): RunFilter {
  const { scenario_id, automation_id, benchmark_id, from, to } = params;
  const filter = toRunFilter({ scenario_id, automation_id, benchmark_id, from, to }, issues);
  if (from instanceof Date && to instanceof Date && !(from.getTime() < to.getTime())) {
    issues.add('from', 'must be before to');
  }
  return { ...filter, exclude_warmup: true };
}
