import type { Automation } from '../db/schema.js';
import { countAutomations, selectAutomations } from '../repositories/automations.js';
import { checkedPage } from './checks.js';
import type { CoreDeps, PageParams, Paginated } from './deps.js';

/**
 * One page of automations, oldest first, and how many there are in all.
 *
 * @example
 * const { items, total } = await listAutomations(deps, { skip: 0, limit: 100 });
 */
export async function listAutomations(
  deps: CoreDeps,
  params: PageParams = {},
): Promise<Paginated<Automation>> {
  const page = checkedPage(params);
  const { db } = deps.db;
  const [items, total] = await Promise.all([selectAutomations(db, page), countAutomations(db)]);
  return { items, total };
}
