import type { Automation } from '../db/schema.js';
import { insertAutomation } from '../repositories/automations.js';
import { type CreateAutomationInput, checkAutomationInput } from './automation-input.js';
import type { CoreDeps } from './deps.js';
import { assertNameFree } from './unique-name.js';

/**
 * Store a new automation; omitted JSON fields default to `{}` and provider to `tinyfish`.
 * ValidationError (400) names every field PostgreSQL could not store.
 *
 * @example
 * await createAutomation(deps, { name: 'GPT-4 Chat Automation', default_inputs: { model: 'gpt-4' } });
 */
export async function createAutomation(deps: CoreDeps, input: CreateAutomationInput): Promise<Automation> {
  checkAutomationInput(input, 'create', deps.outbound);
  return deps.db.db.transaction(async (tx) => {
    await assertNameFree(tx, 'automation', input.name);
    return insertAutomation(tx, {
      name: input.name,
      tinyfish_automation_id: input.tinyfish_automation_id,
      description: input.description,
      default_inputs: input.default_inputs,
      provider: input.provider,
      config: input.config,
    });
  });
}
