/** SQL of the scheduler: due scenarios and the claim of one tick. */
import { and, asc, desc, eq, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs, type Scenario, scenarios } from '../db/schema.js';
import { updateRowWhere } from './rows.js';
import { isRunOfAutomation } from './runs.js';

/** Scenarios whose tick is due on the database clock, oldest due first (served by scenarios_next_run_at_idx). */
export function selectDueScenarios(
  db: Executor,
  limit: number,
): Promise<Array<Pick<Scenario, 'id' | 'next_run_at' | 'run_settings'>>> {
  return db
    .select({ id: scenarios.id, next_run_at: scenarios.next_run_at, run_settings: scenarios.run_settings })
    .from(scenarios)
    .where(and(eq(scenarios.schedule_enabled, true), lte(scenarios.next_run_at, sql`clock_timestamp()`)))
    .orderBy(asc(scenarios.next_run_at))
    .limit(limit);
}

/** Enabled scenarios without a next tick yet (enabled by a write that did not compute one). */
export function selectUnplannedScenarios(
  db: Executor,
  limit: number,
): Promise<Array<Pick<Scenario, 'id' | 'run_settings'>>> {
  return db
    .select({ id: scenarios.id, run_settings: scenarios.run_settings })
    .from(scenarios)
    .where(and(eq(scenarios.schedule_enabled, true), isNull(scenarios.next_run_at)))
    .orderBy(asc(scenarios.id))
    .limit(limit);
}

/** Moves a scheduled scenario's next tick to `next` while `current` still holds of it. */
function setNextTick(
  db: Executor,
  scenarioId: number,
  next: Date,
  current: SQL,
): Promise<Scenario | undefined> {
  const scheduled = and(eq(scenarios.id, scenarioId), eq(scenarios.schedule_enabled, true), current);
  // A tick is the scheduler's bookkeeping, not an edit: updated_at keeps its value.
  return updateRowWhere(
    db,
    scenarios,
    { next_run_at: next, updated_at: sql`${scenarios.updated_at}` },
    scheduled,
  );
}

/**
 * Claim the tick due at `due`: move next_run_at on to `next`, only if it still says `due`
 * and the schedule is still on. Of several processes racing for the same tick exactly one
 * gets the row back; the others' UPDATE matches nothing (PostgreSQL re-checks the condition
 * after waiting for the winner's row lock). Compared at millisecond precision, the precision
 * the scheduler writes with.
 */
export function claimScenarioTick(
  db: Executor,
  scenarioId: number,
  due: Date,
  next: Date,
): Promise<Scenario | undefined> {
  return setNextTick(
    db,
    scenarioId,
    next,
    sql`date_trunc('milliseconds', ${scenarios.next_run_at}) = ${due.toISOString()}::timestamptz`,
  );
}

/** Sets next_run_at while it is still null and the schedule on; undefined when someone else did. */
export function planScenarioTick(
  db: Executor,
  scenarioId: number,
  next: Date,
): Promise<Scenario | undefined> {
  return setNextTick(db, scenarioId, next, isNull(scenarios.next_run_at));
}

/** Switches a scenario's schedule off (a recurrence that can no longer be computed). */
export async function disableScenarioSchedule(db: Executor, scenarioId: number): Promise<void> {
  await db
    .update(scenarios)
    .set({ schedule_enabled: false, next_run_at: null, updated_at: sql`now()` })
    .where(eq(scenarios.id, scenarioId));
}

/**
 * Mean cost of the latest `limit` completed runs with a cost, of one scenario, of one
 * automation's scenarios, or of every scenario (no filter); n = how many it rests on.
 */
export async function selectRecentRunCost(
  db: Executor,
  filter: { scenario_id?: number; automation_id?: number },
  limit: number,
): Promise<{ mean: number | null; n: number }> {
  const conditions = [eq(runs.status, 'completed'), isNotNull(runs.cost_usd)];
  if (filter.scenario_id !== undefined) conditions.push(eq(runs.scenario_id, filter.scenario_id));
  if (filter.automation_id !== undefined) conditions.push(isRunOfAutomation(db, filter.automation_id));
  const latest = db
    .select({ cost_usd: runs.cost_usd })
    .from(runs)
    .where(and(...conditions))
    .orderBy(desc(runs.id))
    .limit(limit)
    .as('latest');
  const [row] = await db
    .select({
      mean: sql<number | null>`avg(${latest.cost_usd})`.mapWith((v) => (v === null ? null : Number(v))),
      n: sql<number>`count(*)`.mapWith(Number),
    })
    .from(latest);
  return { mean: row?.mean ?? null, n: row?.n ?? 0 };
}
