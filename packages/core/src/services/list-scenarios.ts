import type { Scenario } from '../db/schema.js';
import { countScenarios, selectScenarios } from '../repositories/scenarios.js';
import { checkedPage, checkFilterId } from './checks.js';
import type { CoreDeps, PageParams, Paginated } from './deps.js';

export interface ListScenariosParams extends PageParams {
  /** Only the scenarios of this automation. */
  automation_id?: number;
}

/**
 * One page of scenarios, oldest first, and how many match in all.
 *
 * @example
 * const { items, total } = await listScenarios(deps, { skip: 0, limit: 100 });
 */
export async function listScenarios(
  deps: CoreDeps,
  params: ListScenariosParams = {},
): Promise<Paginated<Scenario>> {
  const page = checkedPage(params, (issues) => checkFilterId('automation_id', params.automation_id, issues));
  const { db } = deps.db;
  const filter = params.automation_id === undefined ? {} : { automation_id: params.automation_id };
  const [items, total] = await Promise.all([selectScenarios(db, page, filter), countScenarios(db, filter)]);
  return { items, total };
}
