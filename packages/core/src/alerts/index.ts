/**
 * `@tfbench/core/alerts`: threshold and regression alerts of scheduled scenarios over rolling
 * windows, as a state machine (ok -> firing -> resolved) stored in `alerts`, with webhook
 * notifications (Slack-compatible JSON, retried with back-off, every attempt recorded in
 * `alert_deliveries`, one per transition). After each run outside a benchmark, and after each
 * benchmark a schedule started, the engine calls `evaluateAlertsAfterRun` /
 * `evaluateAlertsAfterBenchmark`; the API lists alerts with `listAlerts` / `getAlert`, and
 * people acknowledge and silence them (`acknowledgeAlert`, `silenceAlert`, `unsilenceAlert`).
 */
export { type AfterRunAlertDeps, evaluateAlertsAfterBenchmark, evaluateAlertsAfterRun } from './after-run.js';
export { evaluateScheduledBenchmarkAlerts } from './evaluate-benchmark-alerts.js';
export { evaluateScenarioAlerts } from './evaluate-scenario-alerts.js';
export type { AlertDeps, AlertEvaluation, RuleOutcome } from './evaluation-types.js';
export { isNotificationHeld, isSilenced } from './is-silenced.js';
export {
  type AlertView,
  getAlert,
  type ListAlertsParams,
  listAlerts,
  type NotificationStatus,
} from './list-alerts.js';
export { type AlertMessage, alertMessage } from './message.js';
export {
  type AlertNotifier,
  createAlertNotifier,
  type DeliveryOutcome,
  type DeliverySettings,
  type NotifierOptions,
  redactWebhookUrl,
} from './notifier.js';
export {
  type AlertSettings,
  MAX_WINDOW_RUNS,
  REGRESSION_METRICS,
  type RegressionMetric,
  type RegressionSettings,
  readAlertSettings,
} from './settings.js';
export {
  acknowledgeAlert,
  MAX_SILENCE_S,
  type SilenceParams,
  silenceAlert,
  unsilenceAlert,
} from './silence.js';
