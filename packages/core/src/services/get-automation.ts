import { NotFoundError } from '@tfbench/domain/errors';
import { selectAutomationById } from '../repositories/automations.js';
import { type AutomationView, presentAutomation } from './automation-secrets.js';
import { requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';

/** One automation, credentials shown as set or not; NotFoundError (404) when there is none with this id. */
export async function getAutomation(deps: CoreDeps, id: number): Promise<AutomationView> {
  const automation = await selectAutomationById(deps.db.db, requireExistingId('automation', id));
  if (!automation) throw new NotFoundError('automation', id);
  return presentAutomation(automation);
}
