/**
 * The send schedule of an open-arrival benchmark, computed before the first run starts. A
 * precomputed schedule is what makes an open benchmark honest: each run has an intended send
 * time that does not depend on how earlier runs fared, so when our side falls behind, the lag
 * (actual - intended) shows it instead of silently stretching the gaps (coordinated omission).
 */
import { createRandom, type Seed } from '@tfbench/domain/statistics';

export interface ArrivalScheduleOptions {
  arrival: 'constant' | 'poisson';
  /** Mean arrivals per second; > 0. */
  rate_per_s: number;
  /** Arrivals to lay out. */
  count: number;
  /** Same seed, same schedule (poisson); constant arrivals ignore it. */
  seed: Seed;
}

/**
 * Intended send offsets in milliseconds from the start of the measured phase, ascending; the
 * first arrival is at 0. `constant`: exactly `1000 / rate_per_s` apart. `poisson`: gaps drawn
 * from the exponential distribution with mean `1000 / rate_per_s` by the seeded PRNG of
 * `@tfbench/domain/statistics`, so the same seed yields the same schedule on every machine.
 *
 * @example
 * arrivalOffsetsMs({ arrival: 'constant', rate_per_s: 4, count: 3, seed: 1 }); // [0, 250, 500]
 * arrivalOffsetsMs({ arrival: 'poisson', rate_per_s: 4, count: 3, seed: 1 }); // [0, g1, g1 + g2]
 */
export function arrivalOffsetsMs(options: ArrivalScheduleOptions): number[] {
  const { arrival, rate_per_s: rate, count } = options;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate_per_s must be > 0, got ${rate}`);
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number, got ${count}`);
  const meanGapMs = 1000 / rate;
  const offsets: number[] = new Array(count);
  if (arrival === 'constant') {
    // Computed from i rather than accumulated: no floating-point drift over 100,000 arrivals.
    for (let i = 0; i < count; i++) offsets[i] = (i * 1000) / rate;
    return offsets;
  }
  const random = createRandom(options.seed);
  let at = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = at;
    at += random.exponential(1 / meanGapMs);
  }
  return offsets;
}
