/**
 * The dialog's load preview against the engine: at every sampled instant the preview's target
 * equals the engine's (rampedTargetAt for open ramps, the concurrency timeline for closed ones),
 * and the runs it announces are the arrivals the engine lays out.
 */
import {
  concurrencyTargetAt,
  concurrencyTimeline,
  rampedArrivalOffsetsMs,
  rampedTargetAt,
} from '@tfbench/core/benchmarks';
import { describe, expect, it } from 'vitest';
import { closedTargetAt, loadCurve, stageTargetAt } from '@/lib/load-curve';

const PROFILES = [
  {
    stages: [
      { duration_s: 1, target: 12 },
      { duration_s: 1, target: 4 },
    ],
    start: 0,
  },
  {
    stages: [
      { duration_s: 30, target: 20 },
      { duration_s: 60, target: 20 },
      { duration_s: 10, target: 0 },
    ],
    start: 0,
  },
  { stages: [{ duration_s: 4, target: 2 }], start: 0 },
  {
    stages: [
      { duration_s: 7.5, target: 9 },
      { duration_s: 2.5, target: 3 },
      { duration_s: 5, target: 3 },
    ],
    start: 5,
  },
];

describe('load curve preview', () => {
  it('gives the engine target at every instant of an open ramp', () => {
    for (const { stages, start } of PROFILES) {
      const total = stages.reduce((sum, s) => sum + s.duration_s, 0);
      for (let i = 0; i <= 400; i++) {
        const t = (total * i) / 400 + 0.5;
        expect(stageTargetAt(stages, start, t)).toBeCloseTo(rampedTargetAt(stages, start, t * 1000), 9);
      }
      // The polyline's corners are the stage targets, so drawing it straight between them is exact.
      const curve = loadCurve({ arrival: 'constant', stages, start, concurrency: 10, iterations: 1e6 });
      for (const point of curve.points) {
        expect(point.value).toBeCloseTo(rampedTargetAt(stages, start, point.t_s * 1000), 9);
      }
    }
  });

  it('gives the engine concurrency target of a closed ramp, rounding and cap included', () => {
    for (const { stages, start } of PROFILES) {
      const timeline = concurrencyTimeline(stages, start);
      const total = stages.reduce((sum, s) => sum + s.duration_s, 0);
      for (let i = 0; i < 1000; i++) {
        const t = (total * i) / 1000;
        // Away from the step instants themselves, where a half-way value rounds either way.
        const engine = concurrencyTargetAt(timeline, t * 1000 + 1e-6);
        const preview = closedTargetAt(stages, start, t + 1e-9, 1000);
        if (Math.abs(engine - preview) > 0) {
          const near = timeline.some((step) => Math.abs(step.at_ms - t * 1000) < 1e-3);
          expect(near, `t=${t}: engine ${engine}, preview ${preview}`).toBe(true);
        }
      }
    }
    expect(closedTargetAt([{ duration_s: 10, target: 50 }], 0, 10, 20)).toBe(20);
  });

  it('announces as many runs as the engine lays out for a constant ramp, at most iterations', () => {
    for (const { stages, start } of PROFILES) {
      const engine = rampedArrivalOffsetsMs({
        arrival: 'constant',
        stages,
        start_rate: start,
        max_count: 1e6,
        seed: 1,
      });
      const curve = loadCurve({ arrival: 'constant', stages, start, concurrency: 10, iterations: 1e6 });
      expect(curve.expected_runs).toBe(engine.length);
    }
    const capped = loadCurve({
      arrival: 'poisson',
      stages: PROFILES[0]?.stages ?? [],
      concurrency: 1,
      iterations: 5,
    });
    expect(capped.expected_runs).toBe(5);
    expect(
      loadCurve({ arrival: 'constant', stages: [], rate: 4, concurrency: 1, iterations: 20 }),
    ).toMatchObject({
      unit: 'rate',
      duration_s: 5,
      expected_runs: 20,
    });
  });
});
