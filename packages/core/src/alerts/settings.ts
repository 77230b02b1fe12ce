/**
 * How a scenario is watched, from its `run_settings` (all optional):
 *
 * | key | default | meaning |
 * |---|---|---|
 * | `alert_window_runs` | 20 | thresholds are judged over this many newest finished runs |
 * | `alert_window_s` | none | ... or over the runs of the last this many seconds (wins when set) |
 * | `alert_min_runs` | 1 | fewer values than this: no verdict, the alert state stays as it is |
 * | `alert_webhook_url` | `ALERT_WEBHOOK_URL` | where this scenario's notifications go |
 * | `regression` | on for scheduled scenarios | `false` turns regression alerts off; an object tunes them |
 *
 * `regression` fields: `metric` (total_duration_ms, ttft_ms, itl_mean, cost_usd, or for
 * OpenAI-compatible runs time_to_first_answer_token_ms, tpot_ms or output_tokens_per_s, the
 * last higher-is-better; default total_duration_ms), `window_runs` (the latest window, default 30), `baseline_runs` (the runs
 * before it, default 100), `alpha` (default 0.01: a scenario is tested after every run, so
 * false alarms add up), `min_runs` (both windows need at least this many values, default 20).
 *
 * A value of the wrong type is ignored (the default applies) and reported in `warnings`: a
 * hook that runs after every run must not fail because of a typo in the settings.
 */
import type { ScenarioRunSettings } from '@tfbench/domain/model';

export const REGRESSION_METRICS = [
  'total_duration_ms',
  'ttft_ms',
  'itl_mean',
  'cost_usd',
  'time_to_first_answer_token_ms',
  'tpot_ms',
  'output_tokens_per_s',
] as const;
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];

/** Most runs a time window reads (the newest). */
export const MAX_WINDOW_RUNS = 10_000;

export interface RegressionSettings {
  metric: RegressionMetric;
  windowRuns: number;
  baselineRuns: number;
  alpha: number;
  minRuns: number;
}

export interface AlertSettings {
  window: { kind: 'runs'; runs: number } | { kind: 'time'; seconds: number };
  minRuns: number;
  webhookUrl: string | null;
  regression: RegressionSettings | null;
  /** Settings that were ignored, and why. */
  warnings: string[];
}

function wholeNumber(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : undefined;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The alert settings of a scenario (see the table above). */
export function readAlertSettings(runSettings: ScenarioRunSettings, scheduled: boolean): AlertSettings {
  const warnings: string[] = [];
  const read = <T>(key: string, parse: (v: unknown) => T | undefined, what: string): T | undefined => {
    const value = runSettings[key];
    if (value === undefined || value === null) return undefined;
    const parsed = parse(value);
    if (parsed === undefined) warnings.push(`run_settings.${key} ignored: must be ${what}`);
    return parsed;
  };
  const windowSeconds = read(
    'alert_window_s',
    (v) => wholeNumber(v, 1, 365 * 86_400),
    'a whole number of seconds',
  );
  const windowRuns = read(
    'alert_window_runs',
    (v) => wholeNumber(v, 1, MAX_WINDOW_RUNS),
    `a whole number from 1 to ${MAX_WINDOW_RUNS}`,
  );
  const minRuns =
    read('alert_min_runs', (v) => wholeNumber(v, 1, MAX_WINDOW_RUNS), 'a whole number of at least 1') ?? 1;
  const webhookUrl =
    read('alert_webhook_url', (v) => (isHttpUrl(v) ? v : undefined), 'an http(s) URL') ?? null;

  let regression: RegressionSettings | null = null;
  const raw = runSettings.regression;
  if (raw !== false && (scheduled || (raw !== undefined && raw !== null))) {
    const given =
      typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    if (raw !== undefined && raw !== null && raw !== true && given !== raw) {
      warnings.push('run_settings.regression ignored: must be true, false or an object');
    }
    const field = <T>(key: string, parse: (v: unknown) => T | undefined, what: string, fallback: T): T => {
      if (given[key] === undefined) return fallback;
      const parsed = parse(given[key]);
      if (parsed === undefined) warnings.push(`run_settings.regression.${key} ignored: must be ${what}`);
      return parsed ?? fallback;
    };
    regression = {
      metric: field(
        'metric',
        (v) => ((REGRESSION_METRICS as readonly unknown[]).includes(v) ? (v as RegressionMetric) : undefined),
        `one of ${REGRESSION_METRICS.join(', ')}`,
        'total_duration_ms',
      ),
      windowRuns: field('window_runs', (v) => wholeNumber(v, 2, 5_000), 'a whole number from 2 to 5000', 30),
      baselineRuns: field(
        'baseline_runs',
        (v) => wholeNumber(v, 2, 5_000),
        'a whole number from 2 to 5000',
        100,
      ),
      alpha: field(
        'alpha',
        (v) => (typeof v === 'number' && v > 0 && v < 0.5 ? v : undefined),
        'a number between 0 and 0.5',
        0.01,
      ),
      minRuns: field('min_runs', (v) => wholeNumber(v, 2, 5_000), 'a whole number from 2 to 5000', 20),
    };
  }
  return {
    window:
      windowSeconds !== undefined
        ? { kind: 'time', seconds: windowSeconds }
        : { kind: 'runs', runs: windowRuns ?? 20 },
    minRuns,
    webhookUrl,
    regression,
    warnings,
  };
}
