/** Options of the delete use cases, and the transaction they share. */
import { type ConflictError, NotFoundError } from '@tfbench/domain/errors';
import type { Executor } from '../db/database.js';
import { isForeignKeyError } from '../db/postgres-error.js';
import { requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';

export interface DeleteOptions {
  /**
   * Also delete everything that depends on the item (scenarios, runs with their events,
   * benchmarks), in the same transaction. Without it a delete of an item in use is a 409.
   */
  cascade?: boolean;
}

/** How many dependent rows a cascading delete removed (run events go with their runs). */
export interface DeletedCounts {
  scenarios: number;
  runs: number;
  benchmarks: number;
}

/** What one kind of item does at each step of {@link deleteWithDependants}. */
export interface DeleteSteps<Row> {
  resource: string;
  select(tx: Executor, id: number): Promise<Row | undefined>;
  /** Deletes the dependants, children before parents, counting them in `deleted`. */
  cascade(tx: Executor, deleted: DeletedCounts): Promise<void>;
  /** Throws the item's ConflictError while anything depends on it. */
  refuseWhileInUse(tx: Executor): Promise<void>;
  remove(tx: Executor, id: number): Promise<unknown>;
  /** The ConflictError of a foreign-key error: a dependant written after the checks. */
  raced(cause: unknown): ConflictError;
}

/**
 * A delete with an optional cascade, in one transaction so that a failure deletes nothing:
 * the item (NotFoundError when there is none), then its dependants (with `cascade`) or a
 * ConflictError while it has any, then the item itself. A row written by a concurrent request
 * after the checks still references what is deleted; the transaction rolls back and the
 * foreign-key error becomes the same conflict.
 */
export async function deleteWithDependants<Row>(
  deps: CoreDeps,
  id: number,
  options: DeleteOptions,
  steps: DeleteSteps<Row>,
): Promise<{ row: Row; deleted: DeletedCounts }> {
  requireExistingId(steps.resource, id);
  try {
    return await deps.db.db.transaction(async (tx) => {
      const row = await steps.select(tx, id);
      if (!row) throw new NotFoundError(steps.resource, id);
      const deleted: DeletedCounts = { scenarios: 0, runs: 0, benchmarks: 0 };
      if (options.cascade) await steps.cascade(tx, deleted);
      else await steps.refuseWhileInUse(tx);
      await steps.remove(tx, id);
      return { row, deleted };
    });
  } catch (error) {
    if (isForeignKeyError(error)) throw steps.raced(error);
    throw error;
  }
}
