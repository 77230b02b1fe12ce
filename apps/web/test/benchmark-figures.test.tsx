// @vitest-environment happy-dom
/**
 * What the benchmark pages and the runs list say about how a benchmark went: the verdict badge
 * (green only for passed), the success rate with its denominator, dropped runs and schedule lag
 * as headline figures on the page and in the list, progress counted over the measured runs
 * (warm-ups apart), and a scheduled run's benchmark named as a benchmark.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import type { BenchmarkSummary, Run } from '@tfbench/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { Headline } from '@/components/benchmarks/benchmark-settings';
import { progressOf } from '@/components/benchmarks/progress';
import { ProgressBar } from '@/components/benchmarks/progress-bar';
import { DroppedAndLag, VerdictBadge } from '@/components/benchmarks/verdict';
import { RunsTable } from '@/components/runs/runs-table';
import { benchmarkOf } from './helpers/benchmark';

afterEach(cleanup);

const figures = (p99: number | null) => ({
  count: p99 === null ? 0 : 10,
  mean: p99,
  min: p99,
  p50: p99,
  p90: p99,
  p95: p99,
  p99,
  max: p99,
});
const rate = { lower: 0, upper: 1, confidence: 0.95 };

/** A finished open-arrival benchmark's summary: `sent` of `planned` runs went out, all succeeded. */
const openSummary = (sent: number, planned: number, lagP99Ms: number): BenchmarkSummary => ({
  measured_runs: planned,
  outcome_runs: sent,
  completed_runs: sent,
  total_duration_ms: figures(130),
  ttft_ms: figures(40),
  itl_ms: figures(null),
  latency_from_intended_ms: figures(140),
  success_rate: {
    ...rate,
    estimate: 1,
    successes: sent,
    n: sent,
    denominator: 'runs_sent',
    runs_planned: planned,
  },
  goal_success_rate: { ...rate, estimate: null, successes: 0, n: 0, evaluated_runs: 0 },
  runs_per_minute: null,
  errors: [],
  cost_usd: null,
  cost_per_successful_run_usd: null,
  schedule: { lag_ms: figures(lagP99Ms), dropped_runs: planned - sent },
  first_started_at: null,
  last_finished_at: null,
});

describe('the verdict badge', () => {
  it('says passed, failed or no thresholds, and nothing before the benchmark ends', () => {
    for (const verdict of ['passed', 'failed', 'no_thresholds'] as const) {
      render(<VerdictBadge benchmark={benchmarkOf({ verdict })} />);
      const badge = screen.getByTestId('benchmark-verdict');
      expect(badge.dataset.verdict).toBe(verdict);
      expect(badge.textContent).toBe(verdict === 'no_thresholds' ? 'no thresholds' : verdict);
      cleanup();
    }
    const { container } = render(<VerdictBadge benchmark={benchmarkOf({ status: 'running' })} />);
    expect(container.textContent).toBe('');
  });
});

describe('the benchmark headline', () => {
  it('shows a dropping benchmark as failed, with its drops, its lag p99 and what the rate is over', () => {
    const dropping = benchmarkOf({
      settings: { arrival: 'constant', rate_per_s: 60, concurrency: 200 },
      verdict: 'failed',
      summary: openSummary(248, 600, 4_950),
    });
    render(<Headline benchmark={dropping} inFlight={false} />);
    const headline = within(screen.getByTestId('benchmark-headline'));
    expect(headline.getByTestId('benchmark-verdict').dataset.verdict).toBe('failed');
    // 100% success, but of the runs sent, and the drops beside it.
    expect(headline.getByText('100%')).toBeTruthy();
    expect(headline.getByTestId('benchmark-success-denominator').textContent).toBe(
      'of 248 runs sent · 600 planned',
    );
    expect(headline.getByTestId('benchmark-dropped-runs').textContent).toBe('352');
    expect(headline.getByText(/never sent/)).toBeTruthy();
    expect(headline.getByTestId('benchmark-lag-p99').textContent).toBe('4.95 s');
  });

  it('says a closed-arrival benchmark has no drops or lag to show, and a running one has no verdict yet', () => {
    render(<Headline benchmark={benchmarkOf({ status: 'running' })} inFlight />);
    const headline = within(screen.getByTestId('benchmark-headline'));
    expect(headline.queryByTestId('benchmark-verdict')).toBeNull();
    expect(headline.getByText('when it ends')).toBeTruthy();
    expect(headline.getByTestId('benchmark-dropped-runs').textContent).toBe('none (closed arrival)');
    expect(headline.getByTestId('benchmark-lag-p99').textContent).toBe('none (closed arrival)');
  });
});

describe("a benchmarks list row's drops and lag", () => {
  it('shows the dropped runs and the lag p99 of an open-arrival benchmark, and says closed arrival has none', () => {
    const dropping = benchmarkOf({
      settings: { arrival: 'poisson', rate_per_s: 10, concurrency: 2 },
      summary: openSummary(4, 20, 172.4),
    });
    const { container } = render(<DroppedAndLag benchmark={dropping} />);
    expect(container.textContent).toBe('16 · 172 ms');
    expect(container.querySelector('.text-destructive')?.textContent).toBe('16');
    cleanup();
    expect(render(<DroppedAndLag benchmark={benchmarkOf({})} />).container.textContent).toBe(
      'closed arrival',
    );
  });
});

describe('benchmark progress', () => {
  it('counts the measured runs against the measured total, with the warm-ups apart', () => {
    const b = benchmarkOf({
      counts: { pending: 0, running: 0, completed: 32, failed: 0, cancelled: 0, timeout: 0 },
      progress: {
        total: 32,
        done: 32,
        fraction: 1,
        warmup: { total: 2, done: 2 },
        measured: { total: 30, done: 30 },
      },
    });
    render(<ProgressBar progress={progressOf(b)} />);
    const bar = screen.getByRole('progressbar', { name: 'Measured runs finished' });
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]).toEqual(['30', '30']);
    const text = bar.parentElement?.textContent ?? '';
    expect(text).toMatch(/^30 of 30 measured runs finished \(100%\)/);
    expect(screen.getByTestId('benchmark-warmup-progress').textContent).toBe(' · warm-up 2 of 2');
    expect(text).not.toMatch(/32 of 32/);
  });
});

describe('the runs table', () => {
  it("names a scheduled run's benchmark as a benchmark, not as a numbered schedule", () => {
    const scheduled = {
      id: 91,
      scenario_id: 1,
      benchmark_id: 4,
      trigger: 'schedule',
      status: 'completed',
      total_duration_ms: 120,
      ttft_ms: 30,
      steps: 2,
      cost_usd: 0.01,
      error: null,
      error_code: null,
      created_at: '2026-01-01T00:00:00Z',
    } as unknown as Run;
    render(<RunsTable runs={[scheduled]} />);
    const link = screen.getByRole('link', { name: 'benchmark #4' });
    expect(link.getAttribute('href')).toBe('/benchmarks/4');
    expect(screen.getByTestId('runs-table').textContent).toMatch(/schedule\s*benchmark #4/);
  });
});
