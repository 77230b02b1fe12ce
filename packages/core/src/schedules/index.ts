/**
 * `@tfbench/core/schedules`: recurring scenarios. `run_settings.interval_seconds` or
 * `run_settings.cron` (UTC) with `schedule_enabled` makes a scenario fire a run on every tick,
 * or a benchmark of `iterations` runs when `run_settings.schedule_kind` is `benchmark`.
 * See docs/schedules.md.
 */
export type { SchedulerDeps } from './deps.js';
export {
  COST_SAMPLE_RUNS,
  estimateSchedule,
  type ScheduleEstimate,
  type ScheduleEstimateInput,
} from './estimate-schedule.js';
export {
  fireScenarioTick,
  scheduledBenchmarkInput,
  scheduledBenchmarkName,
  scheduleKindOf,
  type TickOutcome,
} from './fire-tick.js';
export {
  checkScheduleSettings,
  firstTickAfter,
  MAX_INTERVAL_SECONDS,
  nextTickAfter,
  type ScheduleSpec,
  scheduleOf,
} from './next-tick.js';
export { planScheduleColumns, type ScheduleState } from './plan-schedule.js';
export { type Scheduler, type SchedulerOptions, startScheduler } from './scheduler.js';
export { setScenarioSchedule } from './set-scenario-schedule.js';
