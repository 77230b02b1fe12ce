/**
 * Exact or approximate: which source answers an analytics query. Narrow ranges (at most a
 * day) and benchmarks are computed exactly from raw runs — a day of one busy deployment is
 * tens of thousands of rows, which PostgreSQL's percentile_cont handles in milliseconds
 * through the (scenario_id, created_at) and created_at indexes. Wider ranges, and ranges
 * without a start, are read from the rollups, whose percentiles are within 0.5 % (relative)
 * of the exact ones; counts, rates, sums, errors and extremes stay exact.
 */
import type { Executor } from '../db/database.js';
import type { RollupScope } from '../repositories/run-rollups.js';
import { selectScenarioIdsOfAutomation } from '../repositories/run-rollups.js';
import type { RunFilter } from '../repositories/runs.js';

/** Widest range answered exactly from raw runs by default. */
export const EXACT_RANGE_MAX_MS = 86_400_000;

/** Relative accuracy of percentiles read from rollups (the DDSketch's). */
export const ROLLUP_RELATIVE_ACCURACY = 0.005;

/** Where a figure came from, as the API reports it. */
export type FigureSource = 'exact' | 'rollups';

export interface SourceChoice {
  /** The caller insists on exact figures (`exact=true`), whatever the range. */
  exact?: boolean;
  from?: Date;
  to?: Date;
  benchmark_id?: number;
  /** created_at of the oldest and newest matching run, when the caller knows them. */
  first?: Date | null;
  last?: Date | null;
}

/**
 * The source for a query over [from, to): exact when what it covers is at most a day wide —
 * the range itself, or the runs inside it when they span less (a range without a start
 * begins at the oldest matching run).
 */
export function chooseSource(choice: SourceChoice, now: number): FigureSource {
  if (choice.exact || choice.benchmark_id !== undefined) return 'exact';
  if (choice.first === null) return 'exact';
  const starts = [choice.from?.getTime(), choice.first?.getTime()].filter((t) => t !== undefined);
  if (starts.length === 0) return 'rollups';
  const ends = [choice.to?.getTime(), choice.last ? choice.last.getTime() + 1 : undefined];
  const bounded = ends.filter((t) => t !== undefined);
  const end = bounded.length === 0 ? now : Math.min(...bounded);
  return end - Math.max(...starts) <= EXACT_RANGE_MAX_MS ? 'exact' : 'rollups';
}

/** The rollup scope of a filter's scenario and automation conditions (both must hold). */
export async function rollupScopeOf(db: Executor, filter: RunFilter): Promise<RollupScope> {
  if (filter.automation_id === undefined) {
    return filter.scenario_id === undefined
      ? { kind: 'all' }
      : { kind: 'scenarios', ids: [filter.scenario_id] };
  }
  const ids = await selectScenarioIdsOfAutomation(db, filter.automation_id);
  return {
    kind: 'scenarios',
    ids: filter.scenario_id === undefined ? ids : ids.filter((id) => id === filter.scenario_id),
  };
}

/** The relative error bound of a source's percentiles. */
export function relativeErrorOf(source: FigureSource): number {
  return source === 'exact' ? 0 : ROLLUP_RELATIVE_ACCURACY;
}
