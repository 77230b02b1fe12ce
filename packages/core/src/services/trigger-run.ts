import { NotFoundError } from '@tfbench/domain/errors';
import { type JsonObject, RUN_TRIGGERS, type RunTrigger } from '@tfbench/domain/model';
import { isForeignKeyError } from '../db/postgres-error.js';
import type { Run } from '../db/schema.js';
import { dispatchRun } from '../engine/dispatch-run.js';
import { insertRun } from '../repositories/runs.js';
import { selectScenarioWithAutomation } from '../repositories/scenarios.js';
import { checkJson, checkOneOf, IssueList, requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';

export interface TriggerRunParams {
  scenario_id: number;
  /** Merged over the scenario's inputs, key by key; `null` or omitted means none. */
  inputs_override?: JsonObject | null;
  /** Who asked; default `manual`. */
  trigger?: RunTrigger;
}

/**
 * The inputs a run executes with: the automation's default_inputs, then the scenario's
 * inputs_template, then the trigger's override. Later wins; the merge is shallow (a nested
 * object given later replaces the earlier one whole), as in the original service.
 */
export function resolveRunInputs(
  defaultInputs: JsonObject,
  inputsTemplate: JsonObject,
  inputsOverride: JsonObject | null | undefined,
): JsonObject {
  return { ...defaultInputs, ...inputsTemplate, ...(inputsOverride ?? {}) };
}

/**
 * Create a `pending` run of a scenario with its resolved inputs stored as a snapshot, hand it
 * to the queue through `deps.enqueueRun` when there is one, and return it as stored. If the
 * hand-off fails it is logged and the run stays pending in the table, which is the source of
 * truth the engine recovers pending work from.
 * NotFoundError (404, field `scenario_id`) for an unknown scenario.
 *
 * @example
 * const run = await triggerRun(deps, { scenario_id: 1, inputs_override: { temperature: 0.5 } });
 * run.status; // 'pending'
 */
export async function triggerRun(deps: CoreDeps, params: TriggerRunParams): Promise<Run> {
  const issues = new IssueList();
  checkJson('inputs_override', params.inputs_override ?? undefined, issues, 'object');
  checkOneOf('trigger', params.trigger, RUN_TRIGGERS, issues);
  issues.throwIfAny();
  const scenarioId = requireExistingId('scenario', params.scenario_id, 'scenario_id');
  const notFound = (cause?: unknown) =>
    new NotFoundError('scenario', scenarioId, { field: 'scenario_id', ...(cause ? { cause } : {}) });

  let created: Run;
  try {
    created = await deps.db.db.transaction(async (tx) => {
      const found = await selectScenarioWithAutomation(tx, scenarioId);
      if (!found) throw notFound();
      return insertRun(tx, {
        scenario_id: scenarioId,
        trigger: params.trigger ?? 'manual',
        status: 'pending',
        inputs: resolveRunInputs(
          found.automation.default_inputs,
          found.scenario.inputs_template,
          params.inputs_override,
        ),
      });
    });
  } catch (error) {
    // The scenario was deleted between the read and the insert.
    if (isForeignKeyError(error)) throw notFound(error);
    throw error;
  }
  if (deps.enqueueRun) {
    try {
      await dispatchRun({ db: deps.db, enqueueRun: deps.enqueueRun }, created.id);
    } catch (error) {
      deps.logger?.warn({ run_id: created.id, err: error }, 'could not queue the triggered run');
    }
  }
  return created;
}
