import { ValidationError } from '@tfbench/domain/errors';
import type { ScenarioRunSettings, ScheduleKind } from '@tfbench/domain/model';
import { insertBenchmarkWithRuns } from '../benchmarks/create-benchmark.js';
import { benchmarkInputFromRunSettings } from '../benchmarks/run-settings-input.js';
import { BENCHMARK_LIMITS, type CreateBenchmarkInput, checkBenchmarkInput } from '../benchmarks/settings.js';
import type { Scenario } from '../db/schema.js';
import { insertRun } from '../repositories/runs.js';
import { selectScenarioWithAutomation } from '../repositories/scenarios.js';
import { claimScenarioTick, disableScenarioSchedule } from '../repositories/schedules.js';
import { BudgetExhaustedError, checkDailyBudget } from '../services/daily-budget.js';
import { resolveRunInputs } from '../services/trigger-run.js';
import type { SchedulerDeps } from './deps.js';
import { nextTickAfter, scheduleOf } from './next-tick.js';

/** What one due tick came to in this process. */
export type TickOutcome =
  /** Another process claimed this tick first (or the schedule changed meanwhile). */
  | { kind: 'lost' }
  | { kind: 'run'; run_id: number; next_run_at: Date }
  | { kind: 'benchmark'; benchmark_id: number; next_run_at: Date }
  /** The tick was claimed but fired nothing: its run settings cannot make a run (logged). */
  | { kind: 'skipped'; reason: string; next_run_at: Date | null };

/**
 * The benchmark a tick of kind `benchmark` starts, from the scenario's run settings:
 * iterations, concurrency (default 1), arrival, rate_per_s, warmup_runs, duration_s,
 * timeout_s, max_lag_s. Its thresholds are the scenario's; its name says which scenario and
 * which tick (see scheduledBenchmarkName).
 */
export function scheduledBenchmarkInput(
  scenario: Pick<Scenario, 'id' | 'name'>,
  runSettings: ScenarioRunSettings,
  due: Date,
): CreateBenchmarkInput {
  return {
    ...benchmarkInputFromRunSettings(scenario.id, runSettings),
    name: scheduledBenchmarkName(scenario.name, due),
  };
}

/** Whether a tick starts a benchmark (schedule_kind `benchmark`) rather than one run. */
export function scheduleKindOf(runSettings: ScenarioRunSettings): ScheduleKind {
  return runSettings.schedule_kind === 'benchmark' ? 'benchmark' : 'run';
}

/**
 * "<scenario> · 3 Dec 2026, 08:12 UTC": readable in a list and a dropdown. The time is the
 * tick's, in UTC, because the server does not know the reader's time zone and cron ticks are
 * in UTC too. A long scenario name is shortened so the name fits the benchmark's limit.
 */
export function scheduledBenchmarkName(scenarioName: string, due: Date): string {
  const when = `${due.getUTCDate()} ${MONTHS[due.getUTCMonth()]} ${due.getUTCFullYear()}, ${pad(due.getUTCHours())}:${pad(due.getUTCMinutes())}${due.getUTCSeconds() === 0 ? '' : `:${pad(due.getUTCSeconds())}`} UTC`;
  const suffix = ` · ${when}`;
  const room = BENCHMARK_LIMITS.maxNameLength - suffix.length;
  const name = scenarioName.trim();
  return `${name.length > room ? `${name.slice(0, room - 1)}…` : name}${suffix}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Fire one due tick of a scenario, if this process wins it. Claiming the tick (next_run_at
 * moves from `due` to the next tick) and creating its run or benchmark happen in one
 * transaction, so a tick is neither fired twice nor lost to a crash between the two; the job
 * is enqueued after the commit (if that fails, the engine's reconciler or the benchmark
 * supervisor picks the pending work up from the tables).
 */
export async function fireScenarioTick(
  deps: SchedulerDeps,
  scenario: Pick<Scenario, 'id' | 'next_run_at' | 'run_settings'>,
  now: Date,
): Promise<TickOutcome> {
  const due = scenario.next_run_at;
  if (!due) return { kind: 'lost' };
  const spec = scheduleOf(scenario.run_settings);
  if (!spec) {
    // The recurrence was made invalid behind the API's back: stop rather than fire blindly.
    await disableScenarioSchedule(deps.db.db, scenario.id);
    deps.logger?.warn(
      { scenario_id: scenario.id },
      'schedule switched off: run_settings has no valid recurrence',
    );
    return { kind: 'skipped', reason: 'no valid interval_seconds or cron', next_run_at: null };
  }
  const next = nextTickAfter(spec, due, now);
  const benchmarkInput =
    scheduleKindOf(scenario.run_settings) === 'benchmark'
      ? benchmarkInputFromRunSettings(scenario.id, scenario.run_settings)
      : null;
  let invalid: string | null = null;
  try {
    if (benchmarkInput) checkBenchmarkInput(benchmarkInput);
    // A spent daily budget skips the tick (it is still claimed: the schedule moves on).
    await checkDailyBudget(deps.db.db, deps.settings?.dailyBudgetUsd, now);
  } catch (error) {
    if (!(error instanceof ValidationError || error instanceof BudgetExhaustedError)) throw error;
    invalid = error.message;
  }

  const fired = await deps.db.db.transaction(async (tx) => {
    const claimed = await claimScenarioTick(tx, scenario.id, due, next);
    if (!claimed) return { kind: 'lost' } as const;
    if (invalid !== null) return { kind: 'skipped', reason: invalid, next_run_at: next } as const;
    const found = await selectScenarioWithAutomation(tx, scenario.id);
    if (!found) return { kind: 'lost' } as const;
    if (benchmarkInput) {
      const named = scheduledBenchmarkInput(found.scenario, found.scenario.run_settings, due);
      const { benchmark } = await insertBenchmarkWithRuns(tx, found, named, {
        source: 'schedule',
        trigger: 'schedule',
      });
      return { kind: 'benchmark', benchmark_id: benchmark.id, next_run_at: next } as const;
    }
    const run = await insertRun(tx, {
      scenario_id: scenario.id,
      trigger: 'schedule',
      status: 'pending',
      inputs: resolveRunInputs(found.automation.default_inputs, found.scenario.inputs_template, null),
    });
    return { kind: 'run', run_id: run.id, next_run_at: next } as const;
  });

  try {
    if (fired.kind === 'run') await deps.enqueueRun({ run_id: fired.run_id, benchmark_id: null });
    if (fired.kind === 'benchmark')
      await deps.queue.enqueue('benchmark.drive', { benchmark_id: fired.benchmark_id });
  } catch (error) {
    deps.logger?.warn(
      { scenario_id: scenario.id, err: error },
      'could not enqueue the work of a schedule tick',
    );
  }
  if (fired.kind === 'skipped') {
    deps.logger?.warn({ scenario_id: scenario.id, reason: fired.reason }, 'schedule tick fired nothing');
  }
  return fired;
}
