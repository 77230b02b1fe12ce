import { describe, expect, it } from 'vitest';
import { createRandom, mannWhitneyU } from '../src/statistics/index.js';

// SciPy's documented example for scipy.stats.mannwhitneyu (from Conover): ages of male and
// female workers. SciPy documents U1 = 17, exact p = 0.1111111111111111 and
// method="asymptotic" p = 0.11134688653314041.
const MALES = [19, 22, 16, 29, 24];
const FEMALES = [20, 11, 17, 12];

/** Two-sided exact p-value by enumerating every way to split the pooled values. */
function bruteForceExactP(a: readonly number[], b: readonly number[]): number {
  const pooled = [...a, ...b];
  const uOf = (group: readonly number[], others: readonly number[]) => {
    let u = 0;
    for (const x of group) for (const y of others) u += x > y ? 1 : x === y ? 0.5 : 0;
    return u;
  };
  const observed = uOf(a, b);
  const extreme = Math.max(observed, a.length * b.length - observed);
  let total = 0;
  let atLeast = 0;
  const choose = (start: number, chosen: number[]) => {
    if (chosen.length === a.length) {
      const group = chosen.map((i) => pooled[i] as number);
      const others = pooled.filter((_, i) => !chosen.includes(i));
      const u = uOf(group, others);
      total++;
      if (Math.max(u, a.length * b.length - u) >= extreme) atLeast++;
      return;
    }
    for (let i = start; i < pooled.length; i++) choose(i + 1, [...chosen, i]);
  };
  choose(0, []);
  // Counting max(U, n_a n_b - U) >= extreme over all splits is the two-sided exact p-value.
  return atLeast / total;
}

describe('mannWhitneyU', () => {
  it("reproduces SciPy's documented exact and asymptotic results", () => {
    const exact = mannWhitneyU(MALES, FEMALES);
    expect(exact).toMatchObject({ u_a: 17, u_b: 3, method: 'exact', z: null });
    expect(exact.p_value).toBeCloseTo(0.1111111111111111, 15);

    const asymptotic = mannWhitneyU(MALES, FEMALES, { method: 'asymptotic' });
    expect(asymptotic.method).toBe('asymptotic');
    expect(asymptotic.p_value).toBeCloseTo(0.11134688653314041, 12);
    // z of b = (3 - 10 + 0.5) / sqrt(5 * 4 * 10 / 12): b tends to be smaller.
    expect(asymptotic.z).toBeCloseTo(-6.5 / Math.sqrt(200 / 12), 12);
  });

  it('matches hand computations without continuity correction and with ties', () => {
    // U = 17 of 20 pairs, mean 10, sd sqrt(200/12): z = 7 / 4.0825 = 1.71464, p = 0.0864107.
    const noContinuity = mannWhitneyU(MALES, FEMALES, { method: 'asymptotic', continuity: false });
    expect(noContinuity.p_value).toBeCloseTo(0.0864107329737, 10);

    // Fully separated samples: U_a = 0, mean 4.5, variance 3 * 3 * 7 / 12 = 5.25,
    // z = (4.5 - 0.5) / sqrt(5.25) = 1.745743, p = 0.0808556 (R: wilcox.test(exact = FALSE)).
    const separated = mannWhitneyU([1, 2, 3], [4, 5, 6], { method: 'asymptotic' });
    expect(separated.u_a).toBe(0);
    expect(separated.p_value).toBeCloseTo(0.0808556, 6);

    // Ties: pooled 1, 2, 2, 2, 3, 4 gives a the ranks 1, 3, 3, so U_a = 7 - 6 = 1; the tie
    // group of three reduces the variance to (9 / 12) * (7 - 24 / 30) = 4.65;
    // z = (3.5 - 0.5) / sqrt(4.65) = 1.391217, p = 0.1641597.
    const tied = mannWhitneyU([1, 2, 2], [2, 3, 4]);
    expect(tied.method).toBe('asymptotic');
    expect(tied.u_a).toBe(1);
    expect(tied.z).toBeCloseTo(3 / Math.sqrt(4.65), 12);
    expect(tied.p_value).toBeCloseTo(0.1641597, 6);
  });

  it('computes the exact distribution that brute-force enumeration gives', () => {
    const rng = createRandom('mwu-exact');
    for (let trial = 0; trial < 20; trial++) {
      const nA = 1 + rng.int(6);
      const nB = 1 + rng.int(6);
      const a = Array.from({ length: nA }, () => rng.normal(0, 1));
      const b = Array.from({ length: nB }, () => rng.normal(0.5, 1));
      expect(mannWhitneyU(a, b, { method: 'exact' }).p_value).toBeCloseTo(bruteForceExactP(a, b), 12);
    }
  });

  it('is symmetric in its arguments', () => {
    const rng = createRandom('mwu-symmetry');
    const a = Array.from({ length: 40 }, () => Math.round(rng.normal(10, 3)));
    const b = Array.from({ length: 55 }, () => Math.round(rng.normal(11, 3)));
    const ab = mannWhitneyU(a, b);
    const ba = mannWhitneyU(b, a);
    expect(ba.u_a).toBe(ab.u_b);
    expect(ba.u_b).toBe(ab.u_a);
    expect(ba.p_value).toBeCloseTo(ab.p_value, 14);
    expect(ba.z).toBeCloseTo(-(ab.z as number), 14);
  });

  it('agrees between the exact and the asymptotic method at moderate sizes', () => {
    const rng = createRandom('mwu-agree');
    const a = Array.from({ length: 20 }, () => rng.normal(0, 1));
    const b = Array.from({ length: 20 }, () => rng.normal(0.6, 1));
    const exact = mannWhitneyU(a, b, { method: 'exact' }).p_value;
    const asymptotic = mannWhitneyU(a, b, { method: 'asymptotic' }).p_value;
    expect(Math.abs(exact - asymptotic)).toBeLessThan(0.005);
  });

  it('uses the exact method automatically only for small samples without ties', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).method).toBe('exact');
    expect(mannWhitneyU([1, 2, 2], [4, 5, 6]).method).toBe('asymptotic');
    const big = Array.from({ length: 21 }, (_, i) => i);
    expect(mannWhitneyU(big, [100]).method).toBe('asymptotic');
  });

  it('finds no evidence in degenerate samples and refuses what it cannot compute', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5]).p_value).toBe(1);
    expect(mannWhitneyU([], [1, 2]).p_value).toBe(1);
    expect(() => mannWhitneyU([1, 1], [2, 3], { method: 'exact' })).toThrow(RangeError);
    expect(() => mannWhitneyU([Number.NaN], [1])).toThrow(RangeError);
  });
});
