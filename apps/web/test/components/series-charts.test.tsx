// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { AppRouterInstance } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SaturationCard,
  SeriesParentLine,
  SweepCurveCard,
} from '@/components/benchmarks/benchmark-series-card';
import SaturationChart from '@/components/charts/saturation-chart';
import SweepCurveChart from '@/components/charts/sweep-curve-chart';
import {
  curveRows,
  describeSaturation,
  probeRows,
  type Saturation,
  type SweepCurve,
} from '@/lib/series-chart';
import { benchmarkOf } from '../helpers/benchmark';

afterEach(cleanup);

// happy-dom measures no layout: the charts draw at a fixed size here.
const SIZE = { width: 600, height: 300 };

const percentiles = (p50: number) => ({ p50, p95: p50 * 1.5, p99: p50 * 2 });

/** Three points of a sweep, given highest rate first: the charts sort them. */
const CURVE: SweepCurve = [8, 2, 5].map((rate, i) => ({
  point: [2, 0, 1][i] as number,
  benchmark_id: [103, 101, 102][i] as number,
  offered_rate_per_s: rate,
  achieved_rate_per_s: Math.min(rate, 6.5),
  ttft_ms: percentiles(rate * 40),
  total_duration_ms: percentiles(rate * 200),
  itl_ms: percentiles(rate * 3),
  error_rate: rate > 6 ? 0.1 : 0,
  attainment: {
    estimate: rate > 6 ? 0.6 : 0.98,
    lower: rate > 6 ? 0.45 : 0.9,
    upper: rate > 6 ? 0.73 : 1,
    successes: 10,
    n: 12,
    confidence: 0.95,
  },
  goodput_per_s: rate * 0.9,
}));

const SATURATION: Saturation = {
  over: 'rate',
  target_attainment: 0.95,
  value: 4,
  ci: [4, 8],
  probes: [
    { value: 1, attainment: 1, verdict: 'pass' as const, ids: [201] },
    { value: 2, attainment: 0.99, verdict: 'pass' as const, ids: [202] },
    { value: 4, attainment: 0.97, verdict: 'pass' as const, ids: [203, 205] },
    { value: 8, attainment: 0.6, verdict: 'fail' as const, ids: [204] },
    { value: 16, attainment: null, verdict: 'undecided' as const, ids: [206] },
  ].map((p) => ({
    value: p.value,
    runs: p.attainment === null ? 0 : 40,
    good: p.attainment === null ? 0 : Math.round(p.attainment * 40),
    attainment: p.attainment,
    ci: [Math.max(0, (p.attainment ?? 0) - 0.04), Math.min(1, (p.attainment ?? 1) + 0.02)] as [
      number,
      number,
    ],
    verdict: p.verdict,
    decided_by: 'interval' as const,
    benchmark_ids: p.ids,
  })),
  ended: 'converged',
};

function withRouter(children: ReactNode) {
  const pushed: string[] = [];
  const router = {
    push: (href: string) => pushed.push(href),
    prefetch: () => undefined,
  } as unknown as AppRouterInstance;
  render(<AppRouterContext.Provider value={router}>{children}</AppRouterContext.Provider>);
  return pushed;
}

describe('series chart rows', () => {
  it('orders the curve by offered rate and reads the chosen latency', () => {
    const rows = curveRows(CURVE, 'ttft');
    expect(rows.map((r) => [r.offered, r.benchmarkId, r.p95])).toEqual([
      [2, 101, 120],
      [5, 102, 300],
      [8, 103, 480],
    ]);
    expect(curveRows(CURVE, 'total')[2]).toMatchObject({
      p50: 1600,
      achieved: 6.5,
      attainmentBand: [0.45, 0.73],
    });
  });

  it('draws the probes with an outcome, their intervals as distances, the last step to open', () => {
    const rows = probeRows(SATURATION);
    expect(rows.map((r) => r.value)).toEqual([1, 2, 4, 8]);
    expect(rows[2]).toMatchObject({ verdict: 'pass', benchmarkId: 205 });
    expect(rows[3]?.interval[0]).toBeCloseTo(0.04, 9);
    expect(rows[3]?.interval[1]).toBeCloseTo(0.02, 9);
    expect(describeSaturation(SATURATION)).toBe(
      'Saturation: 4 runs/s kept 95 % SLO attainment; the knee lies between 4 and 8 runs/s.',
    );
    expect(describeSaturation({ ...SATURATION, value: null, ci: [null, 1] })).toBe(
      'No load probed kept 95 % SLO attainment.',
    );
  });
});

