import { NotFoundError } from '@tfbench/domain/errors';
import type { Scenario } from '../db/schema.js';
import { selectDatabaseNow } from '../repositories/database-clock.js';
import { selectScenarioById, updateScenarioById } from '../repositories/scenarios.js';
import { checkBoolean, IssueList, requireExistingId } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { planScheduleColumns } from './plan-schedule.js';

/**
 * Switch a scenario's schedule on or off. On: the first tick is one interval (or the next cron
 * time) from now, visible as `next_run_at`; a schedule that is already on keeps its next tick.
 * Off: next_run_at becomes null. ValidationError (400) when switching on a scenario whose
 * run_settings have no valid interval_seconds or cron; NotFoundError (404) for an unknown id.
 *
 * @example
 * const scenario = await setScenarioSchedule(deps, 1, { enabled: true });
 * scenario.next_run_at; // e.g. five minutes from now for interval_seconds: 300
 */
export async function setScenarioSchedule(
  deps: CoreDeps,
  id: number,
  params: { enabled: boolean },
): Promise<Scenario> {
  requireExistingId('scenario', id);
  const issues = new IssueList();
  if (params.enabled === undefined) issues.add('enabled', 'is required');
  checkBoolean('enabled', params.enabled, issues);
  issues.throwIfAny();
  const updated = await deps.db.db.transaction(async (tx) => {
    const current = await selectScenarioById(tx, id);
    if (!current) throw new NotFoundError('scenario', id);
    const now = await selectDatabaseNow(tx);
    const columns = planScheduleColumns(current, { schedule_enabled: params.enabled }, now);
    if (current.schedule_enabled === params.enabled && columns.next_run_at === undefined) return current;
    return updateScenarioById(tx, id, { schedule_enabled: params.enabled, ...columns });
  });
  if (!updated) throw new NotFoundError('scenario', id);
  return updated;
}
