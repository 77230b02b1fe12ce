/**
 * What a finished benchmark amounts to (outcome and exit code), and how it is written: the
 * table (colour only on a terminal without NO_COLOR), JUnit, Markdown and the live progress.
 */
import type { Benchmark } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../src/progress.js';
import { renderJunit } from '../src/render-junit.js';
import { renderMarkdown } from '../src/render-markdown.js';
import { paintFor, renderTable } from '../src/render-table.js';
import { runResult } from '../src/run-result.js';
import { wellFormedProblems } from './well-formed-xml.js';

const distribution = {
  count: 3,
  mean: 1200,
  min: 900,
  p50: 1000,
  p90: 1400,
  p95: 1500,
  p99: 1600,
  max: 1650,
};

function benchmark(overrides: Partial<Benchmark> = {}): Benchmark {
  const rate = { estimate: 1, lower: 0.4, upper: 1, successes: 3, n: 3, confidence: 0.95 };
  return {
    id: 7,
    scenario_id: 3,
    name: null,
    settings: { iterations: 3, concurrency: 1 },
    status: 'completed',
    counts: { pending: 0, running: 0, completed: 3, failed: 0, cancelled: 0, timeout: 0 },
    progress: {
      total: 3,
      done: 3,
      fraction: 1,
      warmup: { total: 0, done: 0 },
      measured: { total: 3, done: 3 },
    },
    summary: {
      measured_runs: 3,
      outcome_runs: 3,
      completed_runs: 3,
      total_duration_ms: distribution,
      ttft_ms: { ...distribution, p50: 300 },
      itl_ms: distribution,
      latency_from_intended_ms: null,
      success_rate: { ...rate, denominator: 'runs_sent', runs_planned: 3 },
      goal_success_rate: { ...rate, evaluated_runs: 3 },
      runs_per_minute: 12,
      errors: [],
      cost_usd: null,
      cost_per_successful_run_usd: null,
      schedule: null,
      first_started_at: '2026-01-01T00:00:00.000Z',
      last_finished_at: '2026-01-01T00:00:04.000Z',
    },
    threshold_results: [
      { expression: 'p95(total_duration_ms) < 60000', observed: 1500, passed: true, n: 3 },
      { expression: 'success_rate >= 0.5 & "quoted" <x>', observed: 1, passed: true, n: 3 },
    ],
    verdict: 'passed',
    stop_reason: null,
    started_at: '2026-01-01T00:00:00.000Z',
    measurement_started_at: '2026-01-01T00:00:00.000Z',
    finished_at: '2026-01-01T00:00:04.500Z',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:04.500Z',
    ...overrides,
  };
}

const scenario = { id: 3, name: 'Cheapest | item' };
const mode = { mode: 'standalone' as const, server: null, mock_mode: true };
const failedThresholds = [
  { expression: 'p95(total_duration_ms) < 1', observed: 1500, passed: false, n: 3 },
  { expression: 'success_rate >= 0.5', observed: 1, passed: true, n: 3 },
];

describe('run result', () => {
  it('passes a completed benchmark with a passed or no_thresholds verdict', () => {
    expect(runResult(benchmark(), scenario, mode)).toMatchObject({ outcome: 'passed', exit_code: 0 });
    expect(
      runResult(benchmark({ verdict: 'no_thresholds', threshold_results: [] }), scenario, mode).exit_code,
    ).toBe(0);
  });

  it('answers 99 to a failed verdict, whatever the status', () => {
    const failed = benchmark({ verdict: 'failed', threshold_results: failedThresholds });
    expect(runResult(failed, scenario, mode)).toMatchObject({ outcome: 'threshold_failed', exit_code: 99 });
    expect(runResult({ ...failed, status: 'cancelled' }, scenario, mode).exit_code).toBe(99);
  });

  it('answers 1 to a benchmark that failed or was cancelled without a failed verdict', () => {
    for (const status of ['failed', 'cancelled'] as const) {
      const result = runResult(benchmark({ status, verdict: null, stop_reason: 'cost cap' }), scenario, mode);
      expect(result).toMatchObject({ outcome: 'not_completed', exit_code: 1 });
      const junit = renderJunit(result);
      expect(wellFormedProblems(junit)).toEqual([]);
      expect(junit).toContain(`<failure message="benchmark ${status}: cost cap" type="benchmark"/>`);
    }
  });
});

