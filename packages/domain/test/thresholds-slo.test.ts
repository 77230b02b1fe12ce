/**
 * Per-request SLOs: a run is good when it completed within every bound given; attainment and
 * goodput in the threshold language read the sample's SLO.
 */
import { describe, expect, it } from 'vitest';
import {
  countGoodRuns,
  evaluateThreshold,
  measurementWindowS,
  meetsSlo,
  parseThreshold,
  type ThresholdRun,
} from '../src/thresholds/index.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

const runs: ThresholdRun[] = [
  {
    status: 'completed',
    ttft_ms: 100,
    total_duration_ms: 900,
    inter_token_stats: { mean: 20 },
    started_at: at(0),
    finished_at: at(1),
  },
  {
    status: 'completed',
    ttft_ms: 600,
    total_duration_ms: 900,
    inter_token_stats: { mean: 20 },
    started_at: at(1),
    finished_at: at(2),
  },
  {
    status: 'completed',
    ttft_ms: 100,
    total_duration_ms: 900,
    inter_token_stats: { mean: 80 },
    started_at: at(2),
    finished_at: at(3),
  },
  { status: 'failed', ttft_ms: 100, total_duration_ms: 100, started_at: at(3), finished_at: at(4) },
  { status: 'cancelled' },
];

describe('per-request SLOs', () => {
  it('marks a run good when it completed within every bound given', () => {
    const slo = { ttft_ms: 500, itl_ms: 50 };
    expect(runs.map((run) => meetsSlo(run, slo))).toEqual([true, false, false, false, false]);
    expect(meetsSlo({ status: 'completed', ttft_ms: 500 }, { ttft_ms: 500 })).toBe(true);
    // A bound on a figure the run does not have is not met.
    expect(meetsSlo({ status: 'completed', ttft_ms: 10 }, { tpot_ms: 50 })).toBe(false);
    expect(meetsSlo({ status: 'completed', token_metrics: { tpot_ms: 10 } }, { tpot_ms: 50 })).toBe(true);
  });

  it('counts good runs over the runs with an outcome and measures the window from first start to last finish', () => {
    expect(countGoodRuns(runs, { ttft_ms: 500 })).toEqual({ good: 2, n: 4 });
    expect(measurementWindowS(runs)).toBe(4);
    expect(measurementWindowS([{ status: 'completed' }])).toBeNull();
  });

  it('reads attainment and goodput in the threshold language by the sample SLO', () => {
    expect(parseThreshold('attainment >= 95%')).toMatchObject({
      kind: 'rate',
      rate: 'attainment',
      value: 0.95,
    });
    expect(parseThreshold('goodput > 10')).toMatchObject({ kind: 'total', total: 'goodput', value: 10 });
    const slo = { ttft_ms: 500 };
    expect(evaluateThreshold('attainment >= 0.5', { runs, slo })).toEqual({
      expression: 'attainment >= 0.5',
      observed: 0.5,
      passed: true,
      n: 4,
    });
    expect(evaluateThreshold('goodput > 0.4', { runs, slo })).toMatchObject({
      observed: 0.5,
      passed: true,
      n: 4,
    });
    // Without an SLO neither has a value, so neither passes.
    expect(evaluateThreshold('attainment >= 0', { runs })).toMatchObject({ observed: null, passed: false });
    expect(evaluateThreshold('goodput >= 0', { runs })).toMatchObject({ observed: null, passed: false });
    expect(evaluateThreshold('cost_usd >= 0', { runs })).toMatchObject({ observed: 0, passed: true });
  });
});
