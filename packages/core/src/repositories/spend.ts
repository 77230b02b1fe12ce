/** SQL for what runs have cost: per benchmark (its max_cost_usd) and since an instant (the daily budget). */
import { eq, gte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { runs } from '../db/schema.js';

/** US dollars the runs matching `where` have cost so far (runs without a cost count 0). */
async function sumCost(db: Executor, where: SQL): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${runs.cost_usd}), 0)::float8` })
    .from(runs)
    .where(where);
  return Number(row?.total ?? 0);
}

/** US dollars the runs of a benchmark have cost so far. */
export function sumBenchmarkCost(db: Executor, benchmarkId: number): Promise<number> {
  return sumCost(db, eq(runs.benchmark_id, benchmarkId));
}

/** US dollars the runs created at or after `since` have cost so far (reads runs_created_at_idx). */
export function sumRunCostSince(db: Executor, since: Date): Promise<number> {
  return sumCost(db, gte(runs.created_at, since));
}
