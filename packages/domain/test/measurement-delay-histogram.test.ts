import { describe, expect, it } from 'vitest';
import { DelayHistogram, summarizeDelays } from '../src/measurement/index.js';

describe('DelayHistogram', () => {
  it('summarizes only the samples between two snapshots', () => {
    const h = new DelayHistogram();
    h.record(500); // before the window: must not show up
    const before = h.snapshot();
    for (let i = 0; i < 99; i++) h.record(1.1);
    h.record(42.4);
    const after = h.snapshot();
    h.record(900); // after the window
    const s = summarizeDelays(before, after);
    expect(s.samples).toBe(100);
    expect(s.mean).toBeCloseTo((99 * 1.1 + 42.4) / 100, 9);
    expect(s.p50).toBe(1.25); // upper edge of the 0.25 ms bucket holding 1.1
    expect(s.p99).toBe(1.25); // nearest rank 99 of 100 is still 1.1
    expect(s.max).toBe(43); // upper edge of the 1 ms bucket holding 42.4
  });

  it('never reports less than the recorded value, within the documented resolution', () => {
    const h = new DelayHistogram();
    for (const value of [0, 0.1, 9.99, 10.01, 49.5, 199, 999, 9999, 119_000]) {
      const before = h.snapshot();
      h.record(value);
      const { max } = summarizeDelays(before, h.snapshot());
      expect(max as number).toBeGreaterThanOrEqual(value);
      expect(max as number).toBeLessThanOrEqual(Math.max(value * 1.1, value + 0.25));
    }
  });

  it('reports the overflow bucket with the value it is given', () => {
    const h = new DelayHistogram();
    const before = h.snapshot();
    h.record(300_000);
    expect(summarizeDelays(before, h.snapshot(), h.maxEver).max).toBe(300_000);
  });

  it('has no figures for an empty window and clamps negative delays to 0', () => {
    const h = new DelayHistogram();
    const snap = h.snapshot();
    expect(summarizeDelays(snap, h.snapshot())).toEqual({
      samples: 0,
      mean: null,
      p50: null,
      p99: null,
      max: null,
    });
    h.record(-3);
    expect(summarizeDelays(snap, h.snapshot())).toMatchObject({ samples: 1, mean: 0, max: 0.25 });
  });
});
