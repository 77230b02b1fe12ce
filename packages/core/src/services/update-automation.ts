import { NotFoundError } from '@tfbench/domain/errors';
import { selectAutomationById, updateAutomationById } from '../repositories/automations.js';
import { automationColumns, checkAutomationInput, type UpdateAutomationInput } from './automation-input.js';
import {
  type AutomationView,
  presentAutomation,
  splitCredentials,
  storeCredentialChanges,
} from './automation-secrets.js';
import { definedOnly, requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';
import { assertNameFree } from './unique-name.js';

/**
 * Partial update, as the original's PUT: only the fields given change, updated_at moves on.
 * An empty update still bumps updated_at. NotFoundError (404) for an unknown id.
 *
 * @example
 * await updateAutomation(deps, 1, { description: 'now with GPT-4o' });
 */
export async function updateAutomation(
  deps: CoreDeps,
  id: number,
  input: UpdateAutomationInput,
): Promise<AutomationView> {
  requireExistingId('automation', id);
  const split = splitCredentials(input.config, deps.credentials);
  if (input.config !== undefined)
    input = { ...input, config: split.config as UpdateAutomationInput['config'] };
  const { db } = deps.db;
  // config and default_inputs are checked by the provider's schemas: the stored provider's
  // unless this update changes it.
  let provider = input.provider;
  if (provider === undefined && (input.config !== undefined || input.default_inputs !== undefined)) {
    const stored = await selectAutomationById(db, id);
    if (!stored) throw new NotFoundError('automation', id);
    provider = stored.provider;
  }
  checkAutomationInput(input, 'update', deps.outbound, provider);
  const changes = definedOnly(automationColumns(input));
  const updated = await db.transaction(async (tx) => {
    if (input.name !== undefined) await assertNameFree(tx, 'automation', input.name, id);
    const row = await updateAutomationById(tx, id, changes);
    return row && storeCredentialChanges(tx, row, split.changes, deps.credentials ?? {});
  });
  if (!updated) throw new NotFoundError('automation', id);
  return presentAutomation(updated);
}
