/** SQL for the `benchmarks` table (basic access; the benchmark engine extends it). */
import { count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { type Benchmark, benchmarks, type NewBenchmark, scenarios } from '../db/schema.js';

export async function insertBenchmark(db: Executor, values: NewBenchmark): Promise<Benchmark> {
  const [row] = await db.insert(benchmarks).values(values).returning();
  return row!;
}

export async function selectBenchmarkById(db: Executor, id: number): Promise<Benchmark | undefined> {
  const [row] = await db.select().from(benchmarks).where(eq(benchmarks.id, id));
  return row;
}

/** Sets the given columns and bumps updated_at (even when none are given); undefined when no such row. */
export async function updateBenchmarkById(
  db: Executor,
  id: number,
  values: Partial<Omit<NewBenchmark, 'id' | 'created_at' | 'updated_at'>>,
): Promise<Benchmark | undefined> {
  const [row] = await db
    .update(benchmarks)
    .set({ ...values, updated_at: sql`now()` })
    .where(eq(benchmarks.id, id))
    .returning();
  return row;
}

export async function countBenchmarksOfScenario(db: Executor, scenarioId: number): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(benchmarks)
    .where(eq(benchmarks.scenario_id, scenarioId));
  return row?.total ?? 0;
}

/** Deletes the benchmarks of one scenario; their runs must be gone first. Returns how many. */
export async function deleteBenchmarksOfScenario(db: Executor, scenarioId: number): Promise<number> {
  const rows = await db
    .delete(benchmarks)
    .where(eq(benchmarks.scenario_id, scenarioId))
    .returning({ id: benchmarks.id });
  return rows.length;
}

/** Deletes the benchmarks of every scenario of an automation. Returns how many. */
export async function deleteBenchmarksOfAutomation(db: Executor, automationId: number): Promise<number> {
  const rows = await db
    .delete(benchmarks)
    .where(
      inArray(
        benchmarks.scenario_id,
        db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.automation_id, automationId)),
      ),
    )
    .returning({ id: benchmarks.id });
  return rows.length;
}
