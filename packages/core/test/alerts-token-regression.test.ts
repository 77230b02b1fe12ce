/**
 * Regression alerts on token figures: a drop in output tokens/s is a regression (higher is
 * better), a rise in TPOT is one (lower is better), and runs without token metrics give no
 * values.
 */
import { expect, it } from 'vitest';
import type { WindowRun } from '../src/alerts/evaluation-types.js';
import { regressionVerdicts } from '../src/alerts/regression-verdicts.js';
import type { RegressionSettings } from '../src/alerts/settings.js';

function run(tpot: number | null): WindowRun {
  return {
    status: 'completed',
    total_duration_ms: 1_000,
    ttft_ms: 100,
    time_to_started_ms: null,
    steps: null,
    cost_usd: null,
    queue_wait_ms: null,
    inter_token_stats: null,
    token_metrics:
      tpot === null
        ? null
        : {
            input_tokens: 10,
            output_tokens: 100,
            reasoning_tokens: null,
            output_tokens_source: 'usage',
            time_to_first_answer_token_ms: 100,
            tpot_ms: tpot,
            output_tokens_per_s: 1_000 / tpot,
            chunks: 100,
            max_tokens_per_chunk: null,
            finish_reason: 'stop',
          },
    assertions_passed: null,
    created_at: new Date(0),
  };
}

const settings = (metric: RegressionSettings['metric']): RegressionSettings => ({
  metric,
  windowRuns: 30,
  baselineRuns: 100,
  alpha: 0.01,
  minRuns: 20,
});

/** Newest first: 30 slow runs (TPOT ~40 ms) after 100 fast ones (~20 ms). */
const slower = [
  ...Array.from({ length: 30 }, (_, i) => run(40 + (i % 5))),
  ...Array.from({ length: 100 }, (_, i) => run(20 + (i % 5))),
];

it('flags a TPOT rise and an output tokens/s drop as regressions', () => {
  for (const metric of ['tpot_ms', 'output_tokens_per_s'] as const) {
    const [verdict] = regressionVerdicts(settings(metric), slower);
    expect(verdict, metric).toMatchObject({ rule: `regression(${metric})`, status: 'breached' });
  }
});

it('does not flag faster streams, and has no data without token metrics', () => {
  const faster = [...slower.slice(30, 60), ...slower.slice(0, 30), ...slower.slice(60)];
  expect(regressionVerdicts(settings('output_tokens_per_s'), faster)[0]?.status).toBe('ok');
  const tinyfish = Array.from({ length: 130 }, () => run(null));
  expect(regressionVerdicts(settings('tpot_ms'), tinyfish)[0]?.status).toBe('no_data');
});
