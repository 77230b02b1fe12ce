/** SQL for the `runs` table: the run list, counts and deletes, and the filter the analytics share. */
import type { RunStatus } from '@tfbench/domain/model';
import { and, count, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type NewRun, type Run, runs, scenarios } from '../db/schema.js';
import type { Page } from './page.js';
import { insertRow, type RowChanges, selectRowById, updateRowById } from './rows.js';

/** Filters shared by the run list and the dashboard. `from` is inclusive, `to` exclusive. */
export interface RunFilter {
  scenario_id?: number;
  automation_id?: number;
  benchmark_id?: number;
  status?: RunStatus;
  /** Runs created at or after this instant. */
  from?: Date;
  /** Runs created strictly before this instant. */
  to?: Date;
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
  const conditions: SQL[] = [];
  if (filter.scenario_id !== undefined) conditions.push(eq(runs.scenario_id, filter.scenario_id));
  if (filter.benchmark_id !== undefined) conditions.push(eq(runs.benchmark_id, filter.benchmark_id));
  if (filter.status !== undefined) conditions.push(eq(runs.status, filter.status));
  if (filter.from !== undefined) conditions.push(gte(runs.created_at, filter.from));
  if (filter.to !== undefined) conditions.push(lt(runs.created_at, filter.to));
  if (filter.exclude_warmup) conditions.push(eq(runs.is_warmup, false));
  if (filter.search !== undefined && filter.search !== '') conditions.push(searchCondition(filter.search));
  if (filter.automation_id !== undefined) conditions.push(isRunOfAutomation(db, filter.automation_id));
  return conditions.length === 0 ? undefined : and(...conditions);
}

/** Newest first; ties on created_at (same transaction) fall back to the higher id. */
export function selectRuns(db: Executor, filter: RunFilter, page: Page): Promise<Run[]> {
  return db
    .select()
    .from(runs)
    .where(conditionsOf(filter, db))
    .orderBy(desc(runs.created_at), desc(runs.id))
    .offset(page.skip)
    .limit(page.limit);
}

export async function countRuns(db: Executor, filter: RunFilter): Promise<number> {
  const [row] = await db.select({ total: count() }).from(runs).where(conditionsOf(filter, db));
  return row?.total ?? 0;
}

export function selectRunById(db: Executor, id: number): Promise<Run | undefined> {
  return selectRowById(db, runs, id);
}

export function insertRun(db: Executor, values: NewRun): Promise<Run> {
  return insertRow(db, runs, values);
}

/** Sets the given columns and bumps updated_at (even when none are given); undefined when no such row. */
export function updateRunById(
  db: Executor,
  id: number,
  values: RowChanges<typeof runs>,
): Promise<Run | undefined> {
  return updateRowById(db, runs, id, values);
}

export async function countRunsOfScenario(db: Executor, scenarioId: number): Promise<number> {
  const [row] = await db.select({ total: count() }).from(runs).where(eq(runs.scenario_id, scenarioId));
  return row?.total ?? 0;
}

/** Deletes a scenario's runs; their events go with them (ON DELETE CASCADE). Returns how many. */
export async function deleteRunsOfScenario(db: Executor, scenarioId: number): Promise<number> {
  const rows = await db.delete(runs).where(eq(runs.scenario_id, scenarioId)).returning({ id: runs.id });
  return rows.length;
}

/** Deletes the runs of every scenario of an automation, events included. Returns how many. */
export async function deleteRunsOfAutomation(db: Executor, automationId: number): Promise<number> {
  const rows = await db
    .delete(runs)
    .where(
      inArray(
        runs.scenario_id,
        db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.automation_id, automationId)),
      ),
    )
    .returning({ id: runs.id });
  return rows.length;
}

/** A condition on `runs`: the run belongs to a scenario of this automation. */
export function isRunOfAutomation(db: Executor, automationId: number): SQL {
  return inArray(
    runs.scenario_id,
    db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.automation_id, automationId)),
  );
}
