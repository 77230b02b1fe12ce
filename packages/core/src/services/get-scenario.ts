import type { Scenario } from '../db/schema.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import { requireFound } from './checks.js';
import type { CoreDeps } from './deps.js';

/** One scenario; NotFoundError (404) when there is none with this id. */
export async function getScenario(deps: CoreDeps, id: number): Promise<Scenario> {
  return requireFound('scenario', id, (scenarioId) => selectScenarioById(deps.db.db, scenarioId));
}
