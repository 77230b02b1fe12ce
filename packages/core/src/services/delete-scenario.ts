import { ConflictError, NotFoundError } from '@tfbench/domain/errors';
import { isForeignKeyError } from '../db/postgres-error.js';
import type { Scenario } from '../db/schema.js';
import { countBenchmarksOfScenario, deleteBenchmarksOfScenario } from '../repositories/benchmarks.js';
import { countRunsOfScenario, deleteRunsOfScenario } from '../repositories/runs.js';
import { deleteScenarioById, selectScenarioById } from '../repositories/scenarios.js';
import { forgetScenariosInRollups } from '../rollups/forget-scenarios.js';
import { requireExistingId } from './checks.js';
import type { DeletedCounts, DeleteOptions } from './delete-options.js';
import type { CoreDeps } from './deps.js';

export interface DeleteScenarioResult {
  scenario: Scenario;
  deleted: DeletedCounts;
}

/**
 * Delete a scenario. While it has runs or benchmarks this is a ConflictError (409) unless
 * `cascade` is set, in which case those go too (events with their runs), in one
 * transaction. NotFoundError (404) for an unknown id.
 *
 * @example
 * await deleteScenario(deps, 1, { cascade: true });
 */
export async function deleteScenario(
  deps: CoreDeps,
  id: number,
  options: DeleteOptions = {},
): Promise<DeleteScenarioResult> {
  requireExistingId('scenario', id);
  try {
    return await deps.db.db.transaction(async (tx) => {
      const scenario = await selectScenarioById(tx, id);
      if (!scenario) throw new NotFoundError('scenario', id);
      const deleted: DeletedCounts = { scenarios: 0, runs: 0, benchmarks: 0 };
      if (options.cascade) {
        // Runs first: they reference the benchmarks. Their rollups go with them.
        await forgetScenariosInRollups(tx, [id]);
        deleted.runs = await deleteRunsOfScenario(tx, id);
        deleted.benchmarks = await deleteBenchmarksOfScenario(tx, id);
      } else {
        const runs = await countRunsOfScenario(tx, id);
        const benchmarks = await countBenchmarksOfScenario(tx, id);
        if (runs > 0 || benchmarks > 0) throw inUse(id, { runs, benchmarks });
      }
      await deleteScenarioById(tx, id);
      return { scenario, deleted };
    });
  } catch (error) {
    // A run or benchmark written by a concurrent request after the checks above; the
    // transaction has rolled back, nothing is gone.
    if (isForeignKeyError(error)) throw inUse(id, undefined, error);
    throw error;
  }
}

function inUse(id: number, counts: { runs: number; benchmarks: number } | undefined, cause?: unknown) {
  const what = counts
    ? [
        counts.runs > 0 ? `${counts.runs} run(s)` : '',
        counts.benchmarks > 0 ? `${counts.benchmarks} benchmark(s)` : '',
      ]
        .filter(Boolean)
        .join(' and ')
    : 'rows that still reference it';
  return new ConflictError(
    `scenario ${id} has ${what}; delete them first or pass cascade=true`,
    { resource: 'scenario', id, ...counts },
    cause,
  );
}
