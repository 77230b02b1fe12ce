/** A feature's writes in the transaction of the engine's batched finish (features.ts registers it). */
import type { Executor } from '../db/database.js';
import type { Run } from '../db/schema.js';

/**
 * What a feature stores about runs in the transaction that stores their outcomes, so that it
 * needs no transaction (and no second version of each run's row) of its own. The engine
 * runs it under a savepoint after the batched finish: `finished` are the runs that UPDATE
 * finished. A throw undoes only the step's writes; the outcomes stay, and `undo` is then
 * called in the same transaction to clear whatever the finish marked for the step.
 */
export interface FinishTransactionStep {
  /** Also set `runs.rolled_up_at` in the finishing UPDATE (non-warm-up runs). */
  marksRolledUp: boolean;
  apply(tx: Executor, finished: readonly Run[]): Promise<void>;
  undo(tx: Executor, finished: readonly Run[]): Promise<void>;
}
