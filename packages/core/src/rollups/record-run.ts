import type { DatabaseHandle } from '../db/database.js';
import { markPendingRunsRolledUp, markRunRolledUp } from '../repositories/run-rollups.js';
import { applyRunsToRollups } from './apply-runs.js';

/** What the rollup functions need. */
export interface RollupDeps {
  db: DatabaseHandle;
}

/**
 * Adds one finished run to the rollups: the engine calls this after every terminal
 * transition. Idempotent — the run is marked (`runs.rolled_up_at`) in the same transaction
 * that updates its rollup rows, so a repeated call, or a catch-up running at the same time,
 * adds it once. Warm-up runs and runs still in flight are left alone. Returns whether the run
 * was added by this call.
 *
 * @example
 * await recordRunInRollups({ db }, run); // in the engine's afterRunFinished hook
 */
export async function recordRunInRollups(deps: RollupDeps, run: { id: number }): Promise<boolean> {
  return deps.db.db.transaction(async (tx) => {
    const marked = await markRunRolledUp(tx, run.id);
    if (!marked) return false;
    await applyRunsToRollups(tx, [marked]);
    return true;
  });
}

export interface RollUpPendingRunsOptions {
  /** Runs per transaction (default 500). */
  batchSize?: number;
  /** Stop after this many runs (default: until none is left). */
  maxRuns?: number;
}

/**
 * Adds every finished run that is not in the rollups yet (a crashed hook, runs written by
 * other tools, or a rebuild), in batches, oldest first. Returns how many runs it added.
 * Correctness never waits for this: reads combine the rollups with the runs not rolled up.
 */
export async function rollUpPendingRuns(
  deps: RollupDeps,
  options: RollUpPendingRunsOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const maxRuns = options.maxRuns ?? Number.POSITIVE_INFINITY;
  let added = 0;
  while (added < maxRuns) {
    const limit = Math.min(batchSize, maxRuns - added);
    const count = await deps.db.db.transaction(async (tx) => {
      const marked = await markPendingRunsRolledUp(tx, limit);
      await applyRunsToRollups(tx, marked);
      return marked.length;
    });
    added += count;
    if (count < limit) break;
  }
  return added;
}
