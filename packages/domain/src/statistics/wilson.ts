/** A two-sided confidence interval for a proportion, both bounds within [0, 1]. */
export interface ProportionInterval {
  /** successes / n, or null when n is 0. */
  estimate: number | null;
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for `successes` out of `n` trials. Unlike the normal ("Wald")
 * interval it stays inside [0, 1] and is honest at 0 or n successes and small n, which is
 * exactly the case of a success rate over a handful of runs. `z` = 1.96 gives 95 %.
 * With n = 0 nothing is known and the interval is [0, 1].
 *
 * @example
 * wilsonInterval(8, 10); // { estimate: 0.8, lower: 0.4902, upper: 0.9433 } (rounded)
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): ProportionInterval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be a whole number in [0, n], got ${successes} of ${n}`);
  }
  if (!(z > 0) || !Number.isFinite(z)) throw new RangeError(`z must be a positive number, got ${z}`);
  if (n === 0) return { estimate: null, lower: 0, upper: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp the floating-point dust at the edges (e.g. -1e-17 when successes is 0).
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
