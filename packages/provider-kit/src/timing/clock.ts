import { performance } from 'node:perf_hooks';

/**
 * The one clock every run is timed with: monotonic, sub-millisecond, immune to wall-clock
 * jumps (NTP, DST). Injectable so tests can drive time.
 */
export interface MonotonicClock {
  /** Milliseconds since the clock's origin; only differences are measurements. */
  now(): number;
  /** The origin as epoch ms, so a reading can be placed in wall-clock time. */
  readonly timeOrigin: number;
}

/** performance.now(): monotonic, microsecond resolution on Linux. */
export const performanceClock: MonotonicClock = {
  now: () => performance.now(),
  timeOrigin: performance.timeOrigin,
};

/** Round to microseconds: finer digits are noise and only bloat the stored JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
