/**
 * The scheduler loop. Every process that runs workers (and the embedded API) starts one; they
 * need no coordination beyond the database: each due tick is claimed with a conditional
 * UPDATE, so exactly one process fires it however many are looking.
 */
import { superviseBenchmarks } from '../benchmarks/supervise-benchmarks.js';
import { selectDatabaseNow } from '../repositories/database-clock.js';
import { planScenarioTick, selectDueScenarios, selectUnplannedScenarios } from '../repositories/schedules.js';
import type { SchedulerDeps } from './deps.js';
import { fireScenarioTick, type TickOutcome } from './fire-tick.js';
import { firstTickAfter, scheduleOf } from './next-tick.js';

export interface SchedulerOptions {
  /** Time between two looks for due ticks. Default 1 s: a tick fires at most this late. */
  intervalMs?: number;
  /** Time between two passes of the benchmark supervisor (see superviseBenchmarks); 0 turns it off. Default 15 s. */
  superviseIntervalMs?: number;
  /** Most due ticks handled per look (the rest wait for the next look). Default 100. */
  batchSize?: number;
  /** Called with every tick this process handled (tests and metrics). */
  onTick?: (scenarioId: number, outcome: TickOutcome) => void;
}

export interface Scheduler {
  /** Look for due ticks now, once (also what each loop iteration does). Resolves with the ticks handled. */
  runOnce(): Promise<Array<{ scenario_id: number; outcome: TickOutcome }>>;
  /** Stop the loop; resolves once the iteration in progress, if any, has finished. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Start the scheduler loop.
 *
 * @example
 * const scheduler = startScheduler({ db, queue, limiter, bus, logger });
 * // at shutdown, before closing the queue
 * await scheduler.stop();
 */
export function startScheduler(deps: SchedulerDeps, options: SchedulerOptions = {}): Scheduler {
  const intervalMs = options.intervalMs ?? 1_000;
  const superviseIntervalMs = options.superviseIntervalMs ?? 15_000;
  const batchSize = options.batchSize ?? 100;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> = Promise.resolve();
  let nextSupervision = superviseIntervalMs > 0 ? Date.now() + superviseIntervalMs : Number.POSITIVE_INFINITY;

  const runOnce = async () => {
    const handled: Array<{ scenario_id: number; outcome: TickOutcome }> = [];
    await planUnplanned(deps, batchSize);
    const due = await selectDueScenarios(deps.db.db, batchSize);
    if (due.length > 0) {
      const now = await selectDatabaseNow(deps.db.db);
      for (const scenario of due) {
        if (stopped) break;
        try {
          const outcome = await fireScenarioTick(deps, scenario, now);
          handled.push({ scenario_id: scenario.id, outcome });
          options.onTick?.(scenario.id, outcome);
        } catch (error) {
          deps.logger?.error(
            { scenario_id: scenario.id, err: error },
            'a schedule tick failed; retrying next look',
          );
        }
      }
    }
    if (Date.now() >= nextSupervision && !stopped) {
      nextSupervision = Date.now() + superviseIntervalMs;
      await superviseBenchmarks(deps);
    }
    return handled;
  };

  const loop = () => {
    if (stopped) return;
    current = runOnce()
      .catch((error) => deps.logger?.warn({ err: error }, 'scheduler look failed; retrying'))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(loop, intervalMs);
          timer.unref();
        }
      });
  };
  loop();

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => {});
    },
  };
}

/** Give enabled scenarios without a next tick their first one (a write that did not plan it). */
async function planUnplanned(deps: SchedulerDeps, limit: number): Promise<void> {
  const unplanned = await selectUnplannedScenarios(deps.db.db, limit);
  if (unplanned.length === 0) return;
  const now = await selectDatabaseNow(deps.db.db);
  for (const scenario of unplanned) {
    const spec = scheduleOf(scenario.run_settings);
    if (spec) await planScenarioTick(deps.db.db, scenario.id, firstTickAfter(spec, now));
  }
}
