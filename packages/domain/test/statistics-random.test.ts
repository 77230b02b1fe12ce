import { describe, expect, it } from 'vitest';
import { createRandom, seedToState } from '../src/statistics/index.js';

function draws(count: number, draw: () => number): number[] {
  return Array.from({ length: count }, draw);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function variance(values: readonly number[]): number {
  const m = mean(values);
  return values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length;
}

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    const first = createRandom(42);
    const second = createRandom(42);
    const sequence = draws(1000, () => first.next());
    expect(draws(1000, () => second.next())).toEqual(sequence);
    expect(draws(1000, () => createRandom(43).next())).not.toEqual(sequence);
    expect(draws(5, createRandom('nightly').next)).toEqual(draws(5, createRandom('nightly').next));
  });

  it('keeps its sequence stable across releases (stored seeds must keep their meaning)', () => {
    // Pinned outputs of splitmix32 for seed 1; a change here silently changes every stored
    // comparison and benchmark schedule, so it must be deliberate.
    const rng = createRandom(1);
    expect(draws(3, rng.next).map((v) => Math.round(v * 2 ** 32))).toEqual([
      1580013426, 350525680, 3524174333,
    ]);
  });

  it('reduces seeds to 32 bits: integers modulo 2^32, anything else hashed', () => {
    expect(seedToState(7)).toBe(7);
    expect(seedToState(2 ** 32 + 7)).toBe(7);
    expect(seedToState(-1)).toBe(2 ** 32 - 1);
    expect(seedToState('a')).toBe(seedToState('a'));
    expect(seedToState('a')).not.toBe(seedToState('b'));
    expect(seedToState(1.5)).toBe(seedToState('1.5'));
    expect(createRandom('x').seed).toBe(seedToState('x'));
  });

  it('draws uniforms in [0, 1) with the moments of U(0, 1) and no bin starved', () => {
    const rng = createRandom(3);
    const values = draws(100_000, rng.next);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 2);
    expect(variance(values)).toBeCloseTo(1 / 12, 3);
    // Chi-square over 10 equal bins: 9 degrees of freedom, 27.9 is the 0.999 quantile.
    const bins = new Array<number>(10).fill(0);
    for (const v of values) bins[Math.floor(v * 10)] = (bins[Math.floor(v * 10)] as number) + 1;
    const expected = values.length / 10;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.9);
  });

  it('draws uniforms in a range and integers below n', () => {
    const rng = createRandom(4);
    const uniforms = draws(10_000, () => rng.uniform(5, 7));
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...uniforms)).toBeLessThan(7);
    const integers = draws(10_000, () => rng.int(6));
    expect(new Set(integers)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.fillInts(new Uint32Array(1), -1)).toThrow(RangeError);
    expect(() => rng.int(2.5)).toThrow(RangeError);
  });

  it('fills integer arrays with exactly the draws that int(n) would give', () => {
    const batch = new Uint32Array(1000);
    createRandom(8).fillInts(batch, 37);
    const single = createRandom(8);
    expect(Array.from(batch)).toEqual(draws(1000, () => single.int(37)));
    // The state carries on after a batch as after single draws.
    const afterBatch = createRandom(9);
    afterBatch.fillInts(new Uint32Array(10), 5);
    const afterSingles = createRandom(9);
    for (let i = 0; i < 10; i++) afterSingles.int(5);
    expect(afterBatch.next()).toBe(afterSingles.next());
  });

  it('draws normals with the requested mean and standard deviation', () => {
    const rng = createRandom(5);
    const values = draws(100_000, () => rng.normal(10, 2));
    expect(mean(values)).toBeCloseTo(10, 1);
    expect(Math.sqrt(variance(values))).toBeCloseTo(2, 1);
    // About 95.45% within two standard deviations.
    const within = values.filter((v) => Math.abs(v - 10) < 4).length / values.length;
    expect(within).toBeGreaterThan(0.95);
    expect(within).toBeLessThan(0.959);
  });

  it('draws log-normals whose median is exp(mu) and whose logarithms have sd sigma', () => {
    const rng = createRandom(6);
    const values = draws(100_001, () => rng.lognormal(Math.log(1000), 0.5));
    const sorted = [...values].sort((x, y) => x - y);
    expect((sorted[50_000] as number) / 1000).toBeCloseTo(1, 1);
    expect(Math.sqrt(variance(values.map(Math.log)))).toBeCloseTo(0.5, 2);
    expect(Math.min(...values)).toBeGreaterThan(0);
  });

  it('draws exponentials with mean 1 / rate and rejects a non-positive rate', () => {
    const rng = createRandom(7);
    const values = draws(100_000, () => rng.exponential(1 / 250));
    expect(mean(values) / 250).toBeCloseTo(1, 1);
    // P(X > mean) = 1/e for an exponential.
    expect(values.filter((v) => v > 250).length / values.length).toBeCloseTo(Math.exp(-1), 2);
    expect(() => rng.exponential(0)).toThrow(RangeError);
  });
});
