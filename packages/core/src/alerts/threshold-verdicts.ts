/** Judges a scenario's thresholds over its rolling window of runs. */
import type { JsonObject } from '@tfbench/domain/model';
import {
  evaluateThreshold,
  formatThreshold,
  parseThreshold,
  type ThresholdExpression,
  type ThresholdRun,
  ThresholdSyntaxError,
} from '@tfbench/domain/thresholds';
import type { Scenario } from '../db/schema.js';
import type { Verdict, WindowRun } from './evaluation-types.js';
import type { AlertSettings } from './settings.js';

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
    token_metrics: run.token_metrics,
    assertions_passed: run.assertions_passed,
  };
}

function windowDetails(settings: AlertSettings, runs: readonly WindowRun[]): JsonObject {
  return settings.window.kind === 'runs'
    ? { window: { kind: 'runs', size: settings.window.runs, runs: runs.length } }
    : { window: { kind: 'time', seconds: settings.window.seconds, runs: runs.length } };
}

export function thresholdVerdicts(
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
