// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { flagRows } from '@/components/benchmarks/benchmark-rows-card';
import { EarlyStopLine, earlyStopOf, StoppedEarlyBadge } from '@/components/benchmarks/stopped-early';
import { benchmarkOf } from './helpers/benchmark';

afterEach(cleanup);

const STOPPED = benchmarkOf({
  status: 'cancelled',
  measurement_started_at: '2026-03-01T10:00:00.000Z',
  stop_reason:
    'stopped: stop_on condition "error_rate > 0.2" held (observed 1 over 10 runs) after 10 measured runs had ended',
  settings: {
    stop_condition: {
      condition: 'error_rate > 0.2',
      observed: 1,
      n: 10,
      after_runs: 10,
      at: '2026-03-01T10:00:04.500Z',
    },
  },
});

describe('stopped-early badge', () => {
  it('names the condition that fired, and the line under the header says when', () => {
    render(
      <>
        <StoppedEarlyBadge benchmark={STOPPED} />
        <EarlyStopLine benchmark={STOPPED} />
      </>,
    );
    expect(screen.getByTestId('stopped-early-badge').textContent).toBe('Stopped early: error_rate > 0.2');
    const line = screen.getByTestId('benchmark-stop-reason').textContent ?? '';
    expect(line).toMatch(/^Stopped: stop_on condition "error_rate > 0.2" held/);
    expect(line).toMatch(
      /after 10 measured runs had ended — 4\.50 s into the measured phase, at 01 Mar 2026/,
    );
  });

  it('says a cost cap without a stored condition, and nothing for a benchmark that ran its course', () => {
    const capped = benchmarkOf({
      stop_reason: 'stopped: its runs cost $1.0000, reaching max_cost_usd of $1',
    });
    expect(earlyStopOf(capped)).toMatchObject({ label: 'cost cap reached', at: null, afterRuns: null });
    expect(earlyStopOf(benchmarkOf({}))).toBeNull();
    const { container } = render(<StoppedEarlyBadge benchmark={benchmarkOf({})} />);
    expect(container.textContent).toBe('');
  });
});

describe('per-row flags', () => {
  const row = (index: number, failed: number, p95: number | null) => ({
    row: index,
    runs: 4,
    completed: 4 - failed,
    failed,
    success_rate: (4 - failed) / 4,
    total_duration_ms_p50: p95,
    total_duration_ms_p95: p95,
  });

  it('marks failing rows, and rows whose p95 is well above the typical row', () => {
    const flags = flagRows([row(0, 0, 100), row(1, 2, 120), row(2, 0, 400), row(3, 0, 110)]);
    expect([...flags.entries()].sort()).toEqual([
      [1, 'failing'],
      [2, 'slow'],
    ]);
    expect(flagRows([row(0, 0, 900)]).size).toBe(0);
  });
});
