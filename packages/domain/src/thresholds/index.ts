/**
 * The threshold language: comparisons such as `p95(total_duration_ms) < 30000` or
 * `success_rate >= 0.95`, parsed, formatted and judged against a sample of runs
 * (docs/thresholds.md). Benchmarks and alerts both judge with it.
 */
export {
  evaluateThreshold,
  metricValue,
  runGoalVerdict,
  type ThresholdEvaluation,
  type ThresholdRun,
  type ThresholdSample,
} from './evaluate.js';
export {
  type AggregateThreshold,
  formatThreshold,
  parseThreshold,
  type RateThreshold,
  type ThresholdExpression,
  type TotalThreshold,
} from './parse.js';
export {
  countGoodRuns,
  measurementWindowS,
  meetsSlo,
  type RunSlo,
  SLO_BOUNDS,
  type SloBound,
  type SloRun,
} from './slo.js';
export { ThresholdSyntaxError, type ThresholdSyntaxErrorDetails } from './syntax-error.js';
export {
  DURATION_METRICS,
  DURATION_UNITS,
  THRESHOLD_AGGREGATES,
  THRESHOLD_METRICS,
  THRESHOLD_OPERATORS,
  THRESHOLD_RATES,
  THRESHOLD_TOTALS,
  type ThresholdAggregate,
  type ThresholdMetric,
  type ThresholdOperator,
  type ThresholdRate,
  type ThresholdTotal,
  TOKEN_THRESHOLD_METRICS,
  type TokenThresholdMetric,
} from './vocabulary.js';
