import { insertAutomation } from '../repositories/automations.js';
import { automationColumns, type CreateAutomationInput, checkAutomationInput } from './automation-input.js';
import {
  type AutomationView,
  presentAutomation,
  splitCredentials,
  storeCredentialChanges,
} from './automation-secrets.js';
import type { CoreDeps } from './deps.js';
import { assertNameFree } from './unique-name.js';

/**
 * Store a new automation; omitted JSON fields default to `{}` and provider to `tinyfish`.
 * ValidationError (400) names every field PostgreSQL could not store.
 *
 * @example
 * await createAutomation(deps, { name: 'GPT-4 Chat Automation', default_inputs: { model: 'gpt-4' } });
 */
export async function createAutomation(
  deps: CoreDeps,
  input: CreateAutomationInput,
): Promise<AutomationView> {
  const split = splitCredentials(input.config, deps.credentials);
  input = { ...input, config: split.config as CreateAutomationInput['config'] };
  checkAutomationInput(input, 'create', deps.outbound);
  const created = await deps.db.db.transaction(async (tx) => {
    await assertNameFree(tx, 'automation', input.name);
    const row = await insertAutomation(tx, { ...automationColumns(input), name: input.name });
    return storeCredentialChanges(tx, row, split.changes, deps.credentials ?? {});
  });
  return presentAutomation(created);
}
