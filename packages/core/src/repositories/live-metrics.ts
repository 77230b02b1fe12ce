/** SQL behind the Prometheus exposition: all-time per-scenario rollups and the live state of runs. */
import { and, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { benchmarks, run_rollups, runs, scenarios } from '../db/schema.js';
import { figureSql } from './run-analytics.js';
import { rollupTallyColumns } from './run-rollups.js';

/** Per-scenario day rollups of all time (the all-scenario rows left out), with the latency sketches. */
export function selectScenarioDayRollups(db: Executor) {
  return db
    .select({
      scenario_id: run_rollups.scenario_id,
      ...rollupTallyColumns,
      total_sketch: run_rollups.total_sketch,
      ttft_sketch: run_rollups.ttft_sketch,
    })
    .from(run_rollups)
    .where(and(eq(run_rollups.resolution, 'day'), ne(run_rollups.scenario_id, 0)));
}

/** Pending and running runs right now (through the status index: only open runs are read). */
export async function selectOpenRunCounts(db: Executor): Promise<{ pending: number; running: number }> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${runs.status} = 'pending')`.mapWith(Number),
      running: sql<number>`count(*) filter (where ${runs.status} = 'running')`.mapWith(Number),
    })
    .from(runs)
    .where(inArray(runs.status, ['pending', 'running']));
  return { pending: row?.pending ?? 0, running: row?.running ?? 0 };
}

/** Distinct workers holding a running run whose heartbeat is newer than `since`. */
export async function selectHeartbeatingWorkerIds(db: Executor, since: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ worker_id: runs.worker_id })
    .from(runs)
    .where(and(eq(runs.status, 'running'), gt(runs.heartbeat_at, since)));
  return rows.map((row) => row.worker_id).filter((id): id is string => id !== null);
}

/** Every scenario's id and name (the labels of per-scenario series). */
export function selectScenarioNames(db: Executor) {
  return db.select({ id: scenarios.id, name: scenarios.name }).from(scenarios);
}

/**
 * Benchmarks per scenario, status and verdict. The verdict is `benchmarkVerdict` of
 * benchmarks/verdict.ts spelled in SQL, so a scrape counts in the database instead of reading
 * every benchmark's results: '' until finished, `no_thresholds` for an empty list, `failed`
 * when any result did not pass, else `passed`.
 */
export async function selectBenchmarkVerdictCounts(
  db: Executor,
): Promise<Array<{ scenario_id: number; status: string; verdict: string; count: number }>> {
  const verdict = sql<string>`case
    when ${benchmarks.threshold_results} is null then ''
    when jsonb_array_length(${benchmarks.threshold_results}) = 0 then 'no_thresholds'
    when jsonb_path_exists(${benchmarks.threshold_results}, '$[*] ? (@.passed != true)') then 'failed'
    else 'passed' end`;
  return db
    .select({
      scenario_id: benchmarks.scenario_id,
      status: benchmarks.status,
      verdict,
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(benchmarks)
    .groupBy(benchmarks.scenario_id, benchmarks.status, verdict);
}

/**
 * Input and output tokens per scenario over every finished non-warm-up run with token metrics
 * (OpenAI-compatible runs; tokens a failed run received count too). The rollups keep no token
 * sums, so this reads those runs themselves: the partial index on token-bearing runs keeps
 * TinyFish runs out of the scan.
 */
export async function selectScenarioTokenTotals(
  db: Executor,
): Promise<Array<{ scenario_id: number; input_tokens: number; output_tokens: number }>> {
  const tokens = (key: 'input_tokens' | 'output_tokens') =>
    sql<number>`coalesce(sum(${figureSql(key)}), 0)`.mapWith(Number);
  return db
    .select({
      scenario_id: runs.scenario_id,
      input_tokens: tokens('input_tokens'),
      output_tokens: tokens('output_tokens'),
    })
    .from(runs)
    .where(
      and(
        sql`${runs.token_metrics} is not null`,
        eq(runs.is_warmup, false),
        inArray(runs.status, ['completed', 'failed', 'timeout', 'cancelled']),
      ),
    )
    .groupBy(runs.scenario_id)
    .orderBy(runs.scenario_id);
}
