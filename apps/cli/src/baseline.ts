/**
 * `--baseline benchmark:ID`: compare the new benchmark with a baseline through the API's
 * compare endpoint (bootstrap intervals and Mann-Whitney U), and call a metric regressed when
 * the comparison says it regressed significantly AND its median moved by more than the
 * allowed percentage (success rate: by more than that many percentage points).
 */
import type { Comparison } from '@tfbench/contract';
import type { ApiClient } from './api-client.js';

/** The latency metrics a baseline gates on, as the compare endpoint names them. */
const GATED_METRICS = ['total_duration_ms', 'ttft_ms'] as const;

export interface BaselineCheck {
  metric: string;
  /** Median change in percent (success rate: in percentage points); null when unknown. */
  change: number | null;
  verdict: 'improved' | 'regressed' | 'no_significant_change';
  /** Regressed significantly and beyond the allowed change. */
  regressed: boolean;
}

export interface BaselineResult {
  ref: string;
  max_regression_pct: number;
  verdict: Comparison['verdict'];
  checks: BaselineCheck[];
  regressed: boolean;
}

export async function compareWithBaseline(
  client: ApiClient,
  baseline: string,
  benchmarkId: number,
  maxRegressionPct: number,
): Promise<BaselineResult> {
  const query = new URLSearchParams({ a: baseline, b: `benchmark:${benchmarkId}` });
  const comparison = await client.request<Comparison>('GET', `/analytics/compare?${query}`);
  return baselineResult(comparison, baseline, maxRegressionPct);
}

export function baselineResult(
  comparison: Comparison,
  ref: string,
  maxRegressionPct: number,
): BaselineResult {
  const checks: BaselineCheck[] = GATED_METRICS.map((metric) => {
    const compared = comparison.metrics[metric];
    const change = compared.median_difference.estimate_pct;
    return {
      metric,
      change,
      verdict: compared.verdict,
      regressed: compared.verdict === 'regressed' && change !== null && Math.abs(change) > maxRegressionPct,
    };
  });
  const rate = comparison.success_rate;
  const points = rate.difference === null ? null : rate.difference * 100;
  checks.push({
    metric: 'success_rate',
    change: points,
    verdict: rate.verdict,
    regressed: rate.verdict === 'regressed' && points !== null && Math.abs(points) > maxRegressionPct,
  });
  return {
    ref,
    max_regression_pct: maxRegressionPct,
    verdict: comparison.verdict,
    checks,
    regressed: checks.some((check) => check.regressed),
  };
}
