/**
 * Ramping load profiles: each profile's timeline of intended send times (and concurrency
 * targets) matches its definition, checked as properties over generated stages. Time is a
 * number here: the timeline is computed before a benchmark starts, and the closed-loop check
 * drives a fake clock through the run ends and target changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arrivalOffsetsMs,
  concurrencyTargetAt,
  concurrencyTimeline,
  type LoadStage,
  nextConcurrencyStep,
  rampedArrivalOffsetsMs,
  rampedTargetAt,
  stagesDurationMs,
} from '../src/benchmarks/index.js';

/** Λ(t): expected arrivals by `atMs`, integrated stage by stage (independent of the code under test). */
function expectedArrivals(stages: readonly LoadStage[], start: number, atMs: number): number {
  let total = 0;
  let from = start;
  let stageStart = 0;
  for (const stage of stages) {
    const length = stage.duration_s * 1000;
    const within = Math.min(Math.max(0, atMs - stageStart), length);
    const rateAtEnd = from + ((stage.target - from) * within) / length;
    total += (((from + rateAtEnd) / 2) * within) / 1000;
    from = stage.target;
    stageStart += length;
  }
  return total;
}

const rateStage = fc.record({
  duration_s: fc.double({ min: 0.5, max: 60, noNaN: true }),
  target: fc.double({ min: 0, max: 50, noNaN: true }),
});
const rateStages = fc.array(rateStage, { minLength: 1, maxLength: 5 });
const startRate = fc.double({ min: 0, max: 50, noNaN: true });

