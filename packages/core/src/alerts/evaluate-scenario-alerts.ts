import type { AlertEvent, AlertKind, JsonObject } from '@tfbench/domain/model';
import { compare, compareRates } from '@tfbench/domain/statistics';
import {
  evaluateThreshold,
  formatThreshold,
  parseThreshold,
  type ThresholdExpression,
  type ThresholdRun,
  ThresholdSyntaxError,
} from '@tfbench/domain/thresholds';
import type { DatabaseHandle } from '../db/database.js';
import type { Alert, Benchmark, Scenario } from '../db/schema.js';
import type { Logger } from '../queue/index.js';
import {
  insertFiringAlert,
  resolveFiringAlert,
  selectAlertWindowRuns,
  selectFiringAlerts,
  touchFiringAlert,
} from '../repositories/alerts.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import { isNotificationHeld } from './is-silenced.js';
import {
  type AlertNotifier,
  createAlertNotifier,
  type DeliveryOutcome,
  type DeliverySettings,
} from './notifier.js';
import {
  type AlertSettings,
  MAX_WINDOW_RUNS,
  type RegressionSettings,
  readAlertSettings,
} from './settings.js';

/** What alert evaluation needs. */
export interface AlertDeps {
  db: DatabaseHandle;
  /** The global webhook (`ALERT_WEBHOOK_URL`); a scenario's `alert_webhook_url` wins over it. */
  webhookUrl?: string | null;
  /** How deliveries are guarded and signed (default: public addresses only, unsigned). */
  delivery?: DeliverySettings;
  /** Delivers notifications; default: a notifier with the standard retry policy. */
  notifier?: AlertNotifier;
  logger?: Logger;
}

/** The outcome of one rule in one evaluation. */
export interface RuleOutcome {
  kind: AlertKind;
  rule: string;
  /** ok: within bounds; breached: out of bounds; no_data: too few values to judge; error: the rule does not parse. */
  status: 'ok' | 'breached' | 'no_data' | 'error';
  observed: number | null;
  n: number;
  /** The state change this evaluation made, if any. */
  transition: 'fired' | 'resolved' | null;
  alert_id: number | null;
  error?: string;
}

export interface AlertEvaluation {
  scenario_id: number;
  /** False when the scenario is gone, or is neither scheduled nor has a firing alert. */
  evaluated: boolean;
  rules: RuleOutcome[];
  warnings: string[];
  /** Settles when every notification this evaluation started has been delivered or given up. */
  notifications: Promise<DeliveryOutcome[]>;
}

type WindowRun = Awaited<ReturnType<typeof selectAlertWindowRuns>>[number];

/** A rule's verdict before it is applied to the stored state. */
interface Verdict {
  kind: AlertKind;
  rule: string;
  status: RuleOutcome['status'];
  observed: number | null;
  n: number;
  details: JsonObject;
  error?: string;
}

function thresholdRunOf(run: WindowRun): ThresholdRun {
  return {
    status: run.status,
    total_duration_ms: run.total_duration_ms,
    ttft_ms: run.ttft_ms,
    time_to_started_ms: run.time_to_started_ms,
    steps: run.steps,
    cost_usd: run.cost_usd,
    queue_wait_ms: run.queue_wait_ms,
    inter_token_stats: run.inter_token_stats,
    assertions_passed: run.assertions_passed,
  };
}

function windowDetails(settings: AlertSettings, runs: readonly WindowRun[]): JsonObject {
  return settings.window.kind === 'runs'
    ? { window: { kind: 'runs', size: settings.window.runs, runs: runs.length } }
    : { window: { kind: 'time', seconds: settings.window.seconds, runs: runs.length } };
}

function thresholdVerdicts(
  scenario: Scenario,
  settings: AlertSettings,
  runs: readonly WindowRun[],
): Verdict[] {
  const sample = { runs: runs.map(thresholdRunOf) };
  const verdicts = new Map<string, Verdict>();
  for (const text of scenario.thresholds) {
    let parsed: ThresholdExpression;
    try {
      parsed = parseThreshold(text);
    } catch (error) {
      if (!(error instanceof ThresholdSyntaxError)) throw error;
      verdicts.set(text, {
        kind: 'threshold',
        rule: text,
        status: 'error',
        observed: null,
        n: 0,
        details: {},
        error: error.message,
      });
      continue;
    }
    const evaluation = evaluateThreshold(parsed, sample);
    const enough = evaluation.observed !== null && evaluation.n >= settings.minRuns;
    verdicts.set(formatThreshold(parsed), {
      kind: 'threshold',
      rule: evaluation.expression,
      status: !enough ? 'no_data' : evaluation.passed ? 'ok' : 'breached',
      observed: evaluation.observed,
      n: evaluation.n,
      details: { ...windowDetails(settings, runs), evaluation: { ...evaluation } },
    });
  }
  return [...verdicts.values()];
}

