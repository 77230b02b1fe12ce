/**
 * The standard normal distribution: the complementary error function, the CDF and its inverse.
 * p-values of the Mann-Whitney test and the z of Wilson intervals come from here, so accuracy
 * matters in the tails: `erfc` is accurate to about 1e-13 relative error across its range.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
const SQRT_2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

// Below this the series for erf converges fast and 1 - erf keeps ~12 significant digits of
// erfc; above it the continued fraction for erfc converges fast instead.
const SERIES_LIMIT = 2.5;
const TINY = 1e-300;

/** erf(x) for 0 <= x <= SERIES_LIMIT by the series with all-positive terms (no cancellation). */
function erfSeries(x: number): number {
  const twoXSquared = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= twoXSquared / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
}

/**
 * erfc(x) for x > SERIES_LIMIT by the continued fraction
 * erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated with the
 * modified Lentz method.
 */
function erfcContinuedFraction(x: number): number {
  let f = x;
  let c = x;
  let d = 0;
  for (let j = 1; j < 500; j++) {
    const a = j / 2;
    d = x + a * d;
    if (d === 0) d = TINY;
    c = x + a / c;
    if (c === 0) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/**
 * The complementary error function, `1 - erf(x)`, accurate in the far right tail where
 * computing `1 - erf(x)` directly would round to 0.
 *
 * @example
 * ```ts
 * erfc(0); // 1
 * erfc(3); // 2.209049699858544e-5
 * ```
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x <= SERIES_LIMIT) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

/**
 * P(Z <= x) for a standard normal Z.
 *
 * @example
 * ```ts
 * normalCdf(1.959963984540054); // 0.975
 * ```
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT_2);
}

/**
 * P(Z > x) for a standard normal Z, accurate for large x (where `1 - normalCdf(x)` is not).
 *
 * @example
 * ```ts
 * normalSf(1.959963984540054); // 0.025
 * ```
 */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / SQRT_2);
}

/**
 * The inverse of {@link normalCdf}: the x with P(Z <= x) = p. Returns -Infinity for 0 and
 * Infinity for 1; throws a RangeError outside [0, 1].
 *
 * A rational first guess (Abramowitz & Stegun 26.2.23, error < 4.5e-4) is polished by Halley
 * steps on the lower tail, where the CDF is computed without cancellation.
 *
 * @example
 * ```ts
 * normalQuantile(0.975); // 1.959963984540054
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`normalQuantile(p) needs 0 <= p <= 1, got ${p}`);
  }
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const lowerTail = Math.min(p, 1 - p);
  const t = Math.sqrt(-2 * Math.log(lowerTail));
  let x = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
  );
  for (let i = 0; i < 3; i++) {
    const error = normalCdf(x) - lowerTail;
    const u = error * SQRT_2PI * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return p < 0.5 ? x : -x;
}
