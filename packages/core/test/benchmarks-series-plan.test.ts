/**
 * Sweep and search as pure decisions: the sweep's points lie evenly between the rates its
 * probes measured and each point's send times are those of a constant rate over its duration;
 * the search, played against a system with a known knee, ends with the knee inside its
 * interval, and judges each probe by the Wilson interval of its attainment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalOffsetsMs } from '../src/benchmarks/arrival-schedule.js';
import {
  nextSearchStep,
  type SearchBatch,
  type SearchProbe,
  saturationOf,
  searchProbes,
} from '../src/benchmarks/search-plan.js';
import { type SearchSettings, toSearchSettings } from '../src/benchmarks/series-settings.js';
import { nextSweepStep, sweepPointRuns, sweepRates } from '../src/benchmarks/sweep-plan.js';

describe('sweep', () => {
  it('runs the synchronous probe, the throughput probe, then N points between their rates', () => {
    const settings = { points: 4, duration_s_per_point: 5 };
    expect(nextSweepStep(settings, {}, 0)).toEqual({ kind: 'synchronous' });
    expect(nextSweepStep(settings, { synchronous: 2 }, 0)).toEqual({ kind: 'throughput' });
    const rates = [0, 1, 2, 3].map((i) => {
      const step = nextSweepStep(settings, { synchronous: 2, throughput: 11 }, i);
      expect(step).toMatchObject({ kind: 'point', index: i });
      return (step as { rate_per_s: number }).rate_per_s;
    });
    expect(rates).toEqual([2, 5, 8, 11]);
    expect(nextSweepStep(settings, { synchronous: 2, throughput: 11 }, 4)).toEqual({ kind: 'done' });
    expect(nextSweepStep(settings, { synchronous: null }, 0)).toMatchObject({ kind: 'failed' });
  });

  it('spaces N rates evenly from the measured min to the measured max, both included', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.integer({ min: 2, max: 50 }),
        (min, max, points) => {
          const rates = sweepRates(min, max, points);
          const high = Math.max(min, max);
          expect(rates).toHaveLength(points);
          expect(rates[0]).toBeCloseTo(min, 9);
          expect(rates.at(-1)).toBeCloseTo(high, 9);
          const gap = (high - min) / (points - 1);
          for (let i = 1; i < points; i++) {
            expect((rates[i] as number) - (rates[i - 1] as number)).toBeCloseTo(gap, 6);
          }
        },
      ),
    );
  });

  it("lays each point's sends at its constant rate, all within its duration", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 200, noNaN: true }),
        fc.double({ min: 1, max: 60, noNaN: true }),
        fc.integer({ min: 1, max: 100_000 }),
        (rate, durationS, maxRuns) => {
          const count = sweepPointRuns(rate, durationS, maxRuns);
          expect(count).toBeGreaterThanOrEqual(1);
          expect(count).toBeLessThanOrEqual(maxRuns);
          const offsets = arrivalOffsetsMs({ arrival: 'constant', rate_per_s: rate, count, seed: 1 });
          offsets.forEach((at, i) => {
            expect(at).toBeCloseTo((i * 1000) / rate, 6);
          });
          // Every send falls inside the point; unless capped, one more would not.
          if (count > 1) expect(offsets.at(-1) as number).toBeLessThan(durationS * 1000);
          if (count < maxRuns) expect((count * 1000) / rate).toBeGreaterThanOrEqual(durationS * 1000 - 1e-6);
        },
      ),
    );
  });
});

/** Runs the search against a system whose runs all meet the SLO up to `knee` and none beyond. */
function searchAgainstKnee(settings: SearchSettings, knee: number, runs = 30) {
  const batches: SearchBatch[] = [];
  for (let i = 0; i < 200; i++) {
    const decision = nextSearchStep(searchProbes(batches, settings), settings);
    if ('done' in decision) return saturationOf(searchProbes(batches, settings), settings, decision.done);
    const good = decision.next <= knee ? runs : 0;
    batches.push({ value: decision.next, benchmark_id: i + 1, good, n: runs });
  }
  throw new Error('the search did not end');
}

describe('search', () => {
  const over = (overWhat: 'rate' | 'concurrency', extra: object = {}) =>
    toSearchSettings({ target_attainment: 0.95, over: overWhat, ...extra }, 1000, 30) as SearchSettings;

  it('finds a concurrency knee exactly: the highest passing and the lowest failing load', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 900 }), (knee) => {
        const result = searchAgainstKnee(over('concurrency', { max_probes: 50 }), knee);
        expect(result.ended).toBe('converged');
        expect(result.value).toBe(knee);
        expect(result.ci).toEqual([knee, knee + 1]);
      }),
    );
  });

  it('doubles the load from start until a probe fails, then bisects', () => {
    const probed = (extra: object, knee: number) =>
      searchAgainstKnee(over('concurrency', extra), knee).probes.map((probe) => probe.value);
    expect(probed({}, 3)).toEqual([1, 2, 4, 3]);
    expect(probed({ start: 2 }, 3)).toEqual([2, 4, 3]);
    expect(probed({}, 5)).toEqual([1, 2, 4, 8, 6, 5]);
  });

  it('brackets a rate knee within the tolerance', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 5000, noNaN: true }), (knee) => {
        const settings = over('rate', { max_probes: 50, tolerance: 0.05 });
        const result = searchAgainstKnee(settings, knee);
        const [low, high] = result.ci as [number, number];
        expect(low).toBeLessThanOrEqual(knee);
        expect(high).toBeGreaterThan(knee);
        expect(high - low).toBeLessThanOrEqual(0.05 * high + 1e-9);
      }),
    );
  });

  it('reports the cap and a knee below the first probe', () => {
    expect(searchAgainstKnee(over('concurrency', { max: 40 }), 1000)).toMatchObject({
      value: 40,
      ci: [40, null],
      ended: 'max_reached',
    });
    expect(searchAgainstKnee(over('concurrency', { start: 8 }), 0)).toMatchObject({
      value: null,
      ci: [null, 1],
      ended: 'min_failed',
    });
  });

  it('runs an undecided probe again, pooling its batches, and lets the estimate decide at the cap', () => {
    const settings = over('concurrency', { max_runs_per_probe: 90 });
    // 28 of 30 good: the interval straddles 0.95.
    const batch = (id: number): SearchBatch => ({ value: 1, benchmark_id: id, good: 28, n: 30 });
    const one = searchProbes([batch(1)], settings);
    expect(one[0]).toMatchObject({ verdict: 'undecided', runs: 30 });
    expect(nextSearchStep(one, settings)).toEqual({ next: 1 });
    const three = searchProbes([batch(1), batch(2), batch(3)], settings);
    expect(three).toHaveLength(1);
    expect(three[0]).toMatchObject({ runs: 90, good: 84, verdict: 'fail', decided_by: 'estimate' });
    const [lower, upper] = (three[0] as SearchProbe).ci;
    expect(lower).toBeLessThan(84 / 90);
    expect(upper).toBeGreaterThan(84 / 90);
  });

  it('fails a probe whose interval lies below the target and passes one whose interval reaches it', () => {
    const settings = over('rate', { target_attainment: 0.5 });
    const [failed, passed] = searchProbes(
      [
        { value: 1, benchmark_id: 1, good: 2, n: 30 },
        { value: 2, benchmark_id: 2, good: 29, n: 30 },
      ],
      settings,
    );
    expect(failed).toMatchObject({ verdict: 'fail', decided_by: 'interval' });
    expect(passed).toMatchObject({ verdict: 'pass', decided_by: 'interval' });
  });
});