describe('ramping arrival rate (constant)', () => {
  it('puts arrival k where the expected count reaches k, inside the profile, ascending', () => {
    fc.assert(
      fc.property(rateStages, startRate, (stages, start) => {
        const offsets = rampedArrivalOffsetsMs({
          arrival: 'constant',
          stages,
          start_rate: start,
          max_count: 100_000,
          seed: 1,
        });
        const total = expectedArrivals(stages, start, stagesDurationMs(stages));
        // Arrivals at Λ = 0, 1, ..., the last below the total (give or take rounding at an integer).
        expect(offsets.length).toBeGreaterThanOrEqual(Math.ceil(total - 1e-6));
        expect(offsets.length).toBeLessThanOrEqual(Math.ceil(total + 1e-6));
        offsets.forEach((at, k) => {
          expect(at).toBeGreaterThanOrEqual(0);
          expect(at).toBeLessThanOrEqual(stagesDurationMs(stages) + 1e-6);
          if (k > 0) expect(at).toBeGreaterThanOrEqual(offsets[k - 1]!);
          expect(expectedArrivals(stages, start, at)).toBeCloseTo(k, 5);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('is the constant schedule on a flat stage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 30 }), (rate, seconds) => {
        const ramped = rampedArrivalOffsetsMs({
          arrival: 'constant',
          stages: [{ duration_s: seconds, target: rate }],
          start_rate: rate,
          max_count: 100_000,
          seed: 1,
        });
        const flat = arrivalOffsetsMs({
          arrival: 'constant',
          rate_per_s: rate,
          count: rate * seconds,
          seed: 1,
        });
        expect(ramped.length).toBe(flat.length);
        for (const [k, at] of ramped.entries()) expect(at).toBeCloseTo(flat[k]!, 6);
      }),
    );
  });

  it('stops at max_count', () => {
    const offsets = rampedArrivalOffsetsMs({
      arrival: 'constant',
      stages: [{ duration_s: 10, target: 100 }],
      start_rate: 0,
      max_count: 7,
      seed: 1,
    });
    expect(offsets).toHaveLength(7);
  });

  it('ramps the rate: 0 to 10/s over 10 s then 10/s for 10 s gives 50 + 100 arrivals', () => {
    const offsets = rampedArrivalOffsetsMs({
      arrival: 'constant',
      stages: [
        { duration_s: 10, target: 10 },
        { duration_s: 10, target: 10 },
      ],
      start_rate: 0,
      max_count: 1000,
      seed: 1,
    });
    expect(offsets).toHaveLength(150);
    expect(offsets.filter((at) => at < 10_000)).toHaveLength(50);
    // Λ(t) = t^2 / 2 on the ramp: the 8th arrival (Λ = 8) is at 4 s.
    expect(offsets[8]).toBeCloseTo(4000, 6);
  });
});

describe('ramping arrival rate (poisson)', () => {
  it('is seeded, ascending, inside the profile, and its rescaled gaps have mean 1', () => {
    const stages = [
      { duration_s: 100, target: 200 },
      { duration_s: 50, target: 20 },
    ];
    const options = { arrival: 'poisson' as const, stages, start_rate: 10, max_count: 100_000, seed: 9 };
    const a = rampedArrivalOffsetsMs(options);
    expect(a).toEqual(rampedArrivalOffsetsMs(options));
    expect(a).not.toEqual(rampedArrivalOffsetsMs({ ...options, seed: 10 }));
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThanOrEqual(a[i - 1]!);
    expect(a[a.length - 1]!).toBeLessThanOrEqual(150_000);
    // Time rescaling: Λ at consecutive arrivals differs by unit exponential draws.
    const gaps = a
      .slice(1)
      .map((at, i) => expectedArrivals(stages, 10, at) - expectedArrivals(stages, 10, a[i]!));
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    // n ≈ 15,000 draws: the standard error of the mean is ~0.008.
    expect(mean).toBeGreaterThan(0.96);
    expect(mean).toBeLessThan(1.04);
  });
});

const concurrencyStages = fc.array(
  fc.record({
    duration_s: fc.double({ min: 0.5, max: 60, noNaN: true }),
    target: fc.integer({ min: 0, max: 200 }),
  }),
  { minLength: 1, maxLength: 5 },
);

describe('ramping concurrency', () => {
  it('the step function is the linear target rounded, at every moment', () => {
    fc.assert(
      fc.property(
        concurrencyStages,
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (stages, start, fractions) => {
          const timeline = concurrencyTimeline(stages, start);
          expect(timeline[0]).toEqual({ at_ms: 0, target: start });
          for (let i = 1; i < timeline.length; i++) {
            expect(timeline[i]!.at_ms).toBeGreaterThanOrEqual(timeline[i - 1]!.at_ms);
            expect(Math.abs(timeline[i]!.target - timeline[i - 1]!.target)).toBe(1);
          }
          const end = stagesDurationMs(stages);
          for (const fraction of fractions) {
            const at = fraction * end;
            const linear = rampedTargetAt(stages, start, at);
            expect(Math.abs(concurrencyTargetAt(timeline, at) - linear)).toBeLessThanOrEqual(0.5 + 1e-6);
          }
          expect(concurrencyTargetAt(timeline, end)).toBe(stages[stages.length - 1]!.target);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a closed loop driven on a fake clock never starts a run beyond the target', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            duration_s: fc.double({ min: 0.5, max: 20, noNaN: true }),
            target: fc.integer({ min: 0, max: 20 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.integer({ min: 50, max: 3000 }), { minLength: 1, maxLength: 50 }),
        (stages, durations) => {
          const timeline = concurrencyTimeline(stages, 1);
          const end = stagesDurationMs(stages);
          // The driver's rule: at each step (a run ended, or the target changed), start runs
          // until the in-flight count reaches the target of that moment.
          let now = 0;
          let inFlight: number[] = [];
          let started = 0;
          for (let guard = 0; guard < 100_000 && now < end; guard++) {
            inFlight = inFlight.filter((endsAt) => endsAt > now);
            const target = concurrencyTargetAt(timeline, now);
            while (inFlight.length < target) {
              inFlight.push(now + durations[started % durations.length]!);
              started++;
              expect(inFlight.length).toBeLessThanOrEqual(target);
            }
            const nextEnd = Math.min(...inFlight, Number.POSITIVE_INFINITY);
            const nextChange = nextConcurrencyStep(timeline, now)?.at_ms ?? Number.POSITIVE_INFINITY;
            now = Math.min(nextEnd, nextChange, end);
          }
          expect(now).toBe(end);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('ramps 0 -> 2 over 4 s with a step at each half-way crossing', () => {
    expect(concurrencyTimeline([{ duration_s: 4, target: 2 }], 0)).toEqual([
      { at_ms: 0, target: 0 },
      { at_ms: 1000, target: 1 },
      { at_ms: 3000, target: 2 },
    ]);
  });
});
