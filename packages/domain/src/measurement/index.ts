/**
 * The figures of one run: the gaps between its progress events, and how late the
 * measuring process's own event loop was while it ran. No I/O, no clock, no database:
 * providers, the engine and the analytics all compute with these same functions, so one
 * figure means one thing everywhere (docs/metrics.md).
 */
export type { DelaySummary } from './delay-buckets.js';
export { DelayHistogram, type DelayHistogramSnapshot, summarizeDelays } from './delay-histogram.js';
export { DelayLog, DelayLogWindow } from './delay-log.js';
export { interTokenGaps, interTokenStats } from './inter-token.js';
