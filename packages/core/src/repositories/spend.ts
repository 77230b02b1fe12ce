/** SQL for what runs have cost: per benchmark (its max_cost_usd) and since an instant (the daily budget). */
import { eq, gte, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';

/** US dollars the runs of a benchmark have cost so far (runs without a cost count 0). */
export async function sumBenchmarkCost(db: Executor, benchmarkId: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${runs.cost_usd}), 0)::float8` })
    .from(runs)
    .where(eq(runs.benchmark_id, benchmarkId));
  return Number(row?.total ?? 0);
}

/** US dollars the runs created at or after `since` have cost so far (reads runs_created_at_idx). */
export async function sumRunCostSince(db: Executor, since: Date): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${runs.cost_usd}), 0)::float8` })
    .from(runs)
    .where(gte(runs.created_at, since));
  return Number(row?.total ?? 0);
}
