import { performance } from 'node:perf_hooks';

/**
 * One monotonic clock for every timestamp the mock records. Epoch times are derived from it
 * (timeOrigin + now) rather than read from Date.now(), so a wall-clock step cannot make
 * offsets and epoch times disagree.
 */
export function monotonicMs(): number {
  return performance.now();
}

/** Epoch milliseconds of a monotonic reading. */
export function epochMsOf(monotonic: number): number {
  return performance.timeOrigin + monotonic;
}

/** ISO-8601 UTC with milliseconds, the API's timestamp format. */
export function isoOf(epochMs: number): string {
  return new Date(Math.floor(epochMs)).toISOString();
}
