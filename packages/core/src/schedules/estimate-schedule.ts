/**
 * What a schedule will cost before it is switched on: ticks per day, runs per tick, runs per
 * day and, from the mean cost of recent runs, the cost per day. Shown by the dashboard next
 * to the schedule switch, so that "every 60 s" with a benchmark of 30 runs per tick is seen as
 * 43,200 runs a day before it starts.
 */
import { NotFoundError } from '@tfbench/domain/errors';
import { SCHEDULE_KINDS, type ScenarioRunSettings, type ScheduleKind } from '@tfbench/domain/model';
import { CronExpressionParser } from 'cron-parser';
import { selectScenarioById } from '../repositories/scenarios.js';
import { selectRecentRunCost } from '../repositories/schedules.js';
import { checkJson, checkOneOf, IssueList, isPlainObject, isStorableId } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { checkScheduleSettings, scheduleOf } from './next-tick.js';

const DAY_MS = 24 * 3600 * 1000;
/** Cron ticks counted one by one before the rest of the day is extrapolated. */
const MAX_COUNTED_TICKS = 2_000;
/** Recent runs whose mean cost stands for the cost of one run. */
export const COST_SAMPLE_RUNS = 50;

export interface ScheduleEstimateInput {
  /** The settings to estimate (a scenario's, or the form's before saving). */
  run_settings: ScenarioRunSettings;
  /** Whose past runs price a run; else the automation's, else all runs. */
  scenario_id?: number;
  automation_id?: number;
}

export interface ScheduleEstimate {
  kind: ScheduleKind;
  /** Null without a valid interval_seconds or cron. */
  ticks_per_day: number | null;
  /** 1 for kind run; iterations + warmup_runs for kind benchmark (at most, with duration_s). */
  runs_per_tick: number;
  runs_per_day: number | null;
  /** Mean cost of recent completed runs; null when there are none to learn from. */
  cost_per_run_usd: number | null;
  cost_per_day_usd: number | null;
  /** Where cost_per_run_usd comes from, and how many runs it rests on. */
  cost_basis: { source: 'scenario' | 'automation' | 'all_runs' | 'none'; runs: number };
}

/**
 * Estimate a schedule's daily runs and cost. ValidationError (400) for run_settings that are not
 * an object or whose recurrence is invalid; NotFoundError (404, field scenario_id) for an
 * unknown scenario.
 *
 * @example
 * await estimateSchedule(deps, { run_settings: { interval_seconds: 60, schedule_kind: 'benchmark', iterations: 30 } });
 * // { kind: 'benchmark', ticks_per_day: 1440, runs_per_tick: 30, runs_per_day: 43200, ... }
 */
export async function estimateSchedule(
  deps: CoreDeps,
  input: ScheduleEstimateInput,
): Promise<ScheduleEstimate> {
  const issues = new IssueList();
  const runSettings = input.run_settings;
  if (!isPlainObject(runSettings)) issues.add('run_settings', 'must be a JSON object');
  else {
    checkJson('run_settings', runSettings, issues, 'object');
    checkScheduleSettings(runSettings, issues, false);
    checkOneOf('run_settings.schedule_kind', runSettings.schedule_kind ?? undefined, SCHEDULE_KINDS, issues);
  }
  for (const field of ['scenario_id', 'automation_id'] as const) {
    if (input[field] !== undefined && !isStorableId(input[field]))
      issues.add(field, 'must be a whole number from 1');
  }
  issues.throwIfAny();

  let automationId = input.automation_id;
  if (input.scenario_id !== undefined) {
    const scenario = await selectScenarioById(deps.db.db, input.scenario_id);
    if (!scenario) throw new NotFoundError('scenario', input.scenario_id, { field: 'scenario_id' });
    automationId ??= scenario.automation_id;
  }

  const kind: ScheduleKind = runSettings.schedule_kind === 'benchmark' ? 'benchmark' : 'run';
  const runsPerTick =
    kind === 'benchmark' ? wholeOr(runSettings.iterations, 1) + wholeOr(runSettings.warmup_runs, 0) : 1;
  const ticksPerDay = ticksPerDayOf(runSettings, new Date());
  const runsPerDay = ticksPerDay === null ? null : ticksPerDay * runsPerTick;

  const cost = await costPerRun(deps, input.scenario_id, automationId);
  return {
    kind,
    ticks_per_day: ticksPerDay,
    runs_per_tick: runsPerTick,
    runs_per_day: runsPerDay,
    cost_per_run_usd: cost.mean,
    cost_per_day_usd: cost.mean === null || runsPerDay === null ? null : cost.mean * runsPerDay,
    cost_basis: cost.basis,
  };
}

function wholeOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** Ticks in the 24 hours from `now`; a cron with more than MAX_COUNTED_TICKS is extrapolated. */
function ticksPerDayOf(runSettings: ScenarioRunSettings, now: Date): number | null {
  const spec = scheduleOf(runSettings);
  if (!spec) return null;
  if (spec.kind === 'interval') return DAY_MS / 1000 / spec.seconds;
  const end = now.getTime() + DAY_MS;
  const ticks = CronExpressionParser.parse(spec.expression, { currentDate: now, tz: 'UTC', strict: false });
  let count = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  while (count < MAX_COUNTED_TICKS) {
    const next = ticks.next().toDate().getTime();
    if (next >= end) return count;
    if (count === 0) first = next;
    count++;
    last = next;
  }
  // The rate between the first and the last tick counted, over a whole day.
  return Math.round(((count - 1) * DAY_MS) / (last - first));
}

async function costPerRun(
  deps: CoreDeps,
  scenarioId: number | undefined,
  automationId: number | undefined,
): Promise<{ mean: number | null; basis: ScheduleEstimate['cost_basis'] }> {
  const tries: Array<
    [ScheduleEstimate['cost_basis']['source'], { scenario_id?: number; automation_id?: number }]
  > = [];
  if (scenarioId !== undefined) tries.push(['scenario', { scenario_id: scenarioId }]);
  if (automationId !== undefined) tries.push(['automation', { automation_id: automationId }]);
  tries.push(['all_runs', {}]);
  for (const [source, filter] of tries) {
    const { mean, n } = await selectRecentRunCost(deps.db.db, filter, COST_SAMPLE_RUNS);
    if (mean !== null && n > 0) return { mean, basis: { source, runs: n } };
  }
  return { mean: null, basis: { source: 'none', runs: 0 } };
}
