import { NotFoundError } from '@tfbench/domain/errors';
import { isForeignKeyError } from '../db/postgres-error.js';
import type { Scenario } from '../db/schema.js';
import { insertScenario, selectScenarioById, selectTakenScenarioNames } from '../repositories/scenarios.js';
import { IssueList, requireExistingId } from './checks.js';
import type { CoreDeps } from './deps.js';

/** Longest scenario name the API accepts. */
const NAME_MAX = 200;
/** Copies tried per request ("X (copy)", "X (copy 2)" … "X (copy 100)"). */
const MAX_COPY_NUMBER = 100;

function copyName(base: string, n: number): string {
  const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
  return `${base.slice(0, NAME_MAX - suffix.length)}${suffix}`;
}

/**
 * The names a copy of `name` may take, in order: "X (copy)", "X (copy 2)", … A copy of a copy
 * counts from the original's base: cloning "X (copy)" gives "X (copy 2)", not "X (copy) (copy)".
 */
export function copyNameCandidates(name: string): string[] {
  const base = name.replace(/ \(copy(?: \d+)?\)$/, '');
  return Array.from({ length: MAX_COPY_NUMBER }, (_, i) => copyName(base, i + 1));
}

/**
 * A new scenario with the same automation, description, inputs, run settings, thresholds and
 * assertions as scenario `id`, named `name` or the first free "X (copy)". Its schedule is off:
 * a copy that also fired on schedule would double the scheduled runs and their cost before
 * anyone meant it to. NotFoundError (404) for an unknown scenario.
 *
 * @example
 * const copy = await cloneScenario(deps, 3); // copy.name === 'Checkout flow (copy)'
 */
export async function cloneScenario(
  deps: CoreDeps,
  id: number,
  options: { name?: string } = {},
): Promise<Scenario> {
  const source = await selectScenarioById(deps.db.db, requireExistingId('scenario', id));
  if (!source) throw new NotFoundError('scenario', id);
  let name = options.name;
  if (name === undefined) {
    // The first free name: a copy must be told apart from its original in every list.
    const candidates = copyNameCandidates(source.name);
    const taken = new Set(await selectTakenScenarioNames(deps.db.db, candidates));
    name = candidates.find((candidate) => !taken.has(candidate));
    if (name === undefined) {
      const issues = new IssueList();
      issues.add('name', `${MAX_COPY_NUMBER} copies of this scenario exist already: give the copy a name`);
      issues.throwIfAny();
    }
  }
  try {
    return await insertScenario(deps.db.db, {
      name: name as string,
      automation_id: source.automation_id,
      description: source.description,
      inputs_template: source.inputs_template,
      run_settings: source.run_settings,
      thresholds: source.thresholds,
      assertions: source.assertions,
      schedule_enabled: false,
      next_run_at: null,
    });
  } catch (error) {
    // The automation was deleted (with its scenarios) between the read and the insert.
    if (isForeignKeyError(error)) throw new NotFoundError('scenario', id, { cause: error });
    throw error;
  }
}
