/** Judges a scheduled scenario's latest runs against the baseline before them: latency and success rate. */
import { compare, compareRates } from '@tfbench/domain/statistics';
import type { Verdict, WindowRun } from './evaluation-types.js';
import type { RegressionSettings } from './settings.js';

function metricOf(run: WindowRun, metric: RegressionSettings['metric']): number | null | undefined {
  switch (metric) {
    case 'itl_mean':
      return run.inter_token_stats?.mean;
    case 'time_to_first_answer_token_ms':
    case 'tpot_ms':
    case 'output_tokens_per_s':
      return run.token_metrics?.[metric];
    default:
      return run[metric];
  }
}

export function regressionVerdicts(settings: RegressionSettings, runs: readonly WindowRun[]): Verdict[] {
  const values: number[] = [];
  const outcomes: boolean[] = [];
  for (const run of runs) {
    if (run.status === 'completed') {
      const value = metricOf(run, settings.metric);
      if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
    }
    if (run.status === 'completed' || run.status === 'failed' || run.status === 'timeout') {
      outcomes.push(run.status === 'completed');
    }
  }
  const base = {
    alpha: settings.alpha,
    window_runs: settings.windowRuns,
    baseline_runs: settings.baselineRuns,
  };

  const metricVerdict = judgeWindow(settings, `regression(${settings.metric})`, values, {
    noData: (latest, baseline) => ({
      ...base,
      metric: settings.metric,
      latest_values: latest.length,
      baseline_values: baseline.length,
    }),
    judge: (baseline, latest) => {
      const comparison = compare(baseline, latest, {
        alpha: settings.alpha,
        iterations: 1_000,
        // Only throughput is better higher; every other metric is a latency or a cost.
        better: settings.metric === 'output_tokens_per_s' ? 'higher' : 'lower',
      });
      return {
        regressed: comparison.verdict === 'regressed',
        observed: comparison.b.p50,
        details: {
          ...base,
          metric: settings.metric,
          baseline: { ...comparison.a },
          latest: { ...comparison.b },
          difference_pct: { ...comparison.difference_pct },
          median_difference: { ...comparison.median_difference },
          p_value: comparison.mann_whitney?.p_value ?? null,
          verdict: comparison.verdict,
        },
      };
    },
  });

  const rateVerdict = judgeWindow(settings, 'regression(success_rate)', outcomes, {
    noData: () => base,
    judge: (baseline, latest) => {
      const successes = (list: boolean[]) => list.filter(Boolean).length;
      const rates = compareRates(successes(baseline), baseline.length, successes(latest), latest.length, {
        alpha: settings.alpha,
      });
      return {
        regressed: rates.verdict === 'regressed',
        observed: rates.b.rate,
        details: {
          ...base,
          baseline: { ...rates.a },
          latest: { ...rates.b },
          difference: rates.difference,
          ci_lower: rates.ci_lower,
          ci_upper: rates.ci_upper,
          verdict: rates.verdict,
        },
      };
    },
  });
  return [metricVerdict, rateVerdict];
}

/**
 * One regression verdict over `list` (newest first): the latest window, then the baseline right
 * before it. Too few of either is no_data; otherwise `judge` compares the two.
 */
function judgeWindow<T>(
  settings: RegressionSettings,
  rule: string,
  list: readonly T[],
  how: {
    noData: (latest: T[], baseline: T[]) => Verdict['details'];
    judge: (
      baseline: T[],
      latest: T[],
    ) => { regressed: boolean; observed: number | null; details: Verdict['details'] };
  },
): Verdict {
  const latest = list.slice(0, settings.windowRuns);
  const baseline = list.slice(settings.windowRuns, settings.windowRuns + settings.baselineRuns);
  if (latest.length < settings.minRuns || baseline.length < settings.minRuns) {
    return {
      kind: 'regression',
      rule,
      status: 'no_data',
      observed: null,
      n: latest.length,
      details: how.noData(latest, baseline),
    };
  }
  const { regressed, observed, details } = how.judge(baseline, latest);
  return {
    kind: 'regression',
    rule,
    status: regressed ? 'breached' : 'ok',
    observed,
    n: latest.length,
    details,
  };
}
