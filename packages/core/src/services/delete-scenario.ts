import { ConflictError } from '@tfbench/domain/errors';
import type { Scenario } from '../db/schema.js';
import { countBenchmarksOfScenario, deleteBenchmarksOfScenario } from '../repositories/benchmarks.js';
import { countRunsOfScenario, deleteRunsOfScenario } from '../repositories/runs.js';
import { deleteScenarioById, selectScenarioById } from '../repositories/scenarios.js';
import { forgetScenariosInRollups } from '../rollups/forget-scenarios.js';
import { type DeletedCounts, type DeleteOptions, deleteWithDependants } from './delete-options.js';
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
  const { row, deleted } = await deleteWithDependants(deps, id, options, {
    resource: 'scenario',
    select: selectScenarioById,
    cascade: async (tx, deleted) => {
      // Runs first: they reference the benchmarks. Their rollups go with them.
      await forgetScenariosInRollups(tx, [id]);
      deleted.runs = await deleteRunsOfScenario(tx, id);
      deleted.benchmarks = await deleteBenchmarksOfScenario(tx, id);
    },
    refuseWhileInUse: async (tx) => {
      const runs = await countRunsOfScenario(tx, id);
      const benchmarks = await countBenchmarksOfScenario(tx, id);
      if (runs > 0 || benchmarks > 0) throw inUse(id, { runs, benchmarks });
    },
    remove: deleteScenarioById,
    raced: (cause) => inUse(id, undefined, cause),
  });
  return { scenario: row, deleted };
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
