import type { ScenarioRunSettings } from '@tfbench/domain/model';
import { IssueList } from '../services/checks.js';
import { checkScheduleSettings, firstTickAfter, scheduleOf } from './next-tick.js';

/** The schedule columns of a scenario before a write (null for a new scenario). */
export interface ScheduleState {
  schedule_enabled: boolean;
  run_settings: ScenarioRunSettings;
  next_run_at: Date | null;
}

/**
 * next_run_at for a scenario write that may touch its schedule: the schedule fields as they
 * will be after the write decide. Switched off: null. Switched on, or its recurrence changed:
 * the first tick after `now`. Unchanged: left as it is (undefined: do not write it), so saving
 * a scenario does not push its next tick back. Throws a ValidationError naming
 * `run_settings.cron` / `run_settings.interval_seconds` for a recurrence that cannot be computed,
 * and, when the schedule is on, for a missing one.
 *
 * @example
 * planScheduleColumns(null, { schedule_enabled: true, run_settings: { interval_seconds: 60 } }, now);
 * // { next_run_at: now + 60 s }
 */
export function planScheduleColumns(
  current: ScheduleState | null,
  input: { schedule_enabled?: boolean; run_settings?: ScenarioRunSettings },
  now: Date,
): { next_run_at?: Date | null } {
  const enabled = input.schedule_enabled ?? current?.schedule_enabled ?? false;
  const runSettings = input.run_settings ?? current?.run_settings ?? {};
  const issues = new IssueList();
  checkScheduleSettings(runSettings, issues, enabled);
  issues.throwIfAny();
  if (!enabled) return current?.next_run_at === null ? {} : { next_run_at: null };
  const recurrenceChanged =
    input.run_settings !== undefined &&
    (input.run_settings.cron !== current?.run_settings.cron ||
      input.run_settings.interval_seconds !== current?.run_settings.interval_seconds);
  if (current?.schedule_enabled && current.next_run_at !== null && !recurrenceChanged) return {};
  const spec = scheduleOf(runSettings);
  // checkScheduleSettings has refused every case where spec would be null.
  return spec ? { next_run_at: firstTickAfter(spec, now) } : { next_run_at: null };
}
