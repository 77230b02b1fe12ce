/**
 * Pure measurement code: statistics over numbers, cost and goal assertions. No I/O, no
 * clock, no database: providers, the engine and the analytics all compute with these same
 * functions, so one figure means one thing everywhere (docs/metrics.md).
 */
export * from './assertions/index.js';
export { billedSteps, type CostInput, runCostUsd } from './cost.js';
export type { DelaySummary } from './delay-buckets.js';
export { DelayHistogram, type DelayHistogramSnapshot, summarizeDelays } from './delay-histogram.js';
export { DelayLog, DelayLogWindow } from './delay-log.js';
export { interTokenGaps, interTokenStats } from './inter-token.js';
export { percentile, percentileOfSorted, sortedCopy } from './percentile.js';
export { type Summary, summarize } from './summarize.js';
export { type ProportionInterval, wilsonInterval } from './wilson.js';