function metricOf(run: WindowRun, metric: RegressionSettings['metric']): number | null | undefined {
  return metric === 'itl_mean' ? run.inter_token_stats?.mean : run[metric];
}

function regressionVerdicts(settings: RegressionSettings, runs: readonly WindowRun[]): Verdict[] {
  const values: number[] = [];
  const outcomes: boolean[] = [];
  for (const run of runs) {
    if (run.status === 'completed') {
      const value = metricOf(run, settings.metric);
      if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
    }
    if (run.status === 'completed' || run.status === 'failed' || run.status === 'timeout') {
      outcomes.push(run.status === 'completed');
    }
  }
  const base = {
    alpha: settings.alpha,
    window_runs: settings.windowRuns,
    baseline_runs: settings.baselineRuns,
  };

  // Newest first: the latest window, then the baseline right before it.
  const latest = values.slice(0, settings.windowRuns);
  const baseline = values.slice(settings.windowRuns, settings.windowRuns + settings.baselineRuns);
  const metricRule = `regression(${settings.metric})`;
  let metricVerdict: Verdict;
  if (latest.length < settings.minRuns || baseline.length < settings.minRuns) {
    metricVerdict = {
      kind: 'regression',
      rule: metricRule,
      status: 'no_data',
      observed: null,
      n: latest.length,
      details: {
        ...base,
        metric: settings.metric,
        latest_values: latest.length,
        baseline_values: baseline.length,
      },
    };
  } else {
    const comparison = compare(baseline, latest, {
      alpha: settings.alpha,
      iterations: 1_000,
      better: 'lower',
    });
    metricVerdict = {
      kind: 'regression',
      rule: metricRule,
      status: comparison.verdict === 'regressed' ? 'breached' : 'ok',
      observed: comparison.b.p50,
      n: latest.length,
      details: {
        ...base,
        metric: settings.metric,
        baseline: { ...comparison.a },
        latest: { ...comparison.b },
        difference_pct: { ...comparison.difference_pct },
        median_difference: { ...comparison.median_difference },
        p_value: comparison.mann_whitney?.p_value ?? null,
        verdict: comparison.verdict,
      },
    };
  }

  const latestOutcomes = outcomes.slice(0, settings.windowRuns);
  const baselineOutcomes = outcomes.slice(settings.windowRuns, settings.windowRuns + settings.baselineRuns);
  const rateRule = 'regression(success_rate)';
  let rateVerdict: Verdict;
  if (latestOutcomes.length < settings.minRuns || baselineOutcomes.length < settings.minRuns) {
    rateVerdict = {
      kind: 'regression',
      rule: rateRule,
      status: 'no_data',
      observed: null,
      n: latestOutcomes.length,
      details: base,
    };
  } else {
    const successes = (list: boolean[]) => list.filter(Boolean).length;
    const rates = compareRates(
      successes(baselineOutcomes),
      baselineOutcomes.length,
      successes(latestOutcomes),
      latestOutcomes.length,
      { alpha: settings.alpha },
    );
    rateVerdict = {
      kind: 'regression',
      rule: rateRule,
      status: rates.verdict === 'regressed' ? 'breached' : 'ok',
      observed: rates.b.rate,
      n: latestOutcomes.length,
      details: {
        ...base,
        baseline: { ...rates.a },
        latest: { ...rates.b },
        difference: rates.difference,
        ci_lower: rates.ci_lower,
        ci_upper: rates.ci_upper,
        verdict: rates.verdict,
      },
    };
  }
  return [metricVerdict, rateVerdict];
}

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

/**
 * Moves each rule's alert through its states for these verdicts (see evaluateScenarioAlerts),
 * then notifies. `firing` are the open alerts of the kinds judged here: an open alert whose
 * rule has no verdict any more was removed from the scenario, and resolves.
 */
