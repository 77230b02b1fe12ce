/**
 * Pure statistics for analytics: a seeded random source, two-sample comparisons with
 * bootstrap intervals and a rank test, rate comparisons, histograms, the threshold expression
 * language and a mergeable quantile sketch. No I/O: services feed these functions with rows.
 */
export { type BootstrapInterval, bootstrapQuantileDifferences } from './bootstrap.js';
export {
  type Better,
  type CompareOptions,
  type Comparison,
  compare,
  DEFAULT_COMPARE_SEED,
  type DifferenceEstimate,
  type SampleSummary,
  type Verdict,
} from './compare.js';
export {
  DDSketch,
  type DDSketchJson,
  type DDSketchOptions,
  DEFAULT_RELATIVE_ACCURACY,
  MIN_INDEXABLE_VALUE,
} from './ddsketch.js';
export {
  AUTO_LOG_SPAN_RATIO,
  chooseHistogramScale,
  type HistogramBin,
  type HistogramOptions,
  type HistogramScale,
  histogram,
  MAX_AUTO_BINS,
  MAX_BINS,
} from './histogram.js';
export {
  EXACT_MAX_SAMPLE_SIZE,
  type MannWhitneyMethod,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  mannWhitneyU,
} from './mann-whitney.js';
export { erfc, normalCdf, normalQuantile, normalSf } from './normal.js';
export { createRandom, type Seed, type SeededRandom, seedToState } from './random.js';
export { type CompareRatesOptions, compareRates, type RateComparison, type RateSide } from './rates.js';
export {
  evaluateThreshold,
  runGoalVerdict,
  type ThresholdEvaluation,
  type ThresholdRun,
  type ThresholdSample,
} from './threshold/evaluate.js';
export {
  type AggregateThreshold,
  formatThreshold,
  parseThreshold,
  type RateThreshold,
  type ThresholdExpression,
} from './threshold/parse.js';
export { ThresholdSyntaxError, type ThresholdSyntaxErrorDetails } from './threshold/syntax-error.js';
export {
  DURATION_METRICS,
  DURATION_UNITS,
  THRESHOLD_AGGREGATES,
  THRESHOLD_METRICS,
  THRESHOLD_OPERATORS,
  THRESHOLD_RATES,
  type ThresholdAggregate,
  type ThresholdMetric,
  type ThresholdOperator,
  type ThresholdRate,
} from './threshold/vocabulary.js';
