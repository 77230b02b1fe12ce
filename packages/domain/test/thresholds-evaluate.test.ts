import { describe, expect, it } from 'vitest';
import {
  evaluateThreshold,
  parseThreshold,
  runGoalVerdict,
  type ThresholdRun,
  ThresholdSyntaxError,
} from '../src/thresholds/index.js';

describe('evaluateThreshold', () => {
  const runs: ThresholdRun[] = [
    {
      status: 'completed',
      total_duration_ms: 1000,
      ttft_ms: 100,
      steps: 3,
      cost_usd: 0.1,
      assertions_passed: true,
    },
    {
      status: 'completed',
      total_duration_ms: 2000,
      ttft_ms: 300,
      steps: 5,
      cost_usd: 0.2,
      goal_success: false,
    },
    {
      status: 'completed',
      total_duration_ms: 3000,
      ttft_ms: null,
      steps: 7,
      cost_usd: 0.3,
      goal_success: true,
    },
    { status: 'completed', total_duration_ms: 4000, inter_token_stats: { mean: 250 }, cost_usd: 0.4 },
    { status: 'failed', total_duration_ms: 60000, ttft_ms: 5, cost_usd: 0.9 },
    { status: 'timeout', total_duration_ms: 120000 },
    { status: 'cancelled', total_duration_ms: 1 },
    { status: 'running' },
  ];
  const sample = { runs };

  it('aggregates over completed runs only, skipping missing values', () => {
    // Completed durations 1000..4000: p95 by linear interpolation = 3000 + 0.85 * 1000.
    expect(evaluateThreshold('p95(total_duration_ms) < 30000', sample)).toEqual({
      expression: 'p95(total_duration_ms) < 30000',
      observed: expect.closeTo(3850, 9),
      passed: true,
      n: 4,
    });
    expect(evaluateThreshold('p50(ttft_ms) < 2000', sample)).toMatchObject({ observed: 200, n: 2 });
    expect(evaluateThreshold('max(cost_usd) < 0.5', sample)).toMatchObject({ observed: 0.4, passed: true });
    expect(evaluateThreshold('min(total_duration_ms) >= 1s', sample)).toMatchObject({
      observed: 1000,
      passed: true,
    });
    expect(evaluateThreshold('mean(steps) == 5', sample)).toMatchObject({ observed: 5, passed: true, n: 3 });
    expect(evaluateThreshold('count(ttft_ms) >= 3', sample)).toMatchObject({
      observed: 2,
      passed: false,
      n: 2,
    });
    expect(evaluateThreshold('mean(itl_mean) < 300', sample)).toMatchObject({ observed: 250, n: 1 });
    // Population standard deviation of 1000, 2000, 3000, 4000 is sqrt(1.25e6).
    expect(evaluateThreshold('stddev(total_duration_ms) < 2000', sample).observed).toBeCloseTo(
      Math.sqrt(1.25e6),
      9,
    );
    expect(evaluateThreshold('p99(total_duration_ms) > 3990', sample)).toMatchObject({
      observed: expect.closeTo(3970, 9),
      passed: false,
    });
  });

  it('computes rates over runs with an outcome, leaving out cancelled and unfinished runs', () => {
    expect(evaluateThreshold('success_rate >= 0.95', sample)).toEqual({
      expression: 'success_rate >= 0.95',
      observed: 4 / 6,
      passed: false,
      n: 6,
    });
    expect(evaluateThreshold('error_rate <= 34%', sample)).toMatchObject({
      observed: 2 / 6,
      passed: true,
      n: 6,
    });
    // Goal verdicts: true (assertions passed), false, true (goal_success); the others have none.
    expect(evaluateThreshold('goal_success_rate > 0.6', sample)).toMatchObject({
      observed: 2 / 3,
      passed: true,
      n: 3,
    });
  });

  it('applies every operator', () => {
    const at = (operator: string, bound: number) =>
      evaluateThreshold(`max(steps) ${operator} ${bound}`, sample).passed;
    expect([at('<', 7), at('<=', 7), at('>', 7), at('>=', 7), at('==', 7), at('!=', 7)]).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
    expect([at('<', 8), at('>', 6), at('!=', 6)]).toEqual([true, true, true]);
  });

  it('does not pass when there is nothing to compute from', () => {
    const failedOnly = { runs: [{ status: 'failed', total_duration_ms: 10 }] };
    expect(evaluateThreshold('p95(total_duration_ms) < 30000', failedOnly)).toEqual({
      expression: 'p95(total_duration_ms) < 30000',
      observed: null,
      passed: false,
      n: 0,
    });
    expect(evaluateThreshold('count(total_duration_ms) == 0', failedOnly)).toMatchObject({
      observed: 0,
      passed: true,
    });
    expect(evaluateThreshold('success_rate >= 0.9', { runs: [] })).toMatchObject({
      observed: null,
      passed: false,
      n: 0,
    });
  });

  it('accepts a parsed threshold as well as text, and reports the canonical form', () => {
    const parsed = parseThreshold('p95( total_duration_ms )<30s');
    expect(evaluateThreshold(parsed, sample).expression).toBe('p95(total_duration_ms) < 30000');
    expect(() => evaluateThreshold('p95(total_duration_ms) 30000', sample)).toThrow(ThresholdSyntaxError);
  });

  it('derives a goal verdict as docs/metrics.md defines it', () => {
    expect(runGoalVerdict({ status: 'completed', assertions_passed: true })).toBe(true);
    expect(runGoalVerdict({ status: 'completed', assertions_passed: false })).toBe(false);
    expect(runGoalVerdict({ status: 'failed', assertions_passed: true })).toBe(false);
    expect(runGoalVerdict({ status: 'completed' })).toBeNull();
    expect(runGoalVerdict({ status: 'completed', assertions_passed: null })).toBeNull();
    // A verdict from the caller wins, including "no verdict".
    expect(runGoalVerdict({ status: 'completed', goal_success: false, assertions_passed: true })).toBe(false);
    expect(runGoalVerdict({ status: 'completed', goal_success: null, assertions_passed: true })).toBeNull();
  });
});

describe('token metrics', () => {
  const openaiRun = (tpot: number, speed: number) => ({
    status: 'completed',
    token_metrics: { tpot_ms: tpot, output_tokens_per_s: speed, output_tokens: 256, input_tokens: 20 },
  });

  it('reads tpot_ms and output_tokens_per_s from token_metrics, leaving runs without them out', () => {
    const runs = [openaiRun(20, 50), openaiRun(40, 25), { status: 'completed', ttft_ms: 100 }];
    expect(evaluateThreshold('p95(tpot_ms) < 50', { runs })).toMatchObject({ passed: true, n: 2 });
    expect(evaluateThreshold('mean(output_tokens_per_s) > 30', { runs })).toMatchObject({
      observed: 37.5,
      passed: true,
      n: 2,
    });
    expect(evaluateThreshold('max(output_tokens) == 256', { runs }).passed).toBe(true);
    expect(parseThreshold('p95(tpot_ms) < 0.05 s')).toMatchObject({ metric: 'tpot_ms', value: 50 });
  });
});
