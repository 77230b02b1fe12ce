/**
 * The totals a sweep or search reports over its steps: runs by outcome summed, cost summed over
 * the steps that report one, the span from the earliest start to the latest finish, and the
 * steps' verdicts counted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesTotals } from '../src/benchmarks/series-totals.js';

describe('seriesTotals', () => {
  it('sums runs and cost and spans the steps, counting their verdicts', () => {
    const totals = seriesTotals([
      {
        summary: {
          cost_usd: 0.25,
          first_started_at: '2026-01-01T00:00:10.000Z',
          last_finished_at: '2026-01-01T00:00:40.000Z',
        },
        measured: { completed: 8, failed: 1, timeout: 1 },
        verdict: 'passed',
      },
      {
        summary: {
          cost_usd: null,
          first_started_at: '2026-01-01T00:00:41.000Z',
          last_finished_at: '2026-01-01T00:01:10.500Z',
        },
        measured: { completed: 3, cancelled: 2, pending: 1 },
        verdict: 'failed',
      },
      {
        summary: { cost_usd: 0.5, first_started_at: '2026-01-01T00:00:05.000Z', last_finished_at: null },
        measured: { completed: 4 },
        verdict: 'no_thresholds',
      },
    ]);
    expect(totals).toEqual({
      steps: 3,
      steps_passed: 1,
      steps_failed: 1,
      runs: 20,
      completed: 15,
      failed: 1,
      timed_out: 1,
      cancelled: 2,
      cost_usd: 0.75,
      first_started_at: '2026-01-01T00:00:05.000Z',
      last_finished_at: '2026-01-01T00:01:10.500Z',
      duration_s: 65.5,
    });
  });

  it('reports nothing measured for no steps, and no cost or span where no step has one', () => {
    expect(seriesTotals([])).toMatchObject({ steps: 0, runs: 0, cost_usd: null, duration_s: null });
    expect(seriesTotals([{ summary: {}, measured: { running: 2 }, verdict: null }])).toMatchObject({
      steps: 1,
      runs: 2,
      completed: 0,
      cost_usd: null,
      first_started_at: null,
      duration_s: null,
    });
  });

  it('gives the totals of all steps whatever their order, and the sum of its parts', () => {
    const step = fc.record({
      summary: fc.record({ cost_usd: fc.option(fc.integer({ min: 0, max: 1000 }).map((c) => c / 100)) }),
      measured: fc.record({ completed: fc.nat(50), failed: fc.nat(50), timeout: fc.nat(50) }),
      verdict: fc.constantFrom('passed' as const, 'failed' as const, 'no_thresholds' as const, null),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), (steps) => {
        const totals = seriesTotals(steps);
        const reversed = seriesTotals([...steps].reverse());
        expect(reversed.runs).toBe(totals.runs);
        expect(reversed.cost_usd ?? 0).toBeCloseTo(totals.cost_usd ?? 0, 9);
        expect(totals.runs).toBe(totals.completed + totals.failed + totals.timed_out);
        expect(totals.steps_passed + totals.steps_failed).toBeLessThanOrEqual(totals.steps);
      }),
    );
  });
});
