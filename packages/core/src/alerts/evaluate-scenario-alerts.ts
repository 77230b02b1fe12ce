import { selectAlertWindowRuns, selectFiringAlerts } from '../repositories/alerts.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import { applyVerdicts } from './apply-verdicts.js';
import type { AlertDeps, AlertEvaluation, Verdict } from './evaluation-types.js';
import { regressionVerdicts } from './regression-verdicts.js';
import { type AlertSettings, MAX_WINDOW_RUNS, readAlertSettings } from './settings.js';
import { thresholdVerdicts } from './threshold-verdicts.js';

async function windowRunsOf(deps: AlertDeps, scenarioId: number, settings: AlertSettings) {
  return settings.window.kind === 'runs'
    ? selectAlertWindowRuns(deps.db.db, scenarioId, { limit: settings.window.runs })
    : selectAlertWindowRuns(deps.db.db, scenarioId, {
        limit: MAX_WINDOW_RUNS,
        since: new Date(Date.now() - settings.window.seconds * 1000),
      });
}

/**
 * Evaluates a scenario's alert rules over its latest runs and moves each alert through its
 * states: ok -> firing (a row is opened and one notification sent) -> resolved (the row is
 * closed and one notification sent). While an alert stays firing nothing more is sent; a
 * silenced alert's notifications are not sent at all (isNotificationHeld).
 *
 * Rules: every threshold of the scenario, judged over its rolling window of finished runs
 * outside benchmarks (`alert_window_runs` newest, or those of the last `alert_window_s`);
 * and, for scheduled scenarios, regression checks comparing the latest `window_runs` with
 * the `baseline_runs` before them by the compare test (latency metric) and Newcombe's
 * interval (success rate). A rule without enough data changes nothing. Rules that were
 * removed resolve their alerts. Safe to run concurrently: opening and closing an alert are
 * conditional writes, so each transition happens (and notifies) once.
 *
 * The engine calls this after every run that is not part of a benchmark finishes.
 *
 * @example
 * const result = await evaluateScenarioAlerts({ db, webhookUrl: config.alerts.webhookUrl }, run.scenario_id);
 * result.rules; // [{ rule: 'p95(total_duration_ms) < 30000', status: 'breached', transition: 'fired', ... }]
 */
export async function evaluateScenarioAlerts(deps: AlertDeps, scenarioId: number): Promise<AlertEvaluation> {
  const scenario = await selectScenarioById(deps.db.db, scenarioId);
  const none = (warnings: string[] = []): AlertEvaluation => ({
    scenario_id: scenarioId,
    evaluated: false,
    rules: [],
    warnings,
    notifications: Promise.resolve([]),
  });
  if (!scenario) return none();
  const firing = await selectFiringAlerts(deps.db.db, scenarioId);
  if (!scenario.schedule_enabled && firing.length === 0) return none();

  const settings = readAlertSettings(scenario.run_settings, scenario.schedule_enabled);
  const verdicts: Verdict[] = [];
  // A schedule of benchmarks judges its thresholds per benchmark (evaluateScheduledBenchmarkAlerts):
  // the odd run outside them must not resolve, or fire, those alerts.
  const thresholdsPerBenchmark = scenario.run_settings.schedule_kind === 'benchmark';
  if (scenario.thresholds.length > 0 && !thresholdsPerBenchmark) {
    verdicts.push(...thresholdVerdicts(scenario, settings, await windowRunsOf(deps, scenarioId, settings)));
  }
  if (settings.regression) {
    const wanted = settings.regression.windowRuns + settings.regression.baselineRuns;
    // Failed runs take places in the window; read more so both windows can fill with values.
    const runs = await selectAlertWindowRuns(deps.db.db, scenarioId, {
      limit: Math.min(MAX_WINDOW_RUNS, wanted * 2),
    });
    verdicts.push(...regressionVerdicts(settings.regression, runs));
  }

  const judged = thresholdsPerBenchmark ? firing.filter((alert) => alert.kind !== 'threshold') : firing;
  const { rules, notifications } = await applyVerdicts(deps, scenario, settings, verdicts, judged);
  if (settings.warnings.length > 0) {
    deps.logger?.warn({ scenario_id: scenarioId, warnings: settings.warnings }, 'alert settings ignored');
  }
  return { scenario_id: scenarioId, evaluated: true, rules, warnings: settings.warnings, notifications };
}
