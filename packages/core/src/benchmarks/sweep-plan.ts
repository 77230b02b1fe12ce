/**
 * The sweep (arrival `sweep`), as GuideLLM runs it: a synchronous probe (one run in flight)
 * measures the lowest useful rate, a throughput probe (every run the concurrency cap allows in
 * flight) the highest, and then `points` constant-rate steps run at rates spaced evenly from
 * the one to the other, both ends included.
 */
import type { SweepSettings } from './series-settings.js';

/** The steps of a sweep, in order. */
export type SweepStepKind = 'synchronous' | 'throughput' | 'point';

/** What the series does next. */
export type SweepDecision =
  | { kind: 'synchronous' | 'throughput' }
  | { kind: 'point'; index: number; rate_per_s: number }
  | { kind: 'done' }
  | { kind: 'failed'; reason: string };

/**
 * `points` rates from `min` to `max`, evenly spaced, both included. A `max` below `min` (a
 * throughput probe that did no better than one run at a time) gives a flat sweep at `min`.
 *
 * @example
 * sweepRates(2, 10, 5); // [2, 4, 6, 8, 10]
 */
export function sweepRates(min: number, max: number, points: number): number[] {
  const high = Math.max(min, max);
  if (points === 1) return [high];
  return Array.from({ length: points }, (_, i) => min + ((high - min) * i) / (points - 1));
}

/**
 * The next step, given the rates the two probes achieved (null while a probe has not run,
 * or when it ended without any outcome) and how many points have run.
 */
export function nextSweepStep(
  settings: SweepSettings,
  measured: { synchronous?: number | null; throughput?: number | null },
  pointsRun: number,
): SweepDecision {
  if (measured.synchronous === undefined) return { kind: 'synchronous' };
  if (measured.synchronous === null || !(measured.synchronous > 0))
    return { kind: 'failed', reason: 'the synchronous probe ended without a completed run' };
  if (measured.throughput === undefined) return { kind: 'throughput' };
  if (measured.throughput === null || !(measured.throughput > 0))
    return { kind: 'failed', reason: 'the throughput probe ended without a completed run' };
  if (pointsRun >= settings.points) return { kind: 'done' };
  const rates = sweepRates(measured.synchronous, measured.throughput, settings.points);
  return { kind: 'point', index: pointsRun, rate_per_s: rates[pointsRun] as number };
}

/**
 * The runs of a constant-rate point: the arrivals of `duration_s` at `rate_per_s` (at least
 * one), at most `maxRuns`. Laid out by arrivalOffsetsMs, they fall `1000 / rate` ms apart from
 * 0, every one within the point's duration.
 */
export function sweepPointRuns(ratePerS: number, durationS: number, maxRuns: number): number {
  return Math.min(maxRuns, Math.max(1, Math.ceil(ratePerS * durationS - 1e-9)));
}
