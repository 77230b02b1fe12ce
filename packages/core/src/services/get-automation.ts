import { selectAutomationById } from '../repositories/automations.js';
import { type AutomationView, presentAutomation } from './automation-secrets.js';
import { requireFound } from './checks.js';
import type { CoreDeps } from './deps.js';

/** One automation, credentials shown as set or not; NotFoundError (404) when there is none with this id. */
export async function getAutomation(deps: CoreDeps, id: number): Promise<AutomationView> {
  const automation = await requireFound('automation', id, (automationId) =>
    selectAutomationById(deps.db.db, automationId),
  );
  return presentAutomation(automation);
}