describe('renderings', () => {
  it('writes JUnit with one escaped test case per threshold', () => {
    const junit = renderJunit(
      runResult(benchmark({ verdict: 'failed', threshold_results: failedThresholds }), scenario, mode),
    );
    expect(wellFormedProblems(junit)).toEqual([]);
    expect(junit).toContain(
      '<testsuite name="tfbench: Cheapest | item" tests="2" failures="1" errors="0" time="4.500">',
    );
    expect(junit).toContain('<failure message="observed 1500 over 3 runs" type="threshold"/>');
    const escaped = renderJunit(runResult(benchmark(), scenario, mode));
    expect(wellFormedProblems(escaped)).toEqual([]);
    expect(escaped).toContain('name="success_rate &gt;= 0.5 &amp; &quot;quoted&quot; &lt;x&gt;"');
  });

  it('keeps pipes from breaking Markdown tables', () => {
    const markdown = renderMarkdown(runResult(benchmark(), scenario, mode));
    expect(markdown).toContain('### tfbench: Cheapest \\| item');
    expect(markdown).toContain('| total_duration_ms | 1,000 ms | 1,500 ms | 1,600 ms |');
    expect(markdown).toContain('| ttft_ms | 300 ms | 1,500 ms | 1,600 ms |');
    // Every row of a table has as many cell borders as its header: 4 columns, then 3.
    const borders = (line: string) => line.replace(/\\\|/g, '').split('|').length - 1;
    const rows = markdown.split('\n').filter((line) => line.startsWith('|'));
    expect(rows.map(borders)).toEqual([5, 5, 5, 5, 4, 4, 4, 4]);
  });

  it('colours the table only on a terminal without NO_COLOR', () => {
    const result = runResult(benchmark(), scenario, mode);
    const coloured = renderTable(result, paintFor({ isTTY: true }, {}));
    expect(coloured).toContain('\u001b[32mPASS\u001b[0m');
    for (const [stream, env] of [
      [{ isTTY: true }, { NO_COLOR: '1' }],
      [{ isTTY: false }, {}],
    ] as const) {
      const plain = renderTable(result, paintFor(stream, env));
      expect(plain).not.toContain('\u001b[');
      expect(plain).toContain('PASS  p95(total_duration_ms) < 60000  (observed 1500)');
    }
  });

  it('rewrites one progress line on a terminal and prints plain lines otherwise', () => {
    let tty = '';
    const live = progressReporter({ isTTY: true, write: (text: string) => (tty += text) });
    live.update(benchmark({ status: 'running' }));
    live.update(benchmark());
    live.finish();
    expect(tty.split('\r\u001b[2K')).toHaveLength(3);
    expect(tty).toMatch(/3\/3 runs · p50 1,000 ms · p95 1,500 ms · errors 0 · completed\n$/);

    let plain = '';
    let clock = 0;
    const lines = progressReporter({ isTTY: false, write: (text: string) => (plain += text) }, () => clock);
    const running = (done: number) =>
      benchmark({ status: 'running', progress: { ...benchmark().progress, done, fraction: done / 3 } });
    lines.update(running(0));
    lines.update(running(1)); // within 2 s of the last line: held back
    clock = 5_000;
    lines.update(running(2));
    lines.update(running(2)); // nothing new
    lines.update(benchmark());
    expect(plain).not.toContain('\r');
    expect(
      plain
        .trimEnd()
        .split('\n')
        .map((l) => l.match(/(\d)\/3 runs/)?.[1]),
    ).toEqual(['0', '2', '3']);
  });
});