describe('SweepCurveChart', () => {
  it('draws p50, p95 and p99 against the offered rate, one dot per point', () => {
    const { container } = render(
      <SweepCurveChart rows={curveRows(CURVE, 'ttft')} view="latency" size={SIZE} />,
    );
    expect(container.querySelectorAll('.recharts-line-curve')).toHaveLength(3);
    expect(container.querySelectorAll('circle.recharts-dot')).toHaveLength(9);
    expect(container.textContent).toContain('offered rate (runs/s)');
    expect(screen.getByText('p99')).toBeTruthy();
  });

  it('draws achieved against offered with the diagonal, and attainment with its band', () => {
    const { container, rerender } = render(
      <SweepCurveChart rows={curveRows(CURVE, 'ttft')} view="throughput" size={SIZE} />,
    );
    expect(container.textContent).toContain('achieved = offered');
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(1);
    rerender(<SweepCurveChart rows={curveRows(CURVE, 'ttft')} view="quality" size={SIZE} />);
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(container.querySelector('.recharts-area')).not.toBeNull();
    expect(container.textContent).toContain('SLO attainment');
  });
});

describe('SaturationChart', () => {
  it('draws each probe with its interval, the target line, and the knee with its bracket', () => {
    const { container } = render(
      <SaturationChart saturation={SATURATION} rows={probeRows(SATURATION)} size={SIZE} />,
    );
    expect(container.querySelectorAll('.recharts-scatter-symbol')).toHaveLength(4);
    expect(container.querySelectorAll('.recharts-errorBar')).toHaveLength(4);
    expect(container.textContent).toContain('target 95%');
    expect(container.textContent).toContain('knee 4');
    expect(container.textContent).toContain('knee bracket');
    expect(container.querySelector('.recharts-reference-area')).not.toBeNull();
  });
});

describe('series cards', () => {
  it("lists a sweep's points with links to their step benchmarks, and switches the latency metric", () => {
    withRouter(
      <SweepCurveCard
        inFlight={false}
        curve={CURVE}
        sweep={{
          points: 3,
          duration_s_per_point: 10,
          min_rate_per_s: 2,
          max_rate_per_s: 8,
          synchronous_benchmark_id: 99,
          throughput_benchmark_id: 100,
          points_finished: 3,
        }}
      />,
    );
    const card = screen.getByTestId('sweep-card');
    expect(within(card).getByTestId('sweep-line').textContent).toBe(
      '3 of 3 points finished (10 s each). Synchronous probe #99: 2 runs/s; throughput probe #100: 8 runs/s.',
    );
    const links = within(screen.getByTestId('sweep-steps')).getAllByTestId('series-step-link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/benchmarks/101',
      '/benchmarks/102',
      '/benchmarks/103',
    ]);
    expect(within(card).getByText('Time to first token p50 / p95 / p99')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Total duration' }));
    expect(within(card).getByText('Total duration p50 / p95 / p99')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Total duration' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('says why a sweep has no curve yet', () => {
    withRouter(<SweepCurveCard inFlight curve={[]} sweep={undefined} />);
    expect(screen.getAllByText('No point has finished yet')).toHaveLength(3);
  });

  it("states a search's result and lists every probe with its step benchmarks", () => {
    withRouter(<SaturationCard saturation={SATURATION} inFlight={false} />);
    expect(screen.getByTestId('saturation-line').textContent).toBe(
      'Saturation: 4 runs/s kept 95 % SLO attainment; the knee lies between 4 and 8 runs/s. Ended: converged.',
    );
    const table = screen.getByTestId('search-probes');
    expect(
      within(table)
        .getAllByTestId('series-step-link')
        .map((a) => a.textContent),
    ).toEqual(['#201', '#202', '#203', '#205', '#204']);
  });

  it('links a step benchmark back to its series', () => {
    withRouter(
      <SeriesParentLine
        benchmark={benchmarkOf({
          settings: { series_of: 30, series_step: { kind: 'point', index: 3, point: 1 } },
        })}
      />,
    );
    const line = screen.getByTestId('series-parent');
    expect(line.textContent).toBe('point 2 of series #30');
    expect(within(line).getByRole('link').getAttribute('href')).toBe('/benchmarks/30');
  });
});
