'use client';

import { useRouter } from 'next/navigation';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '@/lib/benchmark-trend';
import { formatDateTime, formatMs, formatPercent } from '@/lib/format';
import { CHART, seriesLine, timeAxis, tooltipValue } from './chart-theme';

type Series = { key: keyof TrendPoint; name: string; color: string; dashed?: boolean };

const LATENCY_SERIES: Series[] = [
  { key: 'p50_total', name: 'p50 total', color: CHART.series[0] },
  { key: 'p95_total', name: 'p95 total', color: CHART.series[1] },
  { key: 'p50_ttft', name: 'p50 TTFT', color: CHART.series[2], dashed: true },
  { key: 'p95_ttft', name: 'p95 TTFT', color: CHART.series[3], dashed: true },
];

const RATE_SERIES: Series[] = [{ key: 'success', name: 'success rate', color: CHART.success }];

/**
 * A scenario's benchmarks over time, one point each: latencies (`kind="latency"`) or the
 * success rate (`kind="rate"`). Every point is a link: a click opens that benchmark (the
 * table beside the chart has the same links for the keyboard).
 */
export function BenchmarkTrendChart({ points, kind }: { points: TrendPoint[]; kind: 'latency' | 'rate' }) {
  const router = useRouter();
  const series = kind === 'latency' ? LATENCY_SERIES : RATE_SERIES;
  const format = kind === 'latency' ? (v: number) => formatMs(v) : (v: number) => formatPercent(v);
  const byT = new Map(points.map((p) => [p.t, p]));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart
        data={points}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
        className="cursor-pointer"
        // A click anywhere opens the benchmark the tooltip shows: the nearest point.
        onClick={(state) => {
          const point = byT.get(Number(state?.activeLabel));
          if (point) router.push(`/benchmarks/${point.id}`);
        }}
      >
        <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis {...timeAxis(points)} padding={{ left: 12, right: 12 }} />
        <YAxis
          tickFormatter={format}
          tick={CHART.tick}
          stroke={CHART.grid}
          width={64}
          domain={kind === 'rate' ? [0, 1] : ['auto', 'auto']}
        />
        <Tooltip
          {...CHART.tooltip}
          labelFormatter={(t) => {
            const p = byT.get(Number(t));
            const what = p ? `Benchmark #${p.id}${p.name ? ` ${p.name}` : ''} · ` : '';
            return `${what}${formatDateTime(new Date(Number(t)))}`;
          }}
          formatter={tooltipValue(format)}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Line
            key={s.key}
            {...seriesLine(s)}
            connectNulls
            isAnimationActive={false}
            dot={{ r: 3.5, fill: s.color, stroke: s.color }}
            activeDot={{ r: 5 }}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export default BenchmarkTrendChart;
