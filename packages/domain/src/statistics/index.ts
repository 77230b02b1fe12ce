/**
 * Pure statistics: percentiles and summaries, a proportion's interval, a seeded random source,
 * two-sample comparisons with bootstrap intervals and a rank test, rate comparisons,
 * histograms and a mergeable quantile sketch. No I/O: the use cases feed these functions with
 * rows, so a figure computed in a report matches the one computed for a run.
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
export { percentile, percentileOfSorted, sortedCopy } from './percentile.js';
export { type QuantileInterval, quantileInterval } from './quantile-interval.js';
export { createRandom, type Seed, type SeededRandom, seedToState } from './random.js';
export { type CompareRatesOptions, compareRates, type RateComparison, type RateSide } from './rates.js';
export { histogramOfSketch, sketchBuckets } from './sketch-histogram.js';
export {
  type MeanInterval,
  regularizedBeta,
  studentTCdf,
  studentTQuantile,
  tInterval,
} from './student-t.js';
export { type Summary, summarize } from './summarize.js';
export { type ProportionInterval, wilsonInterval } from './wilson.js';
