/**
 * What analytics do when a run finishes, in one call for the engine's afterRunFinished hook:
 * add the run to the rollups, then — for runs outside benchmarks, which judge their own
 * thresholds — evaluate the scenario's alerts. Each step logs its own failure instead of
 * throwing: the run is stored already, the rollups catch up from `runs.rolled_up_at`, and the
 * next run evaluates the alerts again.
 */
import { evaluateScenarioAlerts } from '../alerts/evaluate-scenario-alerts.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Run } from '../db/schema.js';
import type { Logger } from '../queue/index.js';
import { recordRunInRollups } from '../rollups/record-run.js';

export interface RunAnalyticsDeps {
  db: DatabaseHandle;
  logger: Logger;
  /** `ALERT_WEBHOOK_URL`. */
  webhookUrl: string | null;
}

/**
 * @example
 * afterRunFinished: async (ctx, run) => recordRunAnalytics({ db: ctx.db, logger: ctx.logger, webhookUrl }, run)
 */
export async function recordRunAnalytics(
  deps: RunAnalyticsDeps,
  run: Pick<Run, 'id' | 'scenario_id' | 'benchmark_id'>,
) {
  try {
    await recordRunInRollups(deps, run);
  } catch (error) {
    deps.logger.error(
      { run_id: run.id, err: error },
      'could not add the run to the rollups; a catch-up will',
    );
  }
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
