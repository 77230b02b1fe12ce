/**
 * What analytics do when runs finish, for the engine's afterRunFinished hook: add the runs to
 * the rollups (the engine batches them per process), then — for a run outside a benchmark,
 * which judges its own thresholds — evaluate its scenario's alerts. Each step logs its own
 * failure instead of throwing: the run is stored already, reads combine the rollups with runs
 * not rolled up yet (`runs.rolled_up_at`), and the next run evaluates the alerts again.
 */
import {
  evaluateScenarioAlerts,
  evaluateScheduledBenchmarkAlerts,
} from '../alerts/evaluate-scenario-alerts.js';
import type { DeliverySettings } from '../alerts/notifier.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Benchmark, Run } from '../db/schema.js';
import type { Logger } from '../queue/index.js';
import { recordRunsInRollups } from '../rollups/record-run.js';

export interface RunAnalyticsDeps {
  db: DatabaseHandle;
  logger: Logger;
  /** `ALERT_WEBHOOK_URL`. */
  webhookUrl: string | null;
  /** How deliveries are guarded and signed. */
  delivery?: DeliverySettings;
}

/**
 * Adds finished runs to the rollups in one transaction; never throws.
 *
 * @example
 * await addRunsToRollups(deps, [run.id]);
 */
export async function addRunsToRollups(
  deps: Pick<RunAnalyticsDeps, 'db' | 'logger'>,
  runIds: readonly number[],
): Promise<void> {
  try {
    await recordRunsInRollups(deps, runIds);
  } catch (error) {
    deps.logger.error(
      { run_ids: runIds.slice(0, 20), runs: runIds.length, err: error },
      'could not add runs to the rollups; a catch-up will',
    );
  }
}

/**
 * Evaluates the alerts of a finished run's scenario, unless the run belongs to a benchmark
 * (a benchmark judges its thresholds once, at its end); never throws.
 *
 * @example
 * await evaluateAlertsAfterRun({ db, logger, webhookUrl }, run);
 */
export async function evaluateAlertsAfterRun(
  deps: RunAnalyticsDeps,
  run: Pick<Run, 'id' | 'scenario_id' | 'benchmark_id'>,
): Promise<void> {
  if (run.benchmark_id !== null) return;
  try {
    const evaluation = await evaluateScenarioAlerts(deps, run.scenario_id);
    // Deliveries go on in the background (with retries); they never reject.
    void evaluation.notifications;
  } catch (error) {
    deps.logger.error(
      { run_id: run.id, scenario_id: run.scenario_id, err: error },
      'alert evaluation failed',
    );
  }
}

/**
 * Evaluates the threshold alerts of a finished benchmark that a schedule started (see
 * evaluateScheduledBenchmarkAlerts); never throws.
 *
 * @example
 * await evaluateAlertsAfterBenchmark({ db, logger, webhookUrl }, benchmark);
 */
export async function evaluateAlertsAfterBenchmark(
  deps: RunAnalyticsDeps,
  benchmark: Benchmark,
): Promise<void> {
  try {
    const evaluation = await evaluateScheduledBenchmarkAlerts(deps, benchmark);
    void evaluation.notifications;
  } catch (error) {
    deps.logger.error(
      { benchmark_id: benchmark.id, scenario_id: benchmark.scenario_id, err: error },
      'alert evaluation of a scheduled benchmark failed',
    );
  }
}
