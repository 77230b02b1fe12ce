/**
 * The early-stop fields of a benchmark request: `stop_on` conditions in the threshold language,
 * `min_runs` before any is judged, `stop_check_every` runs between judgements, and
 * `until_ci_halfwidth`, which ends a benchmark once the t-interval of a metric's mean is narrow
 * enough. Checked here; the driver applies them (early-stop.ts).
 */
import { THRESHOLD_METRICS, type ThresholdMetric } from '@tfbench/domain/thresholds';
import { EARLY_STOP_LIMITS } from '@tfbench/domain/vocabulary';
import { checkThresholdList } from '../services/check-rules.js';
import { type IssueList, isPlainObject } from '../services/checks.js';

export { EARLY_STOP_LIMITS };

export const EARLY_STOP_DEFAULTS = { minRuns: 10, stopCheckEvery: 5, confidence: 0.95 } as const;

/** End the benchmark once the mean of `metric` is known to within ± `halfwidth`. */
export interface PrecisionTarget {
  metric: ThresholdMetric;
  /** In the metric's unit (ms for durations). */
  halfwidth: number;
  confidence: number;
}

export interface EarlyStopRequest {
  stop_on?: unknown;
  min_runs?: unknown;
  stop_check_every?: unknown;
  until_ci_halfwidth?: unknown;
}

/** The stored early-stop settings. */
export interface EarlyStopSettings {
  stop_on: string[];
  min_runs: number;
  stop_check_every: number;
  until_ci_halfwidth: PrecisionTarget | null;
}

function checkWholeField(field: string, value: unknown, max: number, issues: IssueList): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    issues.add(field, `must be a whole number from 1 to ${max}`);
}

/** Issues of the early-stop fields, each naming its field (`stop_on.1`, `until_ci_halfwidth.metric`). */
export function collectEarlyStopIssues(input: EarlyStopRequest, issues: IssueList): void {
  checkThresholdList('stop_on', input.stop_on, issues, EARLY_STOP_LIMITS.maxStopOn);
  checkWholeField('min_runs', input.min_runs, EARLY_STOP_LIMITS.maxMinRuns, issues);
  checkWholeField('stop_check_every', input.stop_check_every, EARLY_STOP_LIMITS.maxStopCheckEvery, issues);
  const target = input.until_ci_halfwidth;
  if (target === undefined || target === null) return;
  if (!isPlainObject(target)) {
    issues.add('until_ci_halfwidth', 'must be an object {"metric", "halfwidth", "confidence"?}');
    return;
  }
  for (const key of Object.keys(target)) {
    if (!['metric', 'halfwidth', 'confidence'].includes(key))
      issues.add(`until_ci_halfwidth.${key}`, 'is not a field of until_ci_halfwidth');
  }
  if (typeof target.metric !== 'string' || !(THRESHOLD_METRICS as readonly string[]).includes(target.metric))
    issues.add('until_ci_halfwidth.metric', `must be one of ${THRESHOLD_METRICS.join(', ')}`);
  const halfwidth = target.halfwidth;
  if (typeof halfwidth !== 'number' || !Number.isFinite(halfwidth) || halfwidth <= 0)
    issues.add('until_ci_halfwidth.halfwidth', "must be a number above 0, in the metric's unit");
  const confidence = target.confidence;
  if (
    confidence !== undefined &&
    confidence !== null &&
    (typeof confidence !== 'number' ||
      !(confidence >= EARLY_STOP_LIMITS.minConfidence && confidence <= EARLY_STOP_LIMITS.maxConfidence))
  ) {
    issues.add(
      'until_ci_halfwidth.confidence',
      `must be a number from ${EARLY_STOP_LIMITS.minConfidence} to ${EARLY_STOP_LIMITS.maxConfidence}`,
    );
  }
}

/** The stored early-stop settings of a checked request, with defaults. */
export function toEarlyStopSettings(input: EarlyStopRequest): EarlyStopSettings {
  const target = input.until_ci_halfwidth as Partial<PrecisionTarget> | null | undefined;
  return {
    stop_on: Array.isArray(input.stop_on) ? [...(input.stop_on as string[])] : [],
    min_runs: (input.min_runs as number | null | undefined) ?? EARLY_STOP_DEFAULTS.minRuns,
    stop_check_every:
      (input.stop_check_every as number | null | undefined) ?? EARLY_STOP_DEFAULTS.stopCheckEvery,
    until_ci_halfwidth: target
      ? {
          metric: target.metric as ThresholdMetric,
          halfwidth: target.halfwidth as number,
          confidence: target.confidence ?? EARLY_STOP_DEFAULTS.confidence,
        }
      : null,
  };
}

/** The early-stop settings stored with a benchmark; defaults for benchmarks stored before them. */
export function readEarlyStopSettings(settings: Partial<EarlyStopSettings>): EarlyStopSettings {
  return {
    stop_on: settings.stop_on ?? [],
    min_runs: settings.min_runs ?? EARLY_STOP_DEFAULTS.minRuns,
    stop_check_every: settings.stop_check_every ?? EARLY_STOP_DEFAULTS.stopCheckEvery,
    until_ci_halfwidth: settings.until_ci_halfwidth ?? null,
  };
}
