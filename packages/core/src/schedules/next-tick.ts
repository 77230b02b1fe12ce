/**
 * When a recurring scenario fires. A scenario recurs by `run_settings.interval_seconds` (as
 * in the original service) or `run_settings.cron` (5 fields, or 6 with seconds first; UTC).
 * Pure functions: the scheduler passes the database clock in.
 */
import type { ScenarioRunSettings } from '@tfbench/domain/model';
import { CronExpressionParser } from 'cron-parser';
import type { IssueList } from '../services/checks.js';

/** Longest interval: a year, as the API allows. */
export const MAX_INTERVAL_SECONDS = 366 * 24 * 3600;

export type ScheduleSpec = { kind: 'interval'; seconds: number } | { kind: 'cron'; expression: string };

/** The recurrence of a scenario's run settings, or null when it has none (or an invalid one). */
export function scheduleOf(runSettings: ScenarioRunSettings): ScheduleSpec | null {
  const cron = runSettings.cron;
  if (typeof cron === 'string' && cron.trim() !== '') {
    return parseCron(cron, new Date()) ? { kind: 'cron', expression: cron.trim() } : null;
  }
  const seconds = runSettings.interval_seconds;
  if (
    typeof seconds === 'number' &&
    Number.isInteger(seconds) &&
    seconds >= 1 &&
    seconds <= MAX_INTERVAL_SECONDS
  ) {
    return { kind: 'interval', seconds };
  }
  return null;
}

function parseCron(expression: string, after: Date) {
  try {
    return CronExpressionParser.parse(expression, { currentDate: after, tz: 'UTC', strict: false });
  } catch {
    return null;
  }
}

/**
 * Add an issue for each invalid recurrence setting: `run_settings.cron` that does not parse
 * (with the parser's reason), a non-positive `run_settings.interval_seconds`, or both at once.
 * With `required`, a missing recurrence is an issue too (enabling a schedule needs one).
 */
export function checkScheduleSettings(
  runSettings: ScenarioRunSettings,
  issues: IssueList,
  required: boolean,
): void {
  const cron = runSettings.cron;
  const interval = runSettings.interval_seconds;
  const hasCron = cron !== undefined && cron !== null;
  const hasInterval = interval !== undefined && interval !== null;
  if (hasCron) {
    if (typeof cron !== 'string' || cron.trim() === '') {
      issues.add('run_settings.cron', 'must be a cron expression such as "*/5 * * * *"');
    } else {
      try {
        CronExpressionParser.parse(cron, { tz: 'UTC' });
      } catch (error) {
        issues.add(
          'run_settings.cron',
          `is not a valid cron expression (${(error as Error).message}); use 5 fields (minute hour day month weekday) or 6 with seconds first, in UTC`,
        );
      }
    }
  }
  if (hasInterval) {
    if (
      typeof interval !== 'number' ||
      !Number.isInteger(interval) ||
      interval < 1 ||
      interval > MAX_INTERVAL_SECONDS
    ) {
      issues.add('run_settings.interval_seconds', `must be a whole number from 1 to ${MAX_INTERVAL_SECONDS}`);
    }
  }
  if (hasCron && hasInterval) {
    issues.add('run_settings', 'set interval_seconds or cron, not both');
  }
  if (required && !hasCron && !hasInterval) {
    issues.add('run_settings', 'a schedule needs run_settings.interval_seconds or run_settings.cron');
  }
}

/**
 * The first tick of a schedule switched on at `now`: one interval from now, or the cron
 * expression's next time after now.
 */
export function firstTickAfter(spec: ScheduleSpec, now: Date): Date {
  if (spec.kind === 'interval') return truncateToMs(now.getTime() + spec.seconds * 1000);
  return nextCronTime(spec.expression, now);
}

/**
 * The tick after the one due at `due`, fired at `now` (>= due). Ticks keep their rhythm —
 * `due + interval`, or the cron time after `due` — unless that is already past: then the
 * scheduler was down or behind, the tick being fired now is the one catch-up, and the next
 * is the first regular tick after `now`. Missed ticks are never fired one by one.
 */
export function nextTickAfter(spec: ScheduleSpec, due: Date, now: Date): Date {
  if (spec.kind === 'interval') {
    const onRhythm = due.getTime() + spec.seconds * 1000;
    return truncateToMs(onRhythm > now.getTime() ? onRhythm : now.getTime() + spec.seconds * 1000);
  }
  const onRhythm = nextCronTime(spec.expression, due);
  return onRhythm.getTime() > now.getTime() ? onRhythm : nextCronTime(spec.expression, now);
}

function nextCronTime(expression: string, after: Date): Date {
  const parsed = parseCron(expression, after);
  if (!parsed) throw new RangeError(`invalid cron expression: ${expression}`);
  return truncateToMs(parsed.next().toDate().getTime());
}

/**
 * Whole milliseconds: the scheduler compares next_run_at for equality when it claims a tick,
 * and a JavaScript Date cannot carry PostgreSQL's microseconds back.
 */
function truncateToMs(epochMs: number): Date {
  return new Date(Math.floor(epochMs));
}
