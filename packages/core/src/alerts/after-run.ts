/**
 * What alerts do when a run or a scheduled benchmark finishes: evaluate the scenario's alerts —
 * for a run only outside a benchmark, which judges its own thresholds once, at its end. Each
 * hook logs its own failure instead of throwing: the run is stored already, and the next run
 * evaluates the alerts again.
 */
import type { DatabaseHandle } from '../db/database.js';
import type { Benchmark, Run } from '../db/schema.js';
import type { Logger } from '../queue/index.js';
import { evaluateScheduledBenchmarkAlerts } from './evaluate-benchmark-alerts.js';
import { evaluateScenarioAlerts } from './evaluate-scenario-alerts.js';
import type { DeliverySettings } from './notifier.js';

/** What the after-run alert hooks need. */
export interface AfterRunAlertDeps {
  db: DatabaseHandle;
  logger: Logger;
  /** `ALERT_WEBHOOK_URL`. */
  webhookUrl: string | null;
  /** How deliveries are guarded and signed. */
  delivery?: DeliverySettings;
}

/**
 * Evaluates the alerts of a finished run's scenario, unless the run belongs to a benchmark
 * (a benchmark judges its thresholds once, at its end); never throws.
 *
 * @example
 * await evaluateAlertsAfterRun({ db, logger, webhookUrl }, run);
 */
export async function evaluateAlertsAfterRun(
  deps: AfterRunAlertDeps,
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
  deps: AfterRunAlertDeps,
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
