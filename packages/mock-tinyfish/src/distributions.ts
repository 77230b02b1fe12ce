import type { SeededRandom } from './prng.js';

/**
 * A delay distribution in milliseconds. Every sample is clamped to [0, 24 h], and to the optional
 * `min` / `max` bounds of normal and lognormal (long tails are realistic but sometimes unwanted).
 *
 * - `fixed`: always `value`.
 * - `uniform`: uniform in [`min`, `max`].
 * - `normal`: mean `mean`, standard deviation `stddev`.
 * - `lognormal`: median `median` (= e^mu) and shape `sigma` (the sd of the underlying normal);
 *   the usual shape of network and agent-step latencies.
 */
export type DelayDistribution =
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; stddev: number; min?: number; max?: number }
  | { dist: 'lognormal'; median: number; sigma: number; min?: number; max?: number };

/** The longest delay a sample can have: a lognormal tail must not park a run forever. */
export const MAX_DELAY_MS = 86_400_000;

/** Draws one delay in ms from `d`. */
export function sampleDelay(d: DelayDistribution, rng: SeededRandom): number {
  switch (d.dist) {
    case 'fixed':
      return clamp(d.value, undefined, undefined);
    case 'uniform':
      return clamp(d.min + rng.next() * (d.max - d.min), undefined, undefined);
    case 'normal':
      return clamp(d.mean + d.stddev * rng.standardNormal(), d.min, d.max);
    case 'lognormal':
      return clamp(d.median * Math.exp(d.sigma * rng.standardNormal()), d.min, d.max);
  }
}

function clamp(v: number, min: number | undefined, max: number | undefined): number {
  let out = Math.min(MAX_DELAY_MS, Math.max(0, v));
  if (min !== undefined && out < min) out = min;
  if (max !== undefined && out > max) out = max;
  return out;
}
