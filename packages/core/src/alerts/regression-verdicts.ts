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

  // Newest first: the latest window, then the baseline right before it.
  const latest = values.slice(0, settings.windowRuns);
  const baseline = values.slice(settings.windowRuns, settings.windowRuns + settings.baselineRuns);
  const metricRule = `regression(${settings.metric})`;
  let metricVerdict: Verdict;
  if (latest.length < settings.minRuns || baseline.length < settings.minRuns) {
    metricVerdict = {
      kind: 'regression',
      rule: metricRule,
      status: 'no_data',
      observed: null,
      n: latest.length,
      details: {
        ...base,
        metric: settings.metric,
        latest_values: latest.length,
        baseline_values: baseline.length,
      },
    };
  } else {
    const comparison = compare(baseline, latest, {
      alpha: settings.alpha,
      iterations: 1_000,
      // Only throughput is better higher; every other metric is a latency or a cost.
      better: settings.metric === 'output_tokens_per_s' ? 'higher' : 'lower',
    });
    metricVerdict = {
      kind: 'regression',
      rule: metricRule,
      status: comparison.verdict === 'regressed' ? 'breached' : 'ok',
      observed: comparison.b.p50,
      n: latest.length,
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
  }

  const latestOutcomes = outcomes.slice(0, settings.windowRuns);
  const baselineOutcomes = outcomes.slice(settings.windowRuns, settings.windowRuns + settings.baselineRuns);
  const rateRule = 'regression(success_rate)';
  let rateVerdict: Verdict;
  if (latestOutcomes.length < settings.minRuns || baselineOutcomes.length < settings.minRuns) {
    rateVerdict = {
      kind: 'regression',
      rule: rateRule,
      status: 'no_data',
      observed: null,
      n: latestOutcomes.length,
      details: base,
    };
  } else {
    const successes = (list: boolean[]) => list.filter(Boolean).length;
    const rates = compareRates(
      successes(baselineOutcomes),
      baselineOutcomes.length,
      successes(latestOutcomes),
      latestOutcomes.length,
      { alpha: settings.alpha },
    );
    rateVerdict = {
      kind: 'regression',
      rule: rateRule,
      status: rates.verdict === 'regressed' ? 'breached' : 'ok',
      observed: rates.b.rate,
      n: latestOutcomes.length,
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
  }
  return [metricVerdict, rateVerdict];
}
