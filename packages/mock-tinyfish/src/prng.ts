/**
 * A small seeded pseudo-random generator (mulberry32). The mock must replay the same
 * behaviour for the same seed and the same request order, which Math.random cannot give.
 * Quality is ample for latency models; it is not for cryptography.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform unsigned 32-bit integer; used to derive the seed of a child generator. */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. Always consumes one draw so the sequence stays aligned. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs at least one item');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * One of `kinds` drawn against their cumulative `rates` (the rest of [0, 1) is 'none'), or
   * `forced` when set ('none' included). Always consumes one draw, so the draws that follow do not shift when only
   * the rates or the forced kind change.
   */
  pickByRates<K extends string>(
    kinds: readonly K[],
    rates: Partial<Record<K, number>>,
    forced: K | 'none' | null,
  ): K | 'none' {
    const u = this.next();
    if (forced !== null) return forced;
    let edge = 0;
    for (const kind of kinds) {
      edge += rates[kind] ?? 0;
      if (u < edge) return kind;
    }
    return 'none';
  }

  /**
   * Standard normal deviate by Box-Muller. Always consumes two draws (the second deviate is
   * discarded) so that the number of draws per call is fixed and runs stay reproducible.
   */
  standardNormal(): number {
    // 1 - next() lies in (0, 1], so the logarithm is finite.
    const u1 = 1 - this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/** A fresh non-deterministic 32-bit seed, for servers started without one. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}
