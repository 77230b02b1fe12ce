import { NotFoundError } from '@tfbench/domain/errors';
import type { Automation } from '../db/schema.js';
import { selectAutomationById } from '../repositories/automations.js';
import { requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';

/** One automation; NotFoundError (404) when there is none with this id. */
export async function getAutomation(deps: CoreDeps, id: number): Promise<Automation> {
  const automation = await selectAutomationById(deps.db.db, requireExistingId('automation', id));
  if (!automation) throw new NotFoundError('automation', id);
  return automation;
}
