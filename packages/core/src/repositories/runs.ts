/** SQL for the `runs` table: the run list, counts and deletes, and the filter the analytics share. */
import type { RunStatus } from '@tfbench/domain/model';
import { and, asc, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Run, runs } from '../db/schema.js';
import { equalsIfGiven, type TimeRange, withinTimeRange } from './filters.js';
import { type Page, selectPage } from './page.js';
import { countRows, deleteRowsWhere, rowOperations } from './rows.js';
import { ofScenariosOfAutomation } from './scenarios.js';

/** Filters shared by the run list and the dashboard; the time range is of when runs were created. */
export interface RunFilter extends TimeRange {
  scenario_id?: number;
  /** Runs of any scenario of this automation. */
  automation_id?: number;
  benchmark_id?: number;
  status?: RunStatus;
  /** Leave warm-up runs out (the dashboard does; the run list shows them). */
  exclude_warmup?: boolean;
  /**
   * Free text: runs whose error code, error message or upstream run id contains it,
   * case-insensitively, or whose id it is ("42" or "#42").
   */
  search?: string;
}

/** `text` as a LIKE pattern that matches it literally anywhere (its %, _ and backslash escaped). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchCondition(search: string): SQL {
  const pattern = containsPattern(search);
  const matches = [
    sql`${runs.error_code} ilike ${pattern}`,
    sql`${runs.error} ilike ${pattern}`,
    sql`${runs.upstream_run_id} ilike ${pattern}`,
  ];
  const id = /^#?(\d{1,10})$/.exec(search)?.[1];
  if (id !== undefined && Number(id) <= 2_147_483_647) matches.push(eq(runs.id, Number(id)));
  return or(...matches) as SQL;
}

/** The WHERE condition of a RunFilter (undefined when it filters nothing); analytics reuse it. */
export function conditionsOf(filter: RunFilter, db: Executor): SQL | undefined {
  return and(
    equalsIfGiven(runs.scenario_id, filter.scenario_id),
    equalsIfGiven(runs.benchmark_id, filter.benchmark_id),
    equalsIfGiven(runs.status, filter.status),
    ...withinTimeRange(runs.created_at, filter),
    filter.exclude_warmup ? eq(runs.is_warmup, false) : undefined,
    filter.search ? searchCondition(filter.search) : undefined,
    filter.automation_id === undefined ? undefined : isRunOfAutomation(db, filter.automation_id),
  );
}

/** Newest first; ties on created_at (same transaction) fall back to the higher id. */
export function selectRuns(db: Executor, filter: RunFilter, page: Page): Promise<Run[]> {
  return selectPage(db, runs, conditionsOf(filter, db), [desc(runs.created_at), desc(runs.id)], page);
}

export function countRuns(db: Executor, filter: RunFilter): Promise<number> {
  return countRows(db, runs, conditionsOf(filter, db));
}

const runRows = rowOperations(runs);
export const selectRunById = runRows.selectById;
export const insertRun = runRows.insert;
export const updateRunById = runRows.updateById;

export function countRunsOfScenario(db: Executor, scenarioId: number): Promise<number> {
  return countRows(db, runs, eq(runs.scenario_id, scenarioId));
}

/** Deletes a scenario's runs; their events go with them (ON DELETE CASCADE). Returns how many. */
export function deleteRunsOfScenario(db: Executor, scenarioId: number): Promise<number> {
  return deleteRowsWhere(db, runs, eq(runs.scenario_id, scenarioId));
}

/** Deletes the runs of every scenario of an automation, events included. Returns how many. */
export function deleteRunsOfAutomation(db: Executor, automationId: number): Promise<number> {
  return deleteRowsWhere(db, runs, isRunOfAutomation(db, automationId));
}

/** A condition on `runs`: the run belongs to a scenario of this automation. */
export function isRunOfAutomation(db: Executor, automationId: number): SQL {
  return ofScenariosOfAutomation(db, runs.scenario_id, automationId);
}

/** Ids of the runs matching `where`, lowest first, at most `limit` of them. */
export async function selectRunIds(db: Executor, where: SQL | undefined, limit?: number): Promise<number[]> {
  const query = db.select({ id: runs.id }).from(runs).where(where).orderBy(asc(runs.id));
  const rows = await (limit === undefined ? query : query.limit(limit));
  return rows.map((row) => row.id);
}
