/**
 * The engine bench's send-time precision verdicts (bench/lib/precision-targets.ts) and the
 * bare timer scheduler they compare against (bench/lib/timer-baseline.ts): arithmetic and
 * accounting only, never speed.
 */
import { describe, expect, it } from 'vitest';
import type { OpenEnginePhase } from '../bench/lib/engine-phase.js';
import type { BenchPhase, EngineComparison } from '../bench/lib/engine-summary.js';
import { checkPrecisionTargets, PRECISION_TARGETS } from '../bench/lib/precision-targets.js';
import { distributionOf } from '../bench/lib/run-timings.js';
import { runTimerBaseline } from '../bench/lib/timer-baseline.js';

const lag = (p50: number, p99: number) => ({ count: 100, p50, p90: p99, p99, max: p99, mean: p50 });

const open = (variant: 'pg' | 'embedded', engine: [number, number], timers: [number, number], dropped = 0) =>
  ({
    variant,
    load: { ratePerS: 150, runs: 100, ofClosed: { fraction: 0.5, closedRunsPerSecond: 300 } },
    open: { dropped, scheduleLagMs: lag(...engine), early: { count: 0, earliestMs: null } },
    timers: { ratePerS: 150, scheduled: 100, lagMs: lag(...timers) },
  }) as unknown as OpenEnginePhase;

const comparison = (variant: 'pg' | 'embedded', engine: number, bare: number): EngineComparison => ({
  variant,
  engineRunsPerSecond: engine,
  baselineRunsPerSecond: bare,
  ratio: engine / bare,
  dispatchP50Ms: null,
  dispatchP99Ms: null,
});

describe('send-time precision verdicts', () => {
  it('holds each variant to its own lag bound, to twice the bare timers, and the closed loop to 25 %', () => {
    const phases: BenchPhase[] = [
      { kind: 'open', result: open('embedded', [1, 19], [1, 10]) },
      { kind: 'open', result: open('pg', [2, 11], [1, 6]) },
    ];
    const checks = checkPrecisionTargets(
      [comparison('embedded', 300, 1000), comparison('pg', 240, 1000)],
      phases,
    );
    expect(checks.map((c) => [c.what.split(':')[0], c.met])).toEqual([
      ['embedded', true],
      ['embedded', true],
      ['PostgreSQL + Redis', false],
      ['PostgreSQL + Redis', true],
      ['embedded', true],
      ['PostgreSQL + Redis', false],
    ]);
    expect(checks[2]!.detail).toContain('misses by 1.0 ms');
    expect(checks[5]!.detail).toContain('needs 250 runs/s');
    expect(PRECISION_TARGETS.maxLagP99Ms).toEqual({ pg: 10, embedded: 20 });
  });

  it('misses the ratio when either percentile is more than twice the timers, and the bound on any drop', () => {
    const [, ratio] = checkPrecisionTargets([], [{ kind: 'open', result: open('pg', [3, 8], [1, 6]) }]);
    expect(ratio!.met).toBe(false);
    expect(ratio!.detail).toContain('(3.00x)');
    const [bound] = checkPrecisionTargets([], [{ kind: 'open', result: open('pg', [1, 5], [1, 6], 1) }]);
    expect(bound!.met).toBe(false);
    expect(bound!.detail).toContain('1 arrival(s) dropped');
  });

  it('reads lags below the timers resolution (1 ms) as 1 ms on both sides of the ratio', () => {
    // A sub-millisecond median either side of zero is setTimeout's whole-millisecond rounding.
    const [, ratio] = checkPrecisionTargets(
      [],
      [{ kind: 'open', result: open('pg', [0.9, 1.8], [-0.2, 0.5]) }],
    );
    expect(ratio!.met).toBe(true);
    expect(ratio!.detail).toContain('(1.00x)');
    expect(ratio!.detail).toContain('(1.80x)');
    const [, late] = checkPrecisionTargets(
      [],
      [{ kind: 'open', result: open('pg', [2.5, 1.8], [0.05, 0.5]) }],
    );
    expect(late!.met).toBe(false);
    expect(late!.detail).toContain('(2.50x)');
  });

  it('says how many runs were sent before their instant', () => {
    const phase = open('pg', [1, 5], [1, 6]);
    phase.open.early = { count: 3, earliestMs: -0.42 };
    const [bound] = checkPrecisionTargets([], [{ kind: 'open', result: phase }]);
    expect(bound!.met).toBe(true);
    expect(bound!.detail).toContain('3 sent early, earliest 0.42 ms before');
  });

  it('the bare scheduler fires every timer once and measures each against its own instant', async () => {
    const result = await runTimerBaseline({ ratePerS: 200, count: 20, startAtMs: Date.now() + 20 });
    expect(result.scheduled).toBe(20);
    expect(result.lagMs.count).toBe(20);
    // Timers never fire more than a clock tick early.
    expect(result.lagMs.p50!).toBeGreaterThanOrEqual(-2);
    expect((await runTimerBaseline({ ratePerS: 1, count: 0 })).lagMs).toEqual(distributionOf([]));
  });
});
