import { describe, expect, it } from 'vitest';
import { billedSteps, runCostUsd } from '../src/cost.js';

describe('cost', () => {
  it('bills completed runs per step, rounded to micro-dollars', () => {
    expect(runCostUsd({ status: 'completed', billed_steps: 12, cost_per_step_usd: 0.016 })).toBe(0.192);
    expect(runCostUsd({ status: 'completed', billed_steps: 3, cost_per_step_usd: 0.016 })).toBe(0.048);
    expect(runCostUsd({ status: 'completed', billed_steps: 0, cost_per_step_usd: 0.016 })).toBe(0);
  });

  it('bills nothing for failed, cancelled and timed-out runs', () => {
    for (const status of ['failed', 'cancelled', 'timeout'] as const) {
      expect(runCostUsd({ status, billed_steps: 40, cost_per_step_usd: 0.016 })).toBe(0);
    }
  });

  it('says unknown (null) rather than 0 when a completed run has no step count', () => {
    expect(runCostUsd({ status: 'completed', billed_steps: null, cost_per_step_usd: 0.016 })).toBeNull();
    expect(() => runCostUsd({ status: 'completed', billed_steps: 1, cost_per_step_usd: -1 })).toThrow(
      RangeError,
    );
  });

  it("prefers the upstream's step count over our own", () => {
    expect(billedSteps(7, 5)).toBe(7);
    expect(billedSteps(null, 5)).toBe(5);
    expect(billedSteps(undefined, null)).toBeNull();
  });
});
