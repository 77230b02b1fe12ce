/**
 * The words of the threshold language (docs/thresholds.md). Kept in one place so the parser,
 * its error messages, the evaluator and the documentation test all read the same lists.
 */
import { TOKEN_FIGURES } from '../vocabulary/index.js';

/** Aggregates over the values of a metric. */
export const THRESHOLD_AGGREGATES = [
  'p50',
  'p90',
  'p95',
  'p99',
  'mean',
  'min',
  'max',
  'count',
  'stddev',
] as const;
export type ThresholdAggregate = (typeof THRESHOLD_AGGREGATES)[number];

/** Token figures of OpenAI-compatible runs; runs without them (TinyFish) are left out of the aggregate. */
export const TOKEN_THRESHOLD_METRICS = TOKEN_FIGURES;
export type TokenThresholdMetric = (typeof TOKEN_THRESHOLD_METRICS)[number];

/** Per-run metrics an aggregate can be taken of. `itl_mean` is `inter_token_stats.mean`. */
export const THRESHOLD_METRICS = [
  'total_duration_ms',
  'ttft_ms',
  'itl_mean',
  'time_to_started_ms',
  'steps',
  'cost_usd',
  'queue_wait_ms',
  ...TOKEN_THRESHOLD_METRICS,
] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

/** Metrics measured in milliseconds, which accept the `ms` and `s` unit suffixes. */
export const DURATION_METRICS: ReadonlySet<ThresholdMetric> = new Set([
  'total_duration_ms',
  'ttft_ms',
  'itl_mean',
  'time_to_started_ms',
  'queue_wait_ms',
  'time_to_first_answer_token_ms',
  'tpot_ms',
]);

/**
 * Rates over a sample of runs, fractions from 0 to 1. `attainment` is the share meeting the
 * benchmark's per-request SLO (slo.ts).
 */
export const THRESHOLD_RATES = ['success_rate', 'goal_success_rate', 'error_rate', 'attainment'] as const;
export type ThresholdRate = (typeof THRESHOLD_RATES)[number];

/**
 * Figures of a whole sample, written bare (`cost_usd > 10`). `cost_usd` is the sum over every
 * run that has the value, whatever its status, since a failed run costs money too; `goodput`
 * is the runs meeting the SLO per second of the measurement window.
 */
export const THRESHOLD_TOTALS = ['cost_usd', 'goodput'] as const;
export type ThresholdTotal = (typeof THRESHOLD_TOTALS)[number];

/** Comparison operators, longest first so that the lexer matches `<=` before `<`. */
export const THRESHOLD_OPERATORS = ['<=', '>=', '==', '!=', '<', '>'] as const;
export type ThresholdOperator = (typeof THRESHOLD_OPERATORS)[number];

/** Unit suffixes of durations and the factor that converts them to milliseconds. */
export const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000 };

export function isAggregate(word: string): word is ThresholdAggregate {
  return (THRESHOLD_AGGREGATES as readonly string[]).includes(word);
}

export function isMetric(word: string): word is ThresholdMetric {
  return (THRESHOLD_METRICS as readonly string[]).includes(word);
}

export function isTokenMetric(word: string): word is TokenThresholdMetric {
  return (TOKEN_THRESHOLD_METRICS as readonly string[]).includes(word);
}

export function isRate(word: string): word is ThresholdRate {
  return (THRESHOLD_RATES as readonly string[]).includes(word);
}

export function isTotal(word: string): word is ThresholdTotal {
  return (THRESHOLD_TOTALS as readonly string[]).includes(word);
}
