import { NotFoundError } from '@tfbench/domain/errors';
import type { Scenario } from '../db/schema.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import { requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';

/** One scenario; NotFoundError (404) when there is none with this id. */
export async function getScenario(deps: CoreDeps, id: number): Promise<Scenario> {
  const scenario = await selectScenarioById(deps.db.db, requireExistingId('scenario', id));
  if (!scenario) throw new NotFoundError('scenario', id);
  return scenario;
}
