/**
 * The rollups' part of the engine's batched finish. The finishing UPDATE marks the runs
 * rolled up (`runs.rolled_up_at`) and this step adds them to their rollup rows in the same
 * transaction, from the rows that UPDATE returned. Before, every run's row was written a
 * second time, by the mark of a transaction of its own: on a table with ten indexes that
 * second version was the dearest statement of a run on the embedded database.
 *
 * Runs finished any other way (one at a time, by recovery, by a cancel) reach the rollups as
 * before, through the after-run hook (addRunsToRollups), which skips runs marked already.
 */
import type { Executor } from '../db/database.js';
import type { Run } from '../db/schema.js';
import type { FinishTransactionStep } from '../engine/finish-step.js';
import type { Logger } from '../queue/index.js';
import { clearRolledUpMarks, type RolledUpRun } from '../repositories/run-rollups.js';
import { applyRunsToRollups } from './apply-runs.js';

/**
 * Whether the finishing UPDATE marked `run`: it sets `rolled_up_at` and `finished_at` from
 * the same clock reading (the transaction's `now()`); a run marked earlier keeps its mark.
 */
export function markedByFinish(run: Run): boolean {
  return run.rolled_up_at !== null && run.rolled_up_at.getTime() === run.finished_at?.getTime();
}

/** The figures a rollup reads, from a run's row. */
function rolledUpRunOf(run: Run): RolledUpRun {
  const itlMean = (run.inter_token_stats as { mean?: unknown } | null)?.mean;
  return {
    id: run.id,
    scenario_id: run.scenario_id,
    created_at: run.created_at,
    status: run.status,
    error_code: run.error_code,
    assertions_passed: run.assertions_passed,
    total_duration_ms: run.total_duration_ms,
    ttft_ms: run.ttft_ms,
    itl_mean: typeof itlMean === 'number' ? itlMean : null,
    cost_usd: run.cost_usd,
  };
}

/**
 * @example
 * features.finishStep = rollupsInFinish(logger);
 */
export function rollupsInFinish(logger: Logger): FinishTransactionStep {
  return {
    marksRolledUp: true,
    apply: async (tx: Executor, finished: readonly Run[]) => {
      const marked = finished.filter(markedByFinish);
      try {
        await applyRunsToRollups(tx, marked.map(rolledUpRunOf));
      } catch (error) {
        logger.error(
          { run_ids: marked.slice(0, 20).map((run) => run.id), runs: marked.length, err: error },
          'could not add finished runs to the rollups; they stay unmarked for the after-run hook',
        );
        throw error;
      }
    },
    undo: async (tx: Executor, finished: readonly Run[]) => {
      const marked = finished.filter(markedByFinish);
      await clearRolledUpMarks(
        tx,
        marked.map((run) => run.id),
      );
      // The after-run hook reads these rows: unmarked, it adds the runs the usual way.
      for (const run of marked) run.rolled_up_at = null;
    },
  };
}
