/**
 * A benchmark report as the HTML renderer receives it, built in memory: 120 runs over a minute
 * (a few failed), thresholds one of which failed, token figures, and names and error messages
 * carrying markup, as a hostile or careless user would write them.
 */
import type { BenchmarkReportHead, HtmlReportInput, ReportPoint } from '../src/reporting/index.js';

export const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

const distribution = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] as number;
  return {
    count: sorted.length,
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    min: sorted[0] as number,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.at(-1) as number,
  };
};

export function reportInput(overrides: { withTokens?: boolean; runs?: number } = {}): HtmlReportInput {
  const origin = Date.parse('2026-12-04T10:00:00Z');
  const n = overrides.runs ?? 120;
  const points: ReportPoint[] = Array.from({ length: n }, (_, i) => {
    const failed = i % 17 === 5;
    const total = 800 + ((i * 37) % 400) + (i % 23 === 0 ? 1_500 : 0);
    return {
      startMs: origin + i * 500,
      endMs: origin + i * 500 + total,
      status: failed ? 'failed' : 'completed',
      totalMs: total,
      ttftMs: 120 + ((i * 13) % 90),
      errorCode: failed ? (i % 2 === 0 ? 'UPSTREAM_5XX' : 'TIMEOUT') : null,
    };
  });
  const completed = points.filter((p) => p.status === 'completed');
  const totals = completed.map((p) => p.totalMs as number);
  const tokens = distribution(completed.map((_, i) => 100 + (i % 40)));
  const summary = {
    measured_runs: n,
    outcome_runs: n,
    completed_runs: completed.length,
    total_duration_ms: distribution(totals),
    ttft_ms: distribution(completed.map((p) => p.ttftMs as number)),
    itl_ms: distribution(completed.map((_, i) => 20 + (i % 7))),
    latency_from_intended_ms: null,
    success_rate: {
      estimate: completed.length / n,
      lower: 0.88,
      upper: 0.97,
      successes: completed.length,
      n,
      confidence: 0.95 as const,
      denominator: 'runs_sent' as const,
      runs_planned: n,
    },
    goal_success_rate: {
      estimate: 0,
      lower: 0,
      upper: 1,
      successes: 0,
      n,
      confidence: 0.95 as const,
      evaluated_runs: 0,
    },
    runs_per_minute: 118.5,
    errors: [
      { error_code: 'UPSTREAM_5XX', count: 4 },
      { error_code: 'TIMEOUT', count: 3 },
    ],
    cost_usd: null,
    cost_per_successful_run_usd: null,
    schedule: null,
    first_started_at: new Date(origin).toISOString(),
    last_finished_at: new Date(origin + n * 500 + 2_000).toISOString(),
    tokens: overrides.withTokens
      ? {
          runs: completed.length,
          output_tokens_total: 13_000,
          output_tokens_per_s: 212.4,
          requests_per_s: 1.9,
          tpot_ms: distribution(completed.map((_, i) => 8 + (i % 5))),
          output_tokens_per_s_per_request: distribution(completed.map((_, i) => 90 + (i % 30))),
          output_tokens: tokens,
          input_tokens: tokens,
          time_to_first_answer_token_ms: distribution(completed.map((_, i) => 150 + (i % 50))),
        }
      : null,
  };
  const head = {
    report_version: 1,
    generated_at: new Date('2026-12-04T10:05:00Z'),
    benchmark: {
      id: 42,
      scenario_id: 3,
      name: `nightly ${HOSTILE}`,
      status: 'completed',
      settings: {
        iterations: n,
        concurrency: 5,
        arrival: 'closed',
        rate_per_s: null,
        warmup_runs: 2,
        thresholds: ['p95(total_duration_ms) < 2000', 'success_rate >= 0.99'],
        timeout_s: 60,
        repeats: 1,
      },
      started_at: new Date(origin - 1_000),
      finished_at: new Date(origin + n * 500 + 2_500),
      created_at: new Date(origin - 2_000),
      stop_reason: null,
    },
    scenario: { id: 3, name: `Checkout ${HOSTILE}`, automation_id: 1, thresholds: [] },
    summary,
    thresholds: [
      {
        expression: 'p95(total_duration_ms) < 2000',
        observed: summary.total_duration_ms.p95,
        passed: true,
        n: completed.length,
      },
      { expression: 'success_rate >= 0.99', observed: completed.length / n, passed: false, n },
    ],
    headline: {
      verdict: 'failed',
      success_rate: completed.length / n,
      runs_sent: n,
      runs_planned: n,
      dropped_runs: null,
      schedule_lag_p99_ms: null,
    },
  } as unknown as BenchmarkReportHead;
  return {
    head,
    runs: {
      points,
      errorSamples: {
        UPSTREAM_5XX: `HTTP 502 from https://upstream.example/v1: ${HOSTILE}`,
        TIMEOUT: 'no answer in 60 s',
      },
      warmupRuns: 2,
    },
    environment: {
      tfbench_version: '0.1.0',
      mode: 'mock',
      provider: 'openai',
      database: 'pglite',
      automation: { id: 1, name: `Shop ${HOSTILE}` },
    },
  };
}
