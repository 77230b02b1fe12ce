/**
 * The baseline gate: compare the new benchmark with a baseline (bootstrap intervals and
 * Mann-Whitney U) and call a metric regressed when the comparison says it regressed
 * significantly AND its median moved by more than its --max-regression limit (success rate:
 * by more than that many percentage points). A `benchmark:ID` baseline is compared by the
 * server's compare endpoint; a file's samples in this process, by the same statistics code.
 */
import type { Comparison } from '@tfbench/contract';
import { compareRunRows } from '@tfbench/core/sample-comparison';
import type { ApiClient } from './api-client.js';
import { type GateableMetric, gatedMetrics, limitOf, type RegressionLimits } from './regression-limits.js';
import { compareRowsOf, type RunSamples } from './samples.js';

type Verdict = Comparison['verdict'];

/** What the gate reads of a comparison: the API's and the in-process one alike. */
export interface ComparedFigures {
  verdict: Verdict;
  metrics: Partial<Record<string, { verdict: Verdict; median_difference: { estimate_pct: number | null } }>>;
  success_rate: { verdict: Verdict; difference: number | null };
}

export interface BaselineCheck {
  metric: GateableMetric;
  /** Median change in percent (success rate: in percentage points); null when unknown. */
  change: number | null;
  verdict: Verdict;
  /** The largest change allowed (percent; success rate: percentage points). */
  max_change: number;
  /** Regressed significantly and beyond the allowed change. */
  regressed: boolean;
}

export interface BaselineResult {
  ref: string;
  /** The limit of every metric --max-regression does not name. */
  max_regression_pct: number;
  verdict: Verdict;
  checks: BaselineCheck[];
  regressed: boolean;
}

export async function compareWithBaseline(
  client: ApiClient,
  baseline: string,
  benchmarkId: number,
  limits: RegressionLimits,
): Promise<BaselineResult> {
  const query = new URLSearchParams({ a: baseline, b: `benchmark:${benchmarkId}` });
  const comparison = await client.request<Comparison>('GET', `/analytics/compare?${query}`);
  return baselineResult(comparison, baseline, limits);
}

/** The same gate against samples kept in a file, compared in this process. */
export function compareWithSamples(
  baseline: { label: string; samples: RunSamples },
  current: RunSamples,
  limits: RegressionLimits,
): BaselineResult {
  const comparison = compareRunRows(compareRowsOf(baseline.samples.runs), compareRowsOf(current.runs));
  return baselineResult(comparison, baseline.label, limits);
}

export function baselineResult(
  comparison: ComparedFigures,
  ref: string,
  limits: RegressionLimits,
): BaselineResult {
  const checks = gatedMetrics(limits).map((metric): BaselineCheck => {
    const { verdict, change } = figuresOf(comparison, metric);
    const max_change = limitOf(limits, metric);
    return {
      metric,
      change,
      verdict,
      max_change,
      regressed: verdict === 'regressed' && change !== null && Math.abs(change) > max_change,
    };
  });
  return {
    ref,
    max_regression_pct: limits.default,
    verdict: comparison.verdict,
    checks,
    regressed: checks.some((check) => check.regressed),
  };
}

function figuresOf(
  comparison: ComparedFigures,
  metric: GateableMetric,
): { verdict: Verdict; change: number | null } {
  if (metric === 'success_rate') {
    const rate = comparison.success_rate;
    return { verdict: rate.verdict, change: rate.difference === null ? null : rate.difference * 100 };
  }
  const compared = comparison.metrics[metric];
  if (!compared) return { verdict: 'no_significant_change', change: null };
  return { verdict: compared.verdict, change: compared.median_difference.estimate_pct };
}
