/**
 * The floor for send-time precision: a bare in-process `setTimeout` scheduler firing the same
 * intended timeline as an open-arrival phase (same rate, same count, same moment), in the
 * bench's own process, with no database, queue or client. Its lag is what timers alone are
 * late by on this machine under the load of that moment, so the engine's schedule lag is
 * read against it: the part above it is the engine's own.
 */
import { arrivalOffsetsMs, SCHEDULE_LEAD_MS } from '@tfbench/core/benchmarks';
import { type Distribution, distributionOf } from './run-timings.js';

export interface TimerBaseline {
  ratePerS: number;
  scheduled: number;
  /** Fire instant − intended instant, ms, every timer (epoch scale of the monotonic clock). */
  lagMs: Distribution;
}

/** Epoch ms from the monotonic clock: no wall-clock step can enter a lag. */
const nowMs = (): number => performance.timeOrigin + performance.now();

/**
 * Fires `count` timers at a constant `ratePerS` from `startAtMs` (epoch ms, default
 * SCHEDULE_LEAD_MS from now, as the engine's schedule starts) and resolves once the last has fired. Each timer
 * is armed when the schedule starts, as a naive in-process scheduler would arm them.
 *
 * @example
 * const [engine, timers] = await Promise.all([runOpenPhase(), runTimerBaseline({ ratePerS: 150, count: 1000 })]);
 */
export function runTimerBaseline(options: {
  ratePerS: number;
  count: number;
  startAtMs?: number;
}): Promise<TimerBaseline> {
  const { ratePerS, count } = options;
  const offsets = arrivalOffsetsMs({ arrival: 'constant', rate_per_s: ratePerS, count, seed: 1 });
  const start = options.startAtMs ?? nowMs() + SCHEDULE_LEAD_MS;
  const lags: number[] = [];
  return new Promise((resolve) => {
    if (count === 0) resolve({ ratePerS, scheduled: 0, lagMs: distributionOf([]) });
    for (const offset of offsets) {
      const intended = start + offset;
      setTimeout(
        () => {
          lags.push(nowMs() - intended);
          if (lags.length === count) resolve({ ratePerS, scheduled: count, lagMs: distributionOf(lags) });
        },
        Math.max(0, intended - nowMs()),
      );
    }
  });
}