async function applyVerdicts(
  deps: AlertDeps,
  scenario: Scenario,
  settings: AlertSettings,
  verdicts: readonly Verdict[],
  firing: readonly Alert[],
): Promise<{ rules: RuleOutcome[]; notifications: Promise<DeliveryOutcome[]> }> {
  const scenarioId = scenario.id;
  const firingByRule = new Map(firing.map((alert) => [`${alert.kind}|${alert.rule}`, alert]));
  const transitions: Array<{ alert: Alert; event: AlertEvent }> = [];
  const rules: RuleOutcome[] = [];
  for (const verdict of verdicts) {
    const key = `${verdict.kind}|${verdict.rule}`;
    const open = firingByRule.get(key);
    firingByRule.delete(key);
    const values = { last_observed: verdict.observed, n: verdict.n, details: verdict.details };
    let transition: RuleOutcome['transition'] = null;
    let alertId = open?.id ?? null;
    if (verdict.status === 'breached' && !open) {
      const opened = await insertFiringAlert(deps.db.db, {
        scenario_id: scenarioId,
        kind: verdict.kind,
        rule: verdict.rule,
        observed: verdict.observed,
        ...values,
      });
      if (opened) {
        transition = 'fired';
        alertId = opened.id;
        transitions.push({ alert: opened, event: 'firing' });
      }
    } else if (verdict.status === 'ok' && open) {
      const closed = await resolveFiringAlert(deps.db.db, open.id, values);
      if (closed) {
        transition = 'resolved';
        transitions.push({ alert: closed, event: 'resolved' });
      }
    } else if (open && verdict.status !== 'error') {
      await touchFiringAlert(deps.db.db, open.id, values);
    }
    rules.push({
      kind: verdict.kind,
      rule: verdict.rule,
      status: verdict.status,
      observed: verdict.observed,
      n: verdict.n,
      transition,
      alert_id: alertId,
      ...(verdict.error ? { error: verdict.error } : {}),
    });
  }
  // Rules that no longer exist (a threshold removed, regression checks turned off) resolve.
  for (const open of firingByRule.values()) {
    const closed = await resolveFiringAlert(deps.db.db, open.id, {
      last_observed: open.last_observed,
      n: open.n,
      details: { ...open.details, resolved_because: 'the rule was removed from the scenario' },
    });
    if (closed) transitions.push({ alert: closed, event: 'resolved' });
  }

  const url = settings.webhookUrl ?? deps.webhookUrl ?? null;
  const now = new Date();
  const toNotify = transitions.filter(({ alert, event }) => !isNotificationHeld(alert, event, now));
  let notifications: Promise<DeliveryOutcome[]> = Promise.resolve([]);
  if (url && toNotify.length > 0) {
    const notifier =
      deps.notifier ??
      createAlertNotifier({
        db: deps.db,
        logger: deps.logger,
        policy: deps.delivery?.policy,
        secret: deps.delivery?.secret,
      });
    notifications = Promise.all(
      toNotify.map(({ alert, event }) => notifier.notify(alert, scenario, event, url)),
    );
  }
  return { rules, notifications };
}

/** One stored threshold result of a benchmark (see evaluateBenchmarkThresholds). */
interface StoredThresholdResult {
  expression: string;
  observed: number | null;
  passed: boolean;
  n: number;
  error?: string;
}

function isStoredThresholdResult(value: unknown): value is StoredThresholdResult {
  const v = value as StoredThresholdResult | null;
  return (
    typeof v === 'object' && v !== null && typeof v.expression === 'string' && typeof v.passed === 'boolean'
  );
}

/**
 * Threshold alerts of a scenario scheduled as benchmarks (`schedule_kind: benchmark`), judged
 * on each scheduled benchmark when it completes: a threshold the benchmark failed fires (or
 * keeps firing) its alert, one it passed resolves it. A failed threshold with no data (every
 * run failed, so there is no p95) counts as breached, as it fails the benchmark. Benchmarks
 * started by hand, and cancelled ones, change nothing. Regression alerts are left alone.
 *
 * @example
 * await evaluateScheduledBenchmarkAlerts({ db, webhookUrl }, finishedBenchmark);
 */
export async function evaluateScheduledBenchmarkAlerts(
  deps: AlertDeps,
  benchmark: Pick<Benchmark, 'id' | 'name' | 'scenario_id' | 'status' | 'settings' | 'threshold_results'>,
): Promise<AlertEvaluation> {
  const none: AlertEvaluation = {
    scenario_id: benchmark.scenario_id,
    evaluated: false,
    rules: [],
    warnings: [],
    notifications: Promise.resolve([]),
  };
  if (benchmark.status !== 'completed' || benchmark.settings.source !== 'schedule') return none;
  const scenario = await selectScenarioById(deps.db.db, benchmark.scenario_id);
  if (!scenario) return none;
  const settings = readAlertSettings(scenario.run_settings, scenario.schedule_enabled);
  const results = Array.isArray(benchmark.threshold_results) ? benchmark.threshold_results : [];
  const verdicts: Verdict[] = results.filter(isStoredThresholdResult).map((result) => ({
    kind: 'threshold',
    rule: result.expression,
    status: result.error ? 'error' : result.passed ? 'ok' : 'breached',
    observed: result.observed,
    n: result.n,
    details: {
      benchmark: { id: benchmark.id, name: benchmark.name },
      evaluation: { ...result },
      ...(result.observed === null ? { no_data: true } : {}),
    },
    ...(result.error ? { error: result.error } : {}),
  }));
  const firing = (await selectFiringAlerts(deps.db.db, scenario.id)).filter(
    (alert) => alert.kind === 'threshold',
  );
  const { rules, notifications } = await applyVerdicts(deps, scenario, settings, verdicts, firing);
  return { scenario_id: scenario.id, evaluated: true, rules, warnings: settings.warnings, notifications };
}
