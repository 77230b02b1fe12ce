/**
 * Plan a document against what is stored and, unless it is a dry run, carry the plan out in
 * one transaction: automations are created or updated first, then scenarios (which may move to
 * them), then, with `prune`, undeclared scenarios and automations are deleted with their runs
 * and benchmarks. Every write goes through the same use cases as the API's own routes, so the
 * same rules hold; a failure leaves everything as it was and names the document's item.
 */
import type { ConfigDocument, ConfigPlan } from '@tfbench/contract';
import { AppError, ValidationError } from '@tfbench/domain/errors';
import type { Database } from '../db/database.js';
import {
  selectAllAutomations,
  selectAllScenarios,
  setAutomationKey,
  setScenarioKey,
} from '../repositories/config-keys.js';
import { createAutomation } from '../services/create-automation.js';
import { createScenario } from '../services/create-scenario.js';
import { deleteAutomation } from '../services/delete-automation.js';
import { deleteScenario } from '../services/delete-scenario.js';
import type { CoreDeps } from '../services/deps.js';
import { updateAutomation } from '../services/update-automation.js';
import { updateScenario } from '../services/update-scenario.js';
import { declaredAutomation, declaredScenario } from './canonical-items.js';
import { checkDocument } from './check-document.js';
import { type ConfigurationPlan, describePlan, planConfiguration } from './plan-configuration.js';

export interface ApplyConfigurationInput {
  document: ConfigDocument;
  prune?: boolean;
  /** Only plan: nothing is written. */
  dryRun?: boolean;
}

/**
 * @example
 * const plan = await applyConfiguration(deps, { document, prune: false, dryRun: true });
 * // plan.items: [{ kind: 'scenario', key: 'cheapest', action: 'update', fields: ['thresholds'], ... }]
 */
export async function applyConfiguration(
  deps: CoreDeps,
  input: ApplyConfigurationInput,
): Promise<ConfigPlan> {
  checkDocument(input.document);
  const options = { prune: input.prune ?? false };
  if (input.dryRun) {
    const { db } = deps.db;
    const stored = { automations: await selectAllAutomations(db), scenarios: await selectAllScenarios(db) };
    return describePlan(planConfiguration(stored, input.document, options), false);
  }
  return deps.db.db.transaction(async (tx) => {
    // The use cases open their own transactions; inside this one they become savepoints.
    const inTx: CoreDeps = { ...deps, db: { ...deps.db, db: tx as unknown as Database } };
    const stored = { automations: await selectAllAutomations(tx), scenarios: await selectAllScenarios(tx) };
    const plan = planConfiguration(stored, input.document, options);
    await carryOut(inTx, plan);
    return describePlan(plan, true);
  });
}

async function carryOut(deps: CoreDeps, plan: ConfigurationPlan): Promise<void> {
  const { db } = deps.db;
  const automationIds = new Map<string, number>();
  for (const planned of plan.automations) {
    const { key, ...fields } = planned.item;
    const body = { ...declaredAutomation(planned.item), config: fields.config ?? {} } as Parameters<
      typeof createAutomation
    >[1];
    const id = await naming(`automations.${planned.index}`, key, async () => {
      if (planned.id === null) return (await createAutomation(deps, body)).id;
      if (planned.fields.some((field) => field !== 'key')) await updateAutomation(deps, planned.id, body);
      return planned.id;
    });
    if (planned.id === null || planned.fields.includes('key')) await setAutomationKey(db, id, key);
    automationIds.set(key, id);
  }
  for (const planned of plan.scenarios) {
    const { key, automation } = planned.item;
    const body = {
      ...declaredScenario(planned.item),
      automation_id: automationIds.get(automation) as number,
    };
    const id = await naming(`scenarios.${planned.index}`, key, async () => {
      if (planned.id === null) return (await createScenario(deps, body)).id;
      if (planned.fields.some((field) => field !== 'key')) await updateScenario(deps, planned.id, body);
      return planned.id;
    });
    if (planned.id === null || planned.fields.includes('key')) await setScenarioKey(db, id, key);
  }
  for (const deletion of plan.deletions) {
    if (deletion.kind === 'scenario') await deleteScenario(deps, deletion.id, { cascade: true });
    else await deleteAutomation(deps, deletion.id, { cascade: true });
  }
}

/**
 * A use case's refusal, placed in the document: its fields under `document.<kind>.<index>.`,
 * its message led by the item's key, with the status it had.
 */
async function naming<T>(place: string, key: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.details.map((issue) => ({ ...issue, field: `document.${place}.${issue.field}` })),
      );
    }
    if (error instanceof AppError) {
      throw new AppError(error.code, error.httpStatus, `document.${place} (key "${key}"): ${error.message}`, {
        details: error.details,
        cause: error,
      });
    }
    throw error;
  }
}
