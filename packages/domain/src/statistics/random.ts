/**
 * A small seeded pseudo-random number generator. Statistics that resample (the bootstrap) and
 * load generators that draw arrival times must give the same answer for the same seed, on every
 * machine and Node version, which `Math.random()` cannot promise.
 *
 * The core is splitmix32: a 32-bit counter advanced by the golden-ratio increment and passed
 * through an avalanche hash. Its period is 2^32 draws, far beyond what one bootstrap or one
 * benchmark schedule consumes, and it is fast because every step is a handful of 32-bit integer
 * operations. It is not cryptographically secure.
 */

/** A seed: an integer (used modulo 2^32) or any string (hashed to 32 bits). */
export type Seed = number | string;

/** A deterministic source of random draws; see {@link createRandom}. */
export interface SeededRandom {
  /** The 32-bit state the generator started from, after hashing a string seed. */
  readonly seed: number;
  /** A uniform draw in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** A uniform draw in [min, max). */
  uniform(min?: number, max?: number): number;
  /** A uniform integer in [0, n); `n` must be a positive integer up to 2^32. */
  int(n: number): number;
  /**
   * Fills `target` with uniform integers in [0, n), the same values as `target.length` calls of
   * `int(n)` but several times faster: the bootstrap draws millions of them.
   */
  fillInts(target: Uint32Array, n: number): void;
  /** A normal draw with the given mean and standard deviation (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /**
   * A log-normal draw: `exp(normal(mu, sigma))`. `mu` and `sigma` are the mean and standard
   * deviation of the logarithm, so the median of the draws is `exp(mu)`.
   */
  lognormal(mu?: number, sigma?: number): number;
  /** An exponential draw with the given rate (mean `1 / rate`), e.g. Poisson inter-arrival gaps. */
  exponential(rate?: number): number;
}

const TWO_POW_32 = 4_294_967_296;

/** FNV-1a over UTF-16 code units: a stable 32-bit hash so that string seeds are reproducible. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Reduces any seed to the generator's 32-bit starting state. */
export function seedToState(seed: Seed): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) {
    return seed >>> 0;
  }
  return hashString(String(seed));
}

/**
 * Creates a seeded generator. The same seed always yields the same sequence of draws.
 *
 * @example
 * ```ts
 * const rng = createRandom(42);
 * const latencyMs = rng.lognormal(Math.log(1200), 0.4); // median 1.2 s
 * const gapMs = rng.exponential(1 / 250); // Poisson arrivals, mean gap 250 ms
 * createRandom('nightly').next() === createRandom('nightly').next(); // true
 * ```
 */
export function createRandom(seed: Seed): SeededRandom {
  const initial = seedToState(seed);
  let state = initial;
  // Box-Muller yields normals in pairs; the second is kept for the next call.
  let spareNormal: number | null = null;

  const next = (): number => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / TWO_POW_32;
  };

  const checkIntBound = (n: number): void => {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new RangeError(`int(n) needs a positive integer n up to 2^32, got ${n}`);
    }
  };

  const standardNormal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    // 1 - next() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  return {
    seed: initial,
    next,
    uniform(min = 0, max = 1) {
      return min + (max - min) * next();
    },
    int(n) {
      checkIntBound(n);
      return Math.floor(next() * n);
    },
    fillInts(target, n) {
      checkIntBound(n);
      // The generator step is repeated inline: a call per draw costs more than the draw.
      let local = state;
      const scale = n / TWO_POW_32;
      for (let i = 0; i < target.length; i++) {
        local = (local + 0x9e3779b9) | 0;
        let z = local;
        z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
        z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
        z ^= z >>> 15;
        target[i] = Math.floor((z >>> 0) * scale);
      }
      state = local;
    },
    normal(mean = 0, sd = 1) {
      return mean + sd * standardNormal();
    },
    lognormal(mu = 0, sigma = 1) {
      return Math.exp(mu + sigma * standardNormal());
    },
    exponential(rate = 1) {
      if (!(rate > 0)) {
        throw new RangeError(`exponential(rate) needs a positive rate, got ${rate}`);
      }
      return -Math.log(1 - next()) / rate;
    },
  };
}
