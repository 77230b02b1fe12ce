import type { Benchmark } from '../db/schema.js';
import { selectFiringAlerts } from '../repositories/alerts.js';
import { selectScenarioById } from '../repositories/scenarios.js';
import { applyVerdicts } from './apply-verdicts.js';
import type { AlertDeps, AlertEvaluation, Verdict } from './evaluation-types.js';
import { readAlertSettings } from './settings.js';

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
