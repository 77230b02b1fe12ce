/**
 * Fills a database with realistic synthetic runs, fast: runs are generated newest first
 * (`syntheticRuns`), inserted 5,000 per statement, and added to the rollups as they go — each
 * rollup bucket is written once, when no older run can fall into it any more — instead of run
 * by run as the engine's hook does. The runs are marked rolled up, so readers never add them
 * twice.
 */
import type { DatabaseHandle } from '@tfbench/core/db';
import { syntheticRuns } from '@tfbench/core/reporting';
import { insertAutomation, insertRunsInBulk, insertScenario } from '@tfbench/core/repositories';
import { addRunToDeltas, mergeDeltasIntoRollups, type RollupDeltas } from '@tfbench/core/rollups';
import { sql } from 'drizzle-orm';

export interface SeedBulkOptions {
  runs: number;
  scenarios: number;
  days: number;
  seed: number;
  /** End of the range (exclusive), epoch ms; default now. */
  end?: number;
  log?: (line: string) => void;
}

export interface SeedBulkResult {
  runs: number;
  scenarioIds: number[];
  rollupRows: number;
  start: Date;
  end: Date;
  insertMs: number;
  rollupMs: number;
}

/** Rollup rows per statement: bulk loads afford larger statements than the engine's hook. */
const ROLLUP_ROWS_PER_STATEMENT = 1_000;

/**
 * @example
 * await seedBulkRuns(handle, { runs: 1_000_000, scenarios: 20, days: 30, seed: 1 });
 */
export async function seedBulkRuns(db: DatabaseHandle, options: SeedBulkOptions): Promise<SeedBulkResult> {
  const log = options.log ?? (() => {});
  const automation = await insertAutomation(db.db, {
    name: 'Bulk seed · product listing',
    description: `${options.runs} synthetic runs over ${options.days} days (npm run seed:bulk)`,
    default_inputs: { url: 'https://example.com/products', goal: 'extract the product list' },
  });
  const scenarioIds: number[] = [];
  for (let i = 1; i <= options.scenarios; i++) {
    const scenario = await insertScenario(db.db, {
      name: `Bulk scenario ${String(i).padStart(2, '0')}`,
      automation_id: automation.id,
      thresholds: ['p95(total_duration_ms) < 60s', 'success_rate >= 95%'],
    });
    scenarioIds.push(scenario.id);
  }
  const end = options.end ?? Date.now();
  const start = end - options.days * 86_400_000;
  const rolledUpAt = new Date();
  const deltas: RollupDeltas = new Map();
  let rollupRows = 0;
  let rollupMs = 0;
  let insertMs = 0;

  const flush = async (olderThan: number) => {
    const t = performance.now();
    const ready: RollupDeltas = new Map();
    for (const [id, entry] of deltas) {
      // Runs come newest first: a bucket starting after the oldest run so far is complete.
      if (entry.key.bucket_start.getTime() > olderThan) {
        ready.set(id, entry);
        deltas.delete(id);
      }
    }
    await db.db.transaction((tx) => mergeDeltasIntoRollups(tx, ready, ROLLUP_ROWS_PER_STATEMENT));
    rollupRows += ready.size;
    rollupMs += performance.now() - t;
  };

  let inserted = 0;
  let oldest = Number.POSITIVE_INFINITY;
  let batches = 0;
  for (const batch of syntheticRuns({
    runs: options.runs,
    scenarioIds,
    start,
    end,
    seed: options.seed,
    rolledUpAt,
  })) {
    const t = performance.now();
    inserted += await insertRunsInBulk(db.db, batch);
    insertMs += performance.now() - t;
    for (const run of batch) {
      addRunToDeltas(deltas, { ...run, itl_mean: run.inter_token_stats?.mean ?? null });
      oldest = Math.min(oldest, run.created_at.getTime());
    }
    batches++;
    if (batches % 20 === 0) {
      await flush(oldest);
      log(`  ${inserted.toLocaleString('en-US')} runs, ${rollupRows.toLocaleString('en-US')} rollup rows`);
    }
  }
  await flush(Number.NEGATIVE_INFINITY);
  // Fresh planner statistics: a million new rows change which plans are best.
  if (db.kind === 'postgres') await db.db.execute(sql`analyze runs; analyze run_rollups`);
  return {
    runs: inserted,
    scenarioIds,
    rollupRows,
    start: new Date(start),
    end: new Date(end),
    insertMs,
    rollupMs,
  };
}
