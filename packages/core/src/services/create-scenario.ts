import { NotFoundError } from '@tfbench/domain/errors';
import { isForeignKeyError } from '../db/postgres-error.js';
import type { Scenario } from '../db/schema.js';
import { insertScenario } from '../repositories/scenarios.js';
import { planScheduleColumns } from '../schedules/plan-schedule.js';
import { requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';
import { type CreateScenarioInput, checkScenarioInput, scenarioColumns } from './scenario-input.js';
import { assertNameFree } from './unique-name.js';

/**
 * Store a new scenario of an existing automation. An unknown automation is a NotFoundError
 * (404) whose details name the field `automation_id`; the foreign key decides, so a
 * concurrent delete of the automation cannot slip through.
 *
 * @example
 * await createScenario(deps, { name: 'Simple Chat Benchmark', automation_id: 1, inputs_template: { prompt: 'Hi' } });
 */
export async function createScenario(deps: CoreDeps, input: CreateScenarioInput): Promise<Scenario> {
  checkScenarioInput(input, 'create', deps.outbound);
  const automationId = requireExistingId('automation', input.automation_id, 'automation_id');
  // A scenario created with its schedule on gets its first tick (and a bad cron a 400) now.
  const schedule = planScheduleColumns(null, input, new Date());
  try {
    return await deps.db.db.transaction(async (tx) => {
      await assertNameFree(tx, 'scenario', input.name);
      return insertScenario(tx, { ...scenarioColumns(input, automationId), name: input.name, ...schedule });
    });
  } catch (error) {
    if (isForeignKeyError(error)) {
      throw new NotFoundError('automation', automationId, { field: 'automation_id', cause: error });
    }
    throw error;
  }
}
