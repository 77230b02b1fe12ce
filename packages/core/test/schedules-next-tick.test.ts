/** When recurring scenarios fire: interval rhythm, cron times, one catch-up after downtime. */
import { ValidationError } from '@tfbench/domain/errors';
import { describe, expect, it } from 'vitest';
import {
  checkScheduleSettings,
  firstTickAfter,
  nextTickAfter,
  planScheduleColumns,
  scheduleOf,
} from '../src/schedules/index.js';
import { IssueList } from '../src/services/checks.js';

const at = (iso: string) => new Date(iso);

function issuesOf(runSettings: Record<string, unknown>, required = false): Record<string, string> {
  const issues = new IssueList();
  checkScheduleSettings(runSettings, issues, required);
  return Object.fromEntries(issues.issues.map((i) => [i.field, i.message]));
}

describe('schedule settings', () => {
  it('reads an interval or a cron expression, cron first', () => {
    expect(scheduleOf({ interval_seconds: 300 })).toEqual({ kind: 'interval', seconds: 300 });
    expect(scheduleOf({ cron: ' */5 * * * * ' })).toEqual({ kind: 'cron', expression: '*/5 * * * *' });
    expect(scheduleOf({ cron: '*/5 * * * *', interval_seconds: 10 })).toMatchObject({ kind: 'cron' });
    expect(scheduleOf({})).toBeNull();
    expect(scheduleOf({ interval_seconds: 0 })).toBeNull();
    expect(scheduleOf({ cron: 'every minute' })).toBeNull();
  });

  it('names the invalid field and says why', () => {
    expect(issuesOf({ cron: '61 * * * *' })['run_settings.cron']).toMatch(
      /not a valid cron expression \(Constraint error, got value 61 expected range 0-59\)/,
    );
    expect(issuesOf({ interval_seconds: 1.5 })).toHaveProperty('run_settings.interval_seconds');
    expect(issuesOf({ interval_seconds: 5, cron: '* * * * *' })).toEqual({
      run_settings: 'set interval_seconds or cron, not both',
    });
    expect(issuesOf({}, true)).toEqual({
      run_settings: 'a schedule needs run_settings.interval_seconds or run_settings.cron',
    });
    expect(issuesOf({}, false)).toEqual({});
    expect(issuesOf({ interval_seconds: null, cron: null, concurrency: 2 }, false)).toEqual({});
  });
});

describe('ticks', () => {
  const interval = { kind: 'interval', seconds: 60 } as const;
  const cron = { kind: 'cron', expression: '*/15 * * * *' } as const;

  it('starts one interval, or the next cron time, after now', () => {
    expect(firstTickAfter(interval, at('2025-01-01T00:00:00.250Z'))).toEqual(at('2025-01-01T00:01:00.250Z'));
    expect(firstTickAfter(cron, at('2025-01-01T00:07:00Z'))).toEqual(at('2025-01-01T00:15:00Z'));
    expect(
      firstTickAfter({ kind: 'cron', expression: '*/2 * * * * *' }, at('2025-01-01T00:00:00.500Z')),
    ).toEqual(at('2025-01-01T00:00:02Z'));
  });

  it('keeps the rhythm when a tick fires a little late', () => {
    expect(nextTickAfter(interval, at('2025-01-01T00:01:00Z'), at('2025-01-01T00:01:00.800Z'))).toEqual(
      at('2025-01-01T00:02:00Z'),
    );
    expect(nextTickAfter(cron, at('2025-01-01T00:15:00Z'), at('2025-01-01T00:15:01Z'))).toEqual(
      at('2025-01-01T00:30:00Z'),
    );
  });

  it('fires one catch-up after downtime, then continues from now without backfilling', () => {
    // Down from 00:01 to 03:00: 179 interval ticks and 11 cron ticks were missed.
    const now = at('2025-01-01T03:00:10Z');
    expect(nextTickAfter(interval, at('2025-01-01T00:01:00Z'), now)).toEqual(at('2025-01-01T03:01:10Z'));
    expect(nextTickAfter(cron, at('2025-01-01T00:15:00Z'), now)).toEqual(at('2025-01-01T03:15:00Z'));
  });

  it('works in whole milliseconds', () => {
    const next = nextTickAfter({ kind: 'interval', seconds: 1 }, new Date(1000.9), new Date(1001));
    expect(next.getTime()).toBe(2000);
  });
});

describe('planScheduleColumns', () => {
  const now = at('2025-01-01T00:00:00Z');
  const on = {
    schedule_enabled: true,
    run_settings: { interval_seconds: 60 },
    next_run_at: at('2025-01-01T00:00:30Z'),
  };

  it('plans the first tick when a schedule is switched on, and clears it when switched off', () => {
    expect(
      planScheduleColumns(null, { schedule_enabled: true, run_settings: { interval_seconds: 60 } }, now),
    ).toEqual({
      next_run_at: at('2025-01-01T00:01:00Z'),
    });
    expect(planScheduleColumns(on, { schedule_enabled: false }, now)).toEqual({ next_run_at: null });
    expect(planScheduleColumns(null, { run_settings: { interval_seconds: 60 } }, now)).toEqual({
      next_run_at: null,
    });
  });

  it('keeps the next tick of an unchanged schedule and replans a changed one', () => {
    expect(planScheduleColumns(on, { schedule_enabled: true }, now)).toEqual({});
    expect(planScheduleColumns(on, { run_settings: { interval_seconds: 60, concurrency: 3 } }, now)).toEqual(
      {},
    );
    expect(planScheduleColumns(on, { run_settings: { interval_seconds: 10 } }, now)).toEqual({
      next_run_at: at('2025-01-01T00:00:10Z'),
    });
  });

  it('refuses to switch on a schedule without a valid recurrence', () => {
    expect(() => planScheduleColumns(null, { schedule_enabled: true, run_settings: {} }, now)).toThrow(
      ValidationError,
    );
    expect(() => planScheduleColumns(on, { run_settings: { cron: 'nope' } }, now)).toThrow(
      /run_settings.cron/,
    );
  });
});
