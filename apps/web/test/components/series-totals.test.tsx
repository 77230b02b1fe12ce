// @vitest-environment happy-dom

import { cleanup, render, screen, within } from '@testing-library/react';
import type { Benchmark } from '@tfbench/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { SeriesTotalsCard } from '@/components/benchmarks/series-totals-card';
import { headlineOf } from '@/components/benchmarks/verdict';
import { benchmarkOf } from '../helpers/benchmark';

afterEach(cleanup);

const SERIES = {
  steps: 4,
  steps_passed: 3,
  steps_failed: 1,
  runs: 40,
  completed: 36,
  failed: 2,
  timed_out: 2,
  cancelled: 0,
  cost_usd: 1.25,
  first_started_at: '2025-01-01T00:00:00Z',
  last_finished_at: '2025-01-01T00:01:30Z',
  duration_s: 90,
};

const sweep = (summary: Benchmark['summary']) =>
  benchmarkOf({ settings: { arrival: 'sweep' }, summary } as Partial<Benchmark>);

describe('a series parent', () => {
  it("shows its steps' totals", () => {
    render(
      <SeriesTotalsCard benchmark={sweep({ series: SERIES } as Benchmark['summary'])} inFlight={false} />,
    );
    const card = within(screen.getByTestId('series-totals'));
    expect(card.getByText('3 passed · 1 failed')).toBeTruthy();
    expect(card.getByText('40')).toBeTruthy();
    expect(card.getByText('90.0 % of runs with an outcome')).toBeTruthy();
    expect(card.getByText('2 timed out · 0 cancelled')).toBeTruthy();
    expect(card.getByText('$1.25')).toBeTruthy();
  });

  it('says totals come as steps finish while none has', () => {
    render(<SeriesTotalsCard benchmark={sweep(null)} inFlight />);
    expect(screen.getByText('Totals appear as steps finish')).toBeTruthy();
  });

  it("takes its headline success rate from the steps' runs", () => {
    const headline = headlineOf(sweep({ series: SERIES } as Benchmark['summary']));
    expect(headline).toMatchObject({ successRate: 0.9, runsSent: 40, droppedRuns: null });
  });
});
