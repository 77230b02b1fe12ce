import { ConflictError } from '@tfbench/domain/errors';
import { deleteAutomationById, selectAutomationById } from '../repositories/automations.js';
import { deleteBenchmarksOfAutomation } from '../repositories/benchmarks.js';
import { selectScenarioIdsOfAutomation } from '../repositories/run-rollups.js';
import { deleteRunsOfAutomation } from '../repositories/runs.js';
import { countScenarios, deleteScenariosOfAutomation } from '../repositories/scenarios.js';
import { forgetScenariosInRollups } from '../rollups/forget-scenarios.js';
import { type AutomationView, presentAutomation } from './automation-secrets.js';
import { type DeletedCounts, type DeleteOptions, deleteWithDependants } from './delete-options.js';
import type { CoreDeps } from './deps.js';

export interface DeleteAutomationResult {
  automation: AutomationView;
  deleted: DeletedCounts;
}

/**
 * Delete an automation. While scenarios use it this is a ConflictError (409) unless
 * `cascade` is set, in which case its scenarios, their runs (with events) and their
 * benchmarks go too — all in one transaction, so a failure deletes nothing.
 * NotFoundError (404) for an unknown id.
 *
 * @example
 * await deleteAutomation(deps, 1, { cascade: true });
 */
export async function deleteAutomation(
  deps: CoreDeps,
  id: number,
  options: DeleteOptions = {},
): Promise<DeleteAutomationResult> {
  const { row, deleted } = await deleteWithDependants(deps, id, options, {
    resource: 'automation',
    select: selectAutomationById,
    cascade: async (tx, deleted) => {
      // Children before parents: runs reference benchmarks and scenarios, benchmarks scenarios.
      // Their rollups go with the runs.
      await forgetScenariosInRollups(tx, await selectScenarioIdsOfAutomation(tx, id));
      deleted.runs = await deleteRunsOfAutomation(tx, id);
      deleted.benchmarks = await deleteBenchmarksOfAutomation(tx, id);
      deleted.scenarios = await deleteScenariosOfAutomation(tx, id);
    },
    refuseWhileInUse: async (tx) => {
      const scenarios = await countScenarios(tx, { automation_id: id });
      if (scenarios > 0) throw inUse(id, scenarios);
    },
    remove: deleteAutomationById,
    raced: (cause) => inUse(id, undefined, cause),
  });
  return { automation: presentAutomation(row), deleted };
}

function inUse(id: number, scenarios: number | undefined, cause?: unknown): ConflictError {
  return new ConflictError(
    scenarios === undefined
      ? `automation ${id} is still referenced by other rows; nothing was deleted`
      : `automation ${id} is used by ${scenarios} scenario(s); delete them first or pass cascade=true`,
    { resource: 'automation', id, ...(scenarios === undefined ? {} : { scenarios }) },
    cause,
  );
}
