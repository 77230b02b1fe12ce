import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../queue/index.js';
import { markPendingRunsRolledUp, markRunsRolledUp } from '../repositories/run-rollups.js';
import { applyRunsToRollups } from './apply-runs.js';

/** What the rollup functions need. */
export interface RollupDeps {
  db: DatabaseHandle;
}

/**
 * Adds one finished run to the rollups. Idempotent — the run is marked (`runs.rolled_up_at`)
 * in the same transaction that updates its rollup rows, so a repeated call, or a catch-up
 * running at the same time, adds it once. Warm-up runs and runs still in flight are left
 * alone. Returns whether the run was added by this call.
 *
 * @example
 * await recordRunInRollups({ db }, run);
 */
export async function recordRunInRollups(deps: RollupDeps, run: { id: number }): Promise<boolean> {
  return (await recordRunsInRollups(deps, [run.id])) === 1;
}

/**
 * Adds finished runs to the rollups in one transaction: the engine collects the runs that
 * ended in one process while the previous batch was being written, and hands them over
 * together, so a burst of endings updates each rollup row once instead of once per run (the
 * six rows a run touches are the same six for every run of a scenario in a minute, and a
 * transaction per run would queue on their row locks). Same guarantees as
 * {@link recordRunInRollups}; returns how many runs this call added.
 *
 * @example
 * await recordRunsInRollups({ db }, [run.id, other.id]);
 */
export async function recordRunsInRollups(deps: RollupDeps, runIds: readonly number[]): Promise<number> {
  if (runIds.length === 0) return 0;
  return deps.db.db.transaction(async (tx) => {
    const marked = await markRunsRolledUp(tx, runIds);
    if (marked.length > 0) await applyRunsToRollups(tx, marked);
    return marked.length;
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

/**
 * Adds finished runs to the rollups in one transaction, for the engine's after-run hook (which
 * batches them per process); never throws: the run is stored already, and reads combine the
 * rollups with runs not rolled up yet (`runs.rolled_up_at`).
 *
 * @example
 * await addRunsToRollups(deps, [run.id]);
 */
export async function addRunsToRollups(
  deps: RollupDeps & { logger: Logger },
  runIds: readonly number[],
): Promise<void> {
  try {
    await recordRunsInRollups(deps, runIds);
  } catch (error) {
    deps.logger.error(
      { run_ids: runIds.slice(0, 20), runs: runIds.length, err: error },
      'could not add runs to the rollups; a catch-up will',
    );
  }
}
