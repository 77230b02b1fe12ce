import { NotFoundError } from '@tfbench/domain/errors';
import { isForeignKeyError } from '../db/postgres-error.js';
import type { Scenario } from '../db/schema.js';
import { selectScenarioById, updateScenarioById } from '../repositories/scenarios.js';
import { planScheduleColumns } from '../schedules/plan-schedule.js';
import { definedOnly, requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';
import { checkScenarioInput, scenarioColumns, type UpdateScenarioInput } from './scenario-input.js';
import { assertNameFree } from './unique-name.js';

/**
 * Partial update, as the original's PUT: only the fields given change, updated_at moves on.
 * NotFoundError (404) for an unknown scenario, or — naming `automation_id` — for a move to
 * an automation that does not exist.
 *
 * @example
 * await updateScenario(deps, 1, { run_settings: { interval_seconds: 60, concurrency: 2 } });
 */
export async function updateScenario(
  deps: CoreDeps,
  id: number,
  input: UpdateScenarioInput,
): Promise<Scenario> {
  requireExistingId('scenario', id);
  checkScenarioInput(input, 'update', deps.outbound);
  const automationId =
    input.automation_id === undefined
      ? undefined
      : requireExistingId('automation', input.automation_id, 'automation_id');
  const changes = definedOnly(scenarioColumns(input, automationId));
  if (input.schedule_enabled !== undefined || input.run_settings !== undefined) {
    // Switching the schedule or changing its recurrence moves next_run_at (see planScheduleColumns).
    const current = await selectScenarioById(deps.db.db, id);
    if (!current) throw new NotFoundError('scenario', id);
    Object.assign(changes, planScheduleColumns(current, input, new Date()));
  }
  let updated: Scenario | undefined;
  try {
    updated = await deps.db.db.transaction(async (tx) => {
      if (input.name !== undefined) await assertNameFree(tx, 'scenario', input.name, id);
      return updateScenarioById(tx, id, changes);
    });
  } catch (error) {
    if (automationId !== undefined && isForeignKeyError(error)) {
      throw new NotFoundError('automation', automationId, { field: 'automation_id', cause: error });
    }
    throw error;
  }
  if (!updated) throw new NotFoundError('scenario', id);
  return updated;
}
